// aten::max_pool2d as a TE reduction over the window, any kernel/stride/padding/dilation;
// ceil_mode is already in the output shape the graph gives. Padding and the ragged edge
// of ceil_mode read -inf; the load index is clamped so it never leaves the input. Inputs
// in channels_last are read through their strides by TE, so both layouts work.
#include <limits>

#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerMaxPool2d) {
  const char* op = "aten::max_pool2d";
  auto x = bufArg(args, 0, op);
  auto kernel = intListArg(args, 1, 2, op);
  auto stride = intListArg(args, 2, 2, op);
  if (stride.empty()) stride = kernel;  // stride=[] means the kernel size
  auto padding = intListArg(args, 3, 2, op);
  auto dilation = intListArg(args, 4, 2, op);
  if (kernel.size() != 2 || stride.size() != 2 || padding.size() != 2 || dilation.size() != 2 ||
      (x.ndim() != 3 && x.ndim() != 4)) {
    throw std::runtime_error("aten::max_pool2d: expects a 3-d or 4-d input and 2-d parameters");
  }
  size_t rank = x.ndim();
  te::ExprHandle height = x.dim(rank - 2), width = x.dim(rank - 1);
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::ExprHandle lowest = dtype.is_floating_point()
                              ? te::Cast::make(dtype, te::ExprHandle(-std::numeric_limits<float>::infinity()))
                              : te::minimumVal(dtype.scalar_type());

  auto body = [&](const std::vector<te::VarHandle>& v) {
    // v: output axes (..., oh, ow), then kh, kw.
    const auto& kh = v[rank];
    const auto& kw = v[rank + 1];
    te::ExprHandle ih = v[rank - 2] * stride[0] - padding[0] + kh * dilation[0];
    te::ExprHandle iw = v[rank - 1] * stride[1] - padding[1] + kw * dilation[1];
    te::ExprHandle zero(int64_t{0});
    auto inside = [&](const te::ExprHandle& i, const te::ExprHandle& size) {
      return (i >= zero) & (i < size);
    };
    auto clamp = [&](const te::ExprHandle& i, const te::ExprHandle& size) {
      return te::Max::make(te::Min::make(i, size - 1, true), zero, true);
    };
    std::vector<te::ExprHandle> index(v.begin(), v.begin() + rank - 2);
    index.push_back(clamp(ih, height));
    index.push_back(clamp(iw, width));
    te::ExprHandle valid = inside(ih, height) & inside(iw, width);
    return te::ifThenElse(valid, x.load(index), lowest);
  };
  return te::Reduce("aotc_max_pool2d", outputShape, te::Maximum(lowest), body,
                    {te::ExprHandle(kernel[0]), te::ExprHandle(kernel[1])});
}

}  // namespace aotc::lower
