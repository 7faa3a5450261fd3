// aten::layer_norm in TensorExpr: mean and variance over the normalized (trailing) dims as
// two reductions (two passes: the variance of x - mean, as ATen computes it, not E[x^2] -
// mean^2, which loses precision), then the normalization, which fuses with what follows.
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerLayerNorm) {
  const char* op = "aten::layer_norm";
  auto x = bufArg(args, 0, op);
  auto normalized = c10::get_if<te::IntList>(&args.at(1));
  size_t inner = normalized ? normalized->size() : 1;
  size_t rank = x.ndim();
  if (inner == 0 || inner > rank) throw std::runtime_error("aten::layer_norm: bad normalized_shape");
  size_t outer = rank - inner;
  bool hasWeight = !isNoneArg(args, 2), hasBias = !isNoneArg(args, 3);
  double eps = doubleArg(args, 4, op);
  te::Dtype dtype = dtypeOr(outputType, x.dtype());

  std::vector<te::ExprHandle> outerDims(outputShape.begin(), outputShape.begin() + outer);
  std::vector<te::ExprHandle> innerDims(outputShape.begin() + outer, outputShape.end());
  int64_t count = 1;
  for (const auto& dim : innerDims) count *= staticDim(dim, op);
  te::ExprHandle scale = te::Cast::make(dtype, te::ExprHandle(1.0 / static_cast<double>(count)));

  // v: the outer axes, then the inner (reduced) axes.
  auto xAt = [&](const std::vector<te::VarHandle>& v) {
    return x.load(std::vector<te::ExprHandle>(v.begin(), v.end()));
  };
  auto outerOf = [&](const std::vector<te::VarHandle>& v) {
    return std::vector<te::ExprHandle>(v.begin(), v.begin() + outer);
  };
  te::Tensor sum = te::Reduce("aotc_ln_sum", outerDims, te::Sum(), xAt, innerDims);
  te::Tensor sq = te::Reduce(
      "aotc_ln_sqdev", outerDims, te::Sum(),
      [&](const std::vector<te::VarHandle>& v) {
        te::ExprHandle d = xAt(v) - sum.load(outerOf(v)) * scale;
        return d * d;
      },
      innerDims);
  te::Tensor out = te::Compute("aotc_layer_norm", outputShape, [&](const std::vector<te::VarHandle>& v) {
    te::ExprHandle mean = sum.load(outerOf(v)) * scale;
    te::ExprHandle var = sq.load(outerOf(v)) * scale;
    te::ExprHandle one = te::Cast::make(dtype, te::ExprHandle(1.0));
    te::ExprHandle y = (xAt(v) - mean) * (one / te::sqrt(var + te::Cast::make(dtype, te::ExprHandle(eps))));
    std::vector<te::ExprHandle> innerIndex(v.begin() + outer, v.end());
    if (hasWeight) y = y * bufArg(args, 2, op).load(innerIndex);
    if (hasBias) y = y + bufArg(args, 3, op).load(innerIndex);
    return y;
  });
  return te::Tensor(out.buf(), te::Block::make({sum.stmt(), sq.stmt(), out.stmt()}));
}

}  // namespace aotc::lower
