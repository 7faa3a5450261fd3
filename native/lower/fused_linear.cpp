// aotc::linear (lower/linear_rewrite.cpp) -> one call of the runtime's oneDNN inner product,
// aotc_dnnl_linear (runtime/dnnl_linear.h), writing a dense row-major output.
#include "lower/lowering_options.h"
#include "lower/ops.h"
#include "runtime/dnnl_linear.h"

namespace aotc::lower {
namespace {

constexpr const char* kOp = "aotc::linear";

}  // namespace

AOTC_LOWERING(lowerFusedLinear) {
  using namespace runtime;
  auto input = bufArg(args, 0, kOp);
  auto weight = bufArg(args, 1, kOp);
  bool hasBias = !isNoneArg(args, 2);
  std::vector<te::BufHandle> inputs{input, weight};
  if (hasBias) inputs.push_back(bufArg(args, 2, kOp));
  std::vector<te::ExprHandle> extra(kDnnlLinearArgCount);
  extra[kLinearHasBias] = static_cast<int64_t>(hasBias);
  extra[kLinearActivation] = intArg(args, 3, kOp);
  extra[kLinearLow] = doubleBits(doubleArg(args, 4, kOp));
  extra[kLinearHigh] = doubleBits(doubleArg(args, 5, kOp));
  extra[kLinearPrecision] = static_cast<int64_t>(loweringOptions().matmulPrecision);
  // Row-major whatever the kernel's layout policy: the runtime function writes rows.
  te::BufHandle result = te::Buf::make(
      "aotc_linear", outputShape, dtypeOr(outputType, te::kFloat), c10::nullopt,
      te::ExprVectorToExprHandleVector(te::make_contiguous_strides(outputShape)));
  return te::Tensor(result.node(),
                    te::ExternalCall::make(result, kDnnlLinearFunction, inputs, extra));
}

}  // namespace aotc::lower
