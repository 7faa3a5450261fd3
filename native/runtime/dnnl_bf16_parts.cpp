#include "runtime/dnnl_bf16_parts.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "runtime/bf16_split.h"

namespace aotc::runtime {
namespace {

// Dense strides for `sizes`, dimensions laid out innermost first in `innermostFirst`.
Dims denseStridesInOrder(const Dims& sizes, const std::vector<size_t>& innermostFirst) {
  Dims strides = sizes;
  int64_t stride = 1;
  for (size_t d : innermostFirst) {
    strides[d] = stride;
    stride *= sizes[d];
  }
  return strides;
}

Dims tripled(Dims sizes, size_t reduced) {
  sizes[reduced] *= 3;
  return sizes;
}

}  // namespace

bool splitPartsPay(int64_t rows, int64_t columns) {
  constexpr int64_t kMinRows = 32, kMinColumns = 16;  // an AMX tile holds 16 x 16 sums
  return rows >= kMinRows && columns >= kMinColumns;
}

Dims tripledRowMajor(const Dims& sizes, size_t reduced) {
  // Called on every run of a linear layer: no allocation.
  Dims strides = sizes;
  int64_t stride = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= d == reduced ? 3 * sizes[d] : sizes[d];
  }
  return strides;
}

Dims tripledLike(const Dims& sizes, const Dims& strides, size_t reduced) {
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Innermost first: smaller stride, and for equal strides (size-1 dimensions) the later one.
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return strides[x] != strides[y] ? strides[x] < strides[y] : x > y;
  });
  return denseStridesInOrder(tripled(sizes, reduced), order);
}

PreparedWeights splitWeights(const void* data, const dnnl::memory::dims& dims, size_t reduced,
                             const dnnl::memory::desc& wanted) {
  const Dims sizes(dims.data(), dims.size());
  const Dims strides = tripledRowMajor(sizes, reduced);
  const Dims plainStrides = tripledRowMajor(sizes, sizes.size());  // no dimension tripled
  int64_t count = 1;
  for (int64_t size : sizes) count *= size;
  std::vector<uint16_t> parts(static_cast<size_t>(count) * 3);
  splitOperand(static_cast<const float*>(data), sizes, plainStrides, reduced, parts.data(),
               strides, SplitOrder::kHighLowHigh);
  dnnl::memory::dims partDims = dims;
  partDims[reduced] *= 3;
  return reorderedCopy(
      dnnl::memory::desc(partDims, dnnl::memory::data_type::bf16, strides.toDnnl()),
      parts.data(), wanted);
}

}  // namespace aotc::runtime
