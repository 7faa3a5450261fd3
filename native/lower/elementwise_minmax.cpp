// aten::maximum / aten::minimum (torch.maximum, torch.minimum): elementwise, broadcasting,
// NaN-propagating — which NNC 1.13 does not lower (it has only aten::max/min.other).
#include <stdexcept>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/elementwise_operand.h"

namespace aotc::lower {
namespace {

te::Tensor elementwise(const char* name, const std::vector<te::ArgValue>& args,
                       const std::vector<te::ExprHandle>& outputShape,
                       const c10::optional<c10::ScalarType>& outputType, bool maximum) {
  te::Dtype dtype = dtypeOr(outputType, bufArg(args, 0, name).dtype());
  bufArg(args, 1, name);  // both operands are tensors (torch.maximum has no scalar overload)
  return te::Compute(name, outputShape, [&](const std::vector<te::VarHandle>& axes) {
    auto x = elementwiseOperand(args.at(0), axes, dtype, name);
    auto y = elementwiseOperand(args.at(1), axes, dtype, name);
    return maximum ? te::Max::make(x, y, /*propagate_nans=*/true)
                   : te::Min::make(x, y, /*propagate_nans=*/true);
  });
}

}  // namespace

AOTC_LOWERING(lowerMaximum) { return elementwise("aten_maximum", args, outputShape, outputType, true); }

AOTC_LOWERING(lowerMinimum) { return elementwise("aten_minimum", args, outputShape, outputType, false); }

}  // namespace aotc::lower
