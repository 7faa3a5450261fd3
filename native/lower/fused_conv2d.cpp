// aotc::conv2d (lower/conv_fusion.cpp) -> one call of the runtime's oneDNN convolution,
// aotc_dnnl_conv2d (runtime/dnnl_conv2d.h), writing a channels-last buffer unless the op
// says its output leaves the method.
#include "lower/lowering_options.h"
#include "lower/ops.h"
#include "runtime/dnnl_conv2d.h"

namespace aotc::lower {
namespace {

constexpr const char* kOp = "aotc::conv2d";

}  // namespace

AOTC_LOWERING(lowerFusedConv2d) {
  using namespace runtime;
  auto input = bufArg(args, 0, kOp);
  auto weight = bufArg(args, 1, kOp);
  bool hasBias = !isNoneArg(args, 2);
  auto stride = intListArg(args, 3, 2, kOp);
  auto padding = intListArg(args, 4, 2, kOp);
  auto dilation = intListArg(args, 5, 2, kOp);
  bool hasResidual = !isNoneArg(args, 10);
  const bool* channelsLast = c10::get_if<bool>(&args.at(14));
  if (!channelsLast) throw std::runtime_error("aotc::conv2d: argument 14 is not a bool");

  std::vector<te::BufHandle> inputs{input, weight};
  if (hasBias) inputs.push_back(bufArg(args, 2, kOp));
  if (hasResidual) inputs.push_back(bufArg(args, 10, kOp));

  std::vector<te::ExprHandle> extra(kDnnlConv2dArgCount);
  extra[kStrideH] = stride[0];
  extra[kStrideW] = stride[1];
  extra[kPadH] = padding[0];
  extra[kPadW] = padding[1];
  extra[kDilationH] = dilation[0];
  extra[kDilationW] = dilation[1];
  extra[kGroups] = intArg(args, 6, kOp);
  extra[kHasBias] = static_cast<int64_t>(hasBias);
  extra[kHasResidual] = static_cast<int64_t>(hasResidual);
  extra[kPreActivation] = intArg(args, 7, kOp);
  extra[kPreLow] = doubleBits(doubleArg(args, 8, kOp));
  extra[kPreHigh] = doubleBits(doubleArg(args, 9, kOp));
  extra[kPostActivation] = intArg(args, 11, kOp);
  extra[kPostLow] = doubleBits(doubleArg(args, 12, kOp));
  extra[kPostHigh] = doubleBits(doubleArg(args, 13, kOp));
  extra[kConvPrecision] = static_cast<int64_t>(loweringOptions().matmulPrecision);

  std::vector<te::ExprHandle> strides =
      *channelsLast ? te::ExprVectorToExprHandleVector(te::make_channels_last_strides(outputShape))
                    : outputStrides;
  te::BufHandle result = te::Buf::make("aotc_conv2d", outputShape, dtypeOr(outputType, te::kFloat),
                                       c10::nullopt, strides);
  return te::Tensor(result.node(),
                    te::ExternalCall::make(result, kDnnlConv2dFunction, inputs, extra));
}

}  // namespace aotc::lower
