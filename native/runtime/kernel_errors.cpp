#include "runtime/kernel_errors.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <c10/core/ScalarType.h>

#include "runtime/external_call_error.h"

extern "C" void aotc_integer_division_by_zero() {
  aotc::runtime::recordExternalCallError(
      "integer division by zero (ZeroDivisionError in TorchScript)");
}

namespace aotc::runtime {
namespace {

// The first value outside [0, size) of a tensor of `rank` dims, walked by its strides.
template <class Index>
bool findOutOfRange(const Index* data, int64_t rank, const int64_t* dims, const int64_t* strides,
                    int64_t size, int64_t& found) {
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) count *= dims[d];
  if (count == 0) return false;
  const bool contiguous = [&] {
    int64_t expected = 1;
    for (int64_t d = rank; d-- > 0;) {
      if (dims[d] != 1 && strides[d] != expected) return false;
      expected *= dims[d];
    }
    return true;
  }();
  auto outside = [size](int64_t value) { return value < 0 || value >= size; };
  if (contiguous) {
    // Branch-free over a block, so the common (valid) case is one vectorised pass.
    constexpr int64_t kBlock = 256;
    for (int64_t start = 0; start < count; start += kBlock) {
      const int64_t end = std::min(count, start + kBlock);
      bool any = false;
      for (int64_t i = start; i < end; ++i) any |= outside(static_cast<int64_t>(data[i]));
      if (!any) continue;
      for (int64_t i = start; i < end; ++i) {
        if (outside(static_cast<int64_t>(data[i]))) {
          found = static_cast<int64_t>(data[i]);
          return true;
        }
      }
    }
    return false;
  }
  std::vector<int64_t> position(static_cast<size_t>(rank), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d) offset += position[d] * strides[d];
    if (outside(static_cast<int64_t>(data[offset]))) {
      found = static_cast<int64_t>(data[offset]);
      return true;
    }
    for (int64_t d = rank; d-- > 0;) {
      if (++position[d] < dims[d]) break;
      position[d] = 0;
    }
  }
  return false;
}

// The op's own error, as PyTorch words it, with where the index came from.
std::string outOfRangeMessage(IndexedOp op, int64_t value, int64_t size, int64_t dim) {
  const std::string where = "index " + std::to_string(value) + " is out of range for dimension " +
                            std::to_string(dim) + " with size " + std::to_string(size);
  switch (op) {
    case IndexedOp::Embedding:
      return "aten::embedding: " + where + " (the table's rows; PyTorch: IndexError: index out of range in self)";
    case IndexedOp::IndexSelect:
      return "aten::index_select: " + where + " (PyTorch: IndexError: index out of range in self)";
    case IndexedOp::Gather:
      return "aten::gather: " + where + " (PyTorch: RuntimeError: index " +
             std::to_string(value) + " is out of bounds for dimension " + std::to_string(dim) +
             " with size " + std::to_string(size) + ")";
  }
  return where;
}

void checkIndices(int64_t bufs_num, void** buf_data, const int64_t* buf_ranks,
                  const int64_t* buf_dims, const int64_t* buf_strides, const int8_t* buf_dtypes,
                  int64_t args_num, const int64_t* extra_args) {
  if (bufs_num != 2 || args_num != kIndexCheckArgCount) {
    throw std::runtime_error("called with " + std::to_string(bufs_num) + " buffers and " +
                             std::to_string(args_num) + " arguments (expected 2 and " +
                             std::to_string(kIndexCheckArgCount) + ")");
  }
  const int64_t rank = buf_ranks[1];
  const int64_t* dims = buf_dims + buf_ranks[0];  // buffer 0's dims come first
  const int64_t* strides = buf_strides + buf_ranks[0];
  const int64_t size = extra_args[kIndexCheckSize];
  const auto op = static_cast<IndexedOp>(extra_args[kIndexCheckOp]);
  int64_t value = 0;
  bool outside = false;
  switch (static_cast<c10::ScalarType>(buf_dtypes[1])) {
    case c10::ScalarType::Long:
      outside = findOutOfRange(static_cast<const int64_t*>(buf_data[1]), rank, dims, strides, size, value);
      break;
    case c10::ScalarType::Int:
      outside = findOutOfRange(static_cast<const int32_t*>(buf_data[1]), rank, dims, strides, size, value);
      break;
    default:
      throw std::runtime_error("indices of type " +
                               std::string(c10::toString(static_cast<c10::ScalarType>(buf_dtypes[1]))) +
                               " (int32 or int64 expected)");
  }
  if (outside) {
    recordExternalCallError(outOfRangeMessage(op, value, size, extra_args[kIndexCheckDim]));
  }
}

}  // namespace
}  // namespace aotc::runtime

// No exception may cross the generated kernel that calls this (see external_call_error.h).
extern "C" void aotc_check_indices(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                   int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                   int64_t args_num, int64_t* extra_args) {
  aotc::runtime::runWithoutThrowing("index check", [&] {
    aotc::runtime::checkIndices(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                                args_num, extra_args);
  });
}
