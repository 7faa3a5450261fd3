// aten::matmul of any rank, aotc::matmul_t (a transposed operand read through strides) and
// aten::linear with a non-constant weight.
//  - matmul: NNC 1.13 asserts rank 2. Small 2-d products (M*N*K < 1000) become a TE loop
//    nest (no call overhead, fuses); float32 operands of rank 2 or more (the lower-rank one
//    broadcast) call the runtime's oneDNN matmul (aotc_dnnl_matmul); everything else (vectors,
//    other dtypes) calls libtorch's nnc_aten_matmul (at::matmul_out).
//  - linear: constant weights are rewritten to addmm/matmul before lowering
//    (linear_rewrite.cpp); what reaches this lowering is a weight computed in the graph,
//    lowered as a TE reduction out[..., n] = b[n] + sum_k x[..., k] * W[n, k].
#include "lower/lowering_options.h"
#include "lower/ops.h"
#include "runtime/dnnl_matmul.h"

namespace aotc::lower {
namespace {


// out = a @ b (either read transposed over its last two dimensions) through the runtime's
// oneDNN matmul.
te::StmtPtr oneDnnMatmul(const te::BufHandle& out, const te::BufHandle& a, const te::BufHandle& b,
                         bool transposeA, bool transposeB) {
  std::vector<te::ExprHandle> extra(runtime::kDnnlMatmulArgCount);
  extra[runtime::kMatmulPrecision] = static_cast<int64_t>(loweringOptions().matmulPrecision);
  extra[runtime::kMatmulTransposeA] = static_cast<int64_t>(transposeA);
  extra[runtime::kMatmulTransposeB] = static_cast<int64_t>(transposeB);
  return te::ExternalCall::make(out, runtime::kDnnlMatmulFunction, {a, b}, extra);
}

}  // namespace

AOTC_LOWERING(lowerMatmul) {
  auto a = bufArg(args, 0, "aten::matmul");
  auto b = bufArg(args, 1, "aten::matmul");
  te::Dtype dtype = dtypeOr(outputType, a.dtype());
  if (a.ndim() == 2 && b.ndim() == 2) {
    int64_t m = staticDim(a.dim(0), "aten::matmul"), k = staticDim(a.dim(1), "aten::matmul");
    int64_t n = staticDim(b.dim(1), "aten::matmul");
    if (m * n * k < kMatmulLoopNestLimit) {
      return te::Reduce(
          "aotc_matmul", outputShape, te::Sum(),
          [&](const std::vector<te::VarHandle>& v) { return a.load(v[0], v[2]) * b.load(v[2], v[1]); },
          {a.dim(1)});
    }
  }
  te::BufHandle result("aotc_matmul", outputShape, dtype);
  const bool oneDnn = a.ndim() >= 2 && b.ndim() >= 2 && a.dtype() == te::kFloat &&
                      b.dtype() == te::kFloat && dtype == te::kFloat;
  if (!oneDnn) {
    return te::Tensor(result.node(), te::ExternalCall::make(result, "nnc_aten_matmul", {a, b}, {}));
  }
  return te::Tensor(result.node(), oneDnnMatmul(result, a, b, false, false));
}

// aotc::matmul_t (lower/matmul_rewrite.cpp): a @ b with either operand transposed over its
// last two dimensions, float32 operands of one rank.
AOTC_LOWERING(lowerTransposedMatmul) {
  constexpr const char* kOp = "aotc::matmul_t";
  auto a = bufArg(args, 0, kOp);
  auto b = bufArg(args, 1, kOp);
  if (a.ndim() != b.ndim() || a.ndim() < 2 || a.dtype() != te::kFloat || b.dtype() != te::kFloat) {
    throw std::runtime_error(std::string(kOp) + ": expected float32 operands of one rank");
  }
  const bool* transposeA = c10::get_if<bool>(&args.at(2));
  const bool* transposeB = c10::get_if<bool>(&args.at(3));
  if (!transposeA || !transposeB) throw std::runtime_error(std::string(kOp) + ": flags are not bools");
  te::BufHandle result("aotc_matmul_t", outputShape, te::kFloat);
  return te::Tensor(result.node(), oneDnnMatmul(result, a, b, *transposeA, *transposeB));
}

AOTC_LOWERING(lowerLinear) {
  auto x = bufArg(args, 0, "aten::linear");
  auto w = bufArg(args, 1, "aten::linear");
  bool hasBias = !isNoneArg(args, 2);
  te::BufHandle bias = hasBias ? bufArg(args, 2, "aten::linear") : te::BufHandle(x.dtype());
  te::ExprHandle inFeatures = x.dim(x.ndim() - 1);
  auto init = [&](const std::vector<te::VarHandle>& v) -> te::ExprHandle {
    if (!hasBias) return te::ExprHandle(0.0f);
    return bias.ndim() == 0 ? bias.load() : bias.load(v.back());
  };
  auto body = [&](const std::vector<te::VarHandle>& v) {
    // v: the output axes (..., n), then the reduction axis k.
    const auto& k = v.back();
    const auto& n = v[v.size() - 2];
    std::vector<te::ExprHandle> xIndex(v.begin(), v.end() - 2);
    xIndex.push_back(k);
    return x.load(xIndex) * w.load(n, k);
  };
  return te::Reduce("aotc_linear", outputShape, te::Sum(), init, body, {inFeatures});
}

}  // namespace aotc::lower
