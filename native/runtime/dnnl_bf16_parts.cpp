#include "runtime/dnnl_bf16_parts.h"

#include <vector>

#include "runtime/bf16_split.h"

namespace aotc::runtime {

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
  Dims tripled = sizes;
  tripled[reduced] *= 3;
  return denseStridesLike(tripled, strides);
}

PreparedWeights splitWeights(const void* data, const dnnl::memory::dims& dims, size_t reduced,
                             const dnnl::memory::desc& wanted) {
  const Dims sizes(dims.data(), dims.size());
  const dnnl::memory::dims plain = denseStrides(dims);
  const Dims partStrides = tripledRowMajor(sizes, reduced);
  size_t count = 1;
  for (int64_t size : dims) count *= static_cast<size_t>(size);
  std::vector<uint16_t> parts(3 * count);
  splitOperand(static_cast<const float*>(data), sizes, Dims(plain.data(), plain.size()), reduced,
               parts.data(), partStrides, SplitOrder::kHighLowHigh);
  dnnl::memory::dims partDims = dims;
  partDims[reduced] *= 3;
  return reorderedCopy(
      dnnl::memory::desc(partDims, dnnl::memory::data_type::bf16, partStrides.toDnnl()),
      parts.data(), wanted);
}

}  // namespace aotc::runtime
