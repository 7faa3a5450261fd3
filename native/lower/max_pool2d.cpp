// aten::max_pool2d as a TE reduction over the window, any kernel/stride/padding/dilation;
// ceil_mode is already in the output shape the graph gives. Padding and the ragged edge
// of ceil_mode read -inf; the load index is clamped so it never leaves the input. Inputs
// in channels_last are read through their strides by TE, so both layouts work.
// aotc::max_pool2d_nhwc (the same op on a channels-last convolution output, see
// lower/conv_fusion.cpp) is written as an explicit loop nest with the channel loop innermost,
// writing channels-last: every load and store is contiguous across channels, so it vectorises.
#include <limits>

#include "lower/ops.h"
#include "lower/pool_window.h"

namespace aotc::lower {
namespace {

struct PoolParams {
  std::vector<int64_t> kernel, stride, padding, dilation;
};

PoolParams poolParams(const std::vector<te::ArgValue>& args, const te::BufHandle& x,
                      const char* op) {
  PoolParams p{intListArg(args, 1, 2, op), intListArg(args, 2, 2, op), intListArg(args, 3, 2, op),
               intListArg(args, 4, 2, op)};
  if (p.stride.empty()) p.stride = p.kernel;  // stride=[] means the kernel size
  if (p.kernel.size() != 2 || p.stride.size() != 2 || p.padding.size() != 2 ||
      p.dilation.size() != 2 || (x.ndim() != 3 && x.ndim() != 4)) {
    throw std::runtime_error(std::string(op) + ": expects a 3-d or 4-d input and 2-d parameters");
  }
  return p;
}

te::ExprHandle lowestOf(const te::Dtype& dtype) {
  return dtype.is_floating_point()
             ? te::Cast::make(dtype, te::ExprHandle(-std::numeric_limits<float>::infinity()))
             : te::minimumVal(dtype.scalar_type());
}

}  // namespace

AOTC_LOWERING(lowerMaxPool2d) {
  const char* op = "aten::max_pool2d";
  auto x = bufArg(args, 0, op);
  auto [kernel, stride, padding, dilation] = poolParams(args, x, op);
  size_t rank = x.ndim();
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::ExprHandle lowest = lowestOf(dtype);

  auto body = [&](const std::vector<te::VarHandle>& v) {
    // v: output axes (..., oh, ow), then kh, kw.
    const auto& kh = v[rank];
    const auto& kw = v[rank + 1];
    te::ExprHandle ih = v[rank - 2] * stride[0] - padding[0] + kh * dilation[0];
    te::ExprHandle iw = v[rank - 1] * stride[1] - padding[1] + kw * dilation[1];
    return windowTap(x, v, ih, iw, lowest);
  };
  return te::Reduce("aotc_max_pool2d", outputShape, te::Maximum(lowest), body,
                    {te::ExprHandle(kernel[0]), te::ExprHandle(kernel[1])});
}

AOTC_LOWERING(lowerMaxPool2dChannelsLast) {
  const char* op = "aotc::max_pool2d_nhwc";
  auto x = bufArg(args, 0, op);
  auto [kernel, stride, padding, dilation] = poolParams(args, x, op);
  if (x.ndim() != 4 || outputShape.size() != 4) {
    throw std::runtime_error(std::string(op) + ": expects a 4-d input");
  }
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::BufHandle out = te::Buf::make(
      "aotc_max_pool2d_nhwc", outputShape, dtype, c10::nullopt,
      te::ExprVectorToExprHandleVector(te::make_channels_last_strides(outputShape)));
  te::VarHandle n("n", te::kLong), c("c", te::kLong), oh("oh", te::kLong), ow("ow", te::kLong);
  te::ExprHandle zero(int64_t{0});
  te::ExprHandle height = x.dim(2), width = x.dim(3);
  // The window's taps, unrolled; padding reads -inf; NaN propagates as in aten.
  te::ExprHandle best = lowestOf(dtype);
  for (int64_t kh = 0; kh < kernel[0]; ++kh) {
    for (int64_t kw = 0; kw < kernel[1]; ++kw) {
      te::ExprHandle ih = oh * stride[0] - padding[0] + kh * dilation[0];
      te::ExprHandle iw = ow * stride[1] - padding[1] + kw * dilation[1];
      te::ExprHandle valid = (ih >= zero) & (ih < height) & (iw >= zero) & (iw < width);
      te::ExprHandle safeH = te::Max::make(te::Min::make(ih, height - 1, true), zero, true);
      te::ExprHandle safeW = te::Max::make(te::Min::make(iw, width - 1, true), zero, true);
      te::ExprHandle tap = te::ifThenElse(valid, x.load({n, c, safeH, safeW}), lowestOf(dtype));
      best = te::Max::make(best, tap, /*propagate_nans=*/true);
    }
  }
  te::StmtPtr store = te::Store::make(out, {n, c, oh, ow}, best);
  te::StmtPtr loops = te::For::make(
      n, zero, outputShape[0],
      te::For::make(oh, zero, outputShape[2],
                    te::For::make(ow, zero, outputShape[3],
                                  te::For::make(c, zero, outputShape[1], store))));
  return te::Tensor(out.node(), loops);
}

}  // namespace aotc::lower
