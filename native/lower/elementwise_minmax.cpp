// aten::maximum / aten::minimum (torch.maximum, torch.minimum) and aten::clamp_min /
// aten::clamp_max (by a number or a tensor): elementwise, broadcasting, NaN-propagating —
// which NNC 1.13 does not lower (it has only aten::max/min.other and aten::clamp).
#include <stdexcept>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/elementwise_operand.h"

namespace aotc::lower {
namespace {

te::Tensor elementwise(const char* op, const char* name, const std::vector<te::ArgValue>& args,
                       const std::vector<te::ExprHandle>& outputShape,
                       const c10::optional<c10::ScalarType>& outputType, bool maximum) {
  te::Dtype dtype = dtypeOr(outputType, bufArg(args, 0, op).dtype());
  return te::Compute(name, outputShape, [&](const std::vector<te::VarHandle>& axes) {
    auto x = elementwiseOperand(args.at(0), axes, dtype, op);
    auto y = elementwiseOperand(args.at(1), axes, dtype, op);
    return maximum ? te::Max::make(x, y, /*propagate_nans=*/true)
                   : te::Min::make(x, y, /*propagate_nans=*/true);
  });
}

}  // namespace

AOTC_LOWERING(lowerMaximum) {
  return elementwise("aten::maximum", "aotc_maximum", args, outputShape, outputType, true);
}

AOTC_LOWERING(lowerMinimum) {
  return elementwise("aten::minimum", "aotc_minimum", args, outputShape, outputType, false);
}

AOTC_LOWERING(lowerClampMin) {
  return elementwise("aten::clamp_min", "aotc_clamp_min", args, outputShape, outputType, true);
}

AOTC_LOWERING(lowerClampMax) {
  return elementwise("aten::clamp_max", "aotc_clamp_max", args, outputShape, outputType, false);
}

}  // namespace aotc::lower
