#include "runtime/topk.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <ATen/Parallel.h>
#include <c10/core/ScalarType.h>

#include "runtime/external_call_error.h"

namespace aotc::runtime {
namespace {

struct RowLayout {
  int64_t rows = 1;           // the product of the sizes of the dims other than `dim`
  int64_t length = 0;         // the input's size along `dim`
  int64_t inputStride = 0;    // along `dim`
  int64_t outputStride = 0;
  std::vector<int64_t> outer;               // sizes of the other dims
  std::vector<int64_t> inputOuterStrides;   // their strides in the input
  std::vector<int64_t> outputOuterStrides;  // and in the output
};

RowLayout rowLayout(int64_t rank, const int64_t* outDims, const int64_t* outStrides,
                    const int64_t* inDims, const int64_t* inStrides, int64_t dim) {
  RowLayout layout;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == dim) {
      layout.length = inDims[d];
      layout.inputStride = inStrides[d];
      layout.outputStride = outStrides[d];
      continue;
    }
    if (outDims[d] != inDims[d]) throw std::runtime_error("output and input sizes differ");
    layout.outer.push_back(inDims[d]);
    layout.inputOuterStrides.push_back(inStrides[d]);
    layout.outputOuterStrides.push_back(outStrides[d]);
    layout.rows *= inDims[d];
  }
  return layout;
}

template <class T>
bool isNan(T value) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(value);
  return false;
}

template <class T>
void topkRows(const T* input, int64_t* output, const RowLayout& layout, int64_t k, bool largest) {
  // Orders positions: NaN above every number, then by value, ties by position.
  auto before = [largest](T a, int64_t i, T b, int64_t j) {
    const bool aNan = isNan(a), bNan = isNan(b);
    if (aNan != bNan) return largest ? aNan : bNan;
    if (!aNan && a != b) return largest ? a > b : a < b;
    return i < j;
  };
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(layout.length, 1));
  at::parallel_for(0, layout.rows, grain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> positions(static_cast<size_t>(layout.length));
    std::vector<T> values(static_cast<size_t>(layout.length));
    for (int64_t row = begin; row < end; ++row) {
      int64_t in = 0, out = 0, rest = row;
      for (size_t d = layout.outer.size(); d-- > 0;) {
        const int64_t at = rest % layout.outer[d];
        rest /= layout.outer[d];
        in += at * layout.inputOuterStrides[d];
        out += at * layout.outputOuterStrides[d];
      }
      for (int64_t i = 0; i < layout.length; ++i) values[i] = input[in + i * layout.inputStride];
      std::iota(positions.begin(), positions.end(), int64_t{0});
      std::partial_sort(positions.begin(), positions.begin() + k, positions.end(),
                        [&](int64_t i, int64_t j) { return before(values[i], i, values[j], j); });
      for (int64_t i = 0; i < k; ++i) output[out + i * layout.outputStride] = positions[i];
    }
  });
}

void topkIndices(int64_t bufs_num, void** buf_data, const int64_t* buf_ranks,
                 const int64_t* buf_dims, const int64_t* buf_strides, const int8_t* buf_dtypes,
                 int64_t args_num, const int64_t* extra_args) {
  if (bufs_num != 2 || args_num != kTopkArgCount || buf_ranks[0] != buf_ranks[1]) {
    throw std::runtime_error("called with " + std::to_string(bufs_num) + " buffers and " +
                             std::to_string(args_num) + " arguments");
  }
  if (static_cast<c10::ScalarType>(buf_dtypes[0]) != c10::ScalarType::Long) {
    throw std::runtime_error("the indices must be int64");
  }
  const int64_t rank = buf_ranks[0];
  const int64_t k = extra_args[kTopkK];
  const int64_t dim = extra_args[kTopkDim];
  const bool largest = extra_args[kTopkLargest] != 0;
  if (dim < 0 || dim >= std::max<int64_t>(rank, 1)) throw std::runtime_error("dim out of range");
  RowLayout layout;
  if (rank == 0) {
    layout.length = 1;
  } else {
    layout = rowLayout(rank, buf_dims, buf_strides, buf_dims + rank, buf_strides + rank, dim);
    if (buf_dims[dim] != k) throw std::runtime_error("the output's size along dim is not k");
  }
  if (k < 0 || k > layout.length) {
    throw std::runtime_error("k (" + std::to_string(k) + ") is out of range for a dimension of size " +
                             std::to_string(layout.length));
  }
  if (k == 0 || layout.rows == 0) return;
  auto* output = static_cast<int64_t*>(buf_data[0]);
  switch (static_cast<c10::ScalarType>(buf_dtypes[1])) {
    case c10::ScalarType::Float:
      return topkRows(static_cast<const float*>(buf_data[1]), output, layout, k, largest);
    case c10::ScalarType::Double:
      return topkRows(static_cast<const double*>(buf_data[1]), output, layout, k, largest);
    case c10::ScalarType::Int:
      return topkRows(static_cast<const int32_t*>(buf_data[1]), output, layout, k, largest);
    case c10::ScalarType::Long:
      return topkRows(static_cast<const int64_t*>(buf_data[1]), output, layout, k, largest);
    default:
      throw std::runtime_error(std::string("inputs of type ") +
                               c10::toString(static_cast<c10::ScalarType>(buf_dtypes[1])) +
                               " are not supported");
  }
}

}  // namespace
}  // namespace aotc::runtime

// No exception may cross the generated kernel that calls this (see external_call_error.h).
extern "C" void aotc_topk_indices(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                  int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                  int64_t args_num, int64_t* extra_args) {
  aotc::runtime::runWithoutThrowing("aten::topk", [&] {
    aotc::runtime::topkIndices(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                               args_num, extra_args);
  });
}
