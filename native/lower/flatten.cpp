// aten::flatten as a TE index remap. NNC 1.13's own lowering crashes (a null dereference)
// when a dimension is symbolic, which is every torchvision classifier's torch.flatten(x, 1)
// compiled with a dynamic batch; this one computes the input index from the flattened one
// with the input's (possibly symbolic) sizes.
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerFlatten) {
  const char* op = "aten::flatten";
  auto x = bufArg(args, 0, op);
  int64_t rank = static_cast<int64_t>(x.ndim());
  if (rank == 0) {
    return te::Compute("aotc_flatten", outputShape, [&](const std::vector<te::VarHandle>&) { return x.load(); });
  }
  int64_t start = intArg(args, 1, op), end = intArg(args, 2, op);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  if (start < 0 || end >= rank || start > end) throw std::runtime_error("aten::flatten: bad dims");
  return te::Compute("aotc_flatten", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index(v.begin(), v.begin() + start);
    // Unflatten v[start] over the input dims start..end, innermost last.
    std::vector<te::ExprHandle> inner(end - start + 1);
    te::ExprHandle rest = v[start];
    for (int64_t d = end; d > start; --d) {
      inner[d - start] = rest % x.dim(d);
      rest = rest / x.dim(d);
    }
    inner[0] = rest;
    index.insert(index.end(), inner.begin(), inner.end());
    index.insert(index.end(), v.begin() + start + 1, v.end());
    return x.load(index);
  });
}

}  // namespace aotc::lower
