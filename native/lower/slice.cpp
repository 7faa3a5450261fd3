// aten::slice (from chunks of unequal size, and models that slice): an index remap in TE,
// out[..., i, ...] = x[..., start + i * step, ...], with Python's start normalisation.
#include <optional>

#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerSlice) {
  const char* op = "aten::slice";
  auto x = bufArg(args, 0, op);
  int64_t rank = static_cast<int64_t>(x.ndim());
  int64_t dim = intArg(args, 1, op);
  if (dim < 0) dim += rank;
  if (dim < 0 || dim >= rank) throw std::runtime_error("aten::slice: dim out of range");
  int64_t start = isNoneArg(args, 2) ? 0 : intArg(args, 2, op);
  // A start counted from the end needs the size; one from the front does not (x[:, 0] keeps a
  // dynamic batch): past a dynamic end, the output's own size is 0.
  std::optional<int64_t> size = knownDim(x.dim(dim));
  if (start < 0) size = staticDim(x.dim(dim), op);
  if (size) {
    if (start < 0) start += *size;
    start = std::min(std::max<int64_t>(start, 0), *size);
  }
  int64_t step = isNoneArg(args, 4) ? 1 : intArg(args, 4, op);
  if (step <= 0) throw std::runtime_error("aten::slice: step must be positive");
  return te::Compute("aotc_slice", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index(v.begin(), v.end());
    index[dim] = te::ExprHandle(start) + index[dim] * step;
    return x.load(index);
  });
}

}  // namespace aotc::lower
