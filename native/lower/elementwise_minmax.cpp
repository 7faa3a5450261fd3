// aten::maximum / aten::minimum (torch.maximum, torch.minimum): elementwise, broadcasting,
// NaN-propagating — which NNC 1.13 does not lower (it has only aten::max/min.other).
#include <stdexcept>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

// Loads `input` at the output position `axes` with numpy broadcasting (size-1 dims read 0),
// converted to `dtype`.
te::ExprHandle broadcastLoad(const te::BufHandle& input, const std::vector<te::VarHandle>& axes,
                             te::Dtype dtype) {
  const auto dims = input.dims();
  if (dims.size() > axes.size()) throw std::runtime_error("maximum/minimum: input rank exceeds output rank");
  std::vector<te::ExprHandle> index;
  const size_t offset = axes.size() - dims.size();
  for (size_t i = 0; i < dims.size(); ++i) {
    bool unit = dims[i].node()->isConstant() && te::immediateAs<int64_t>(dims[i].node()) == 1;
    index.push_back(unit ? te::ExprHandle(te::LongImm::make(0)) : te::ExprHandle(axes[offset + i]));
  }
  return te::Cast::make(dtype, input.load(index));
}

te::Tensor elementwise(const char* name, const std::vector<te::ArgValue>& args,
                       const std::vector<te::ExprHandle>& outputShape,
                       const c10::optional<c10::ScalarType>& outputType, bool maximum) {
  auto a = bufArg(args, 0, name);
  auto b = bufArg(args, 1, name);
  te::Dtype dtype = dtypeOr(outputType, a.dtype());
  return te::Compute(name, outputShape, [&](const std::vector<te::VarHandle>& axes) {
    auto x = broadcastLoad(a, axes, dtype);
    auto y = broadcastLoad(b, axes, dtype);
    return maximum ? te::Max::make(x, y, /*propagate_nans=*/true)
                   : te::Min::make(x, y, /*propagate_nans=*/true);
  });
}

}  // namespace

AOTC_LOWERING(lowerMaximum) { return elementwise("aten_maximum", args, outputShape, outputType, true); }

AOTC_LOWERING(lowerMinimum) { return elementwise("aten_minimum", args, outputShape, outputType, false); }

}  // namespace aotc::lower
