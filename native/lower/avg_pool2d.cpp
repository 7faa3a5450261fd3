// aten::avg_pool2d, which NNC 1.13 does not lower: the window's sum as a TensorExpr reduction
// (padding reads 0, the load index clamped into the input), then divided as ATen divides it:
// by divisor_override when given, else by the window's size clipped to the padded input
// (count_include_pad) or to the input itself; a window wholly in the padding gives 0.
#include "lower/ops.h"
#include "lower/pool_window.h"

namespace aotc::lower {

// avg_pool2d(self, kernel_size, stride=[], padding=0, ceil_mode=False, count_include_pad=True,
//            divisor_override=None); ceil_mode is already in the output shape.
AOTC_LOWERING(lowerAvgPool2d) {
  const char* op = "aten::avg_pool2d";
  const te::BufHandle x = bufArg(args, 0, op);
  std::vector<int64_t> kernel = intListArg(args, 1, 2, op);
  std::vector<int64_t> stride = intListArg(args, 2, 2, op);
  std::vector<int64_t> padding = intListArg(args, 3, 2, op);
  if (stride.empty()) stride = kernel;  // stride=[] means the kernel size
  const size_t rank = x.ndim();
  if (kernel.size() != 2 || stride.size() != 2 || padding.size() != 2 || (rank != 3 && rank != 4)) {
    throw std::runtime_error("aten::avg_pool2d: expects a 3-d or 4-d input and 2-d parameters");
  }
  const bool countIncludePad = boolArg(args, 5, true);
  std::optional<int64_t> divisorOverride;
  if (!isNoneArg(args, 6)) divisorOverride = intArg(args, 6, op);
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (!dtype.is_floating_point()) throw std::runtime_error("aten::avg_pool2d: needs a floating-point tensor");

  const te::ExprHandle height = x.dim(rank - 2), width = x.dim(rank - 1);
  const te::ExprHandle zero(int64_t{0});
  auto start = [&](const te::ExprHandle& o, int axis) { return o * stride[axis] - padding[axis]; };
  te::Tensor sum = te::Reduce(
      "aotc_avg_pool2d_sum", outputShape, te::Sum(),
      [&](const std::vector<te::VarHandle>& v) {
        // v: output axes (..., oh, ow), then kh, kw.
        te::ExprHandle ih = start(v[rank - 2], 0) + v[rank];
        te::ExprHandle iw = start(v[rank - 1], 1) + v[rank + 1];
        return windowTap(x, v, ih, iw, te::Cast::make(dtype, zero));
      },
      {te::ExprHandle(kernel[0]), te::ExprHandle(kernel[1])});
  te::Tensor out = te::Compute("aotc_avg_pool2d", outputShape, [&](const std::vector<te::VarHandle>& v) {
    te::ExprHandle h0 = start(v[rank - 2], 0), w0 = start(v[rank - 1], 1);
    te::ExprHandle h1 = te::Min::make(h0 + kernel[0], height + padding[0], true);
    te::ExprHandle w1 = te::Min::make(w0 + kernel[1], width + padding[1], true);
    te::ExprHandle poolSize = (h1 - h0) * (w1 - w0);
    te::ExprHandle h0In = te::Max::make(h0, zero, true), w0In = te::Max::make(w0, zero, true);
    te::ExprHandle h1In = te::Min::make(h1, height, true), w1In = te::Min::make(w1, width, true);
    te::ExprHandle divisor = divisorOverride ? te::ExprHandle(*divisorOverride)
                             : countIncludePad ? poolSize
                                               : (h1In - h0In) * (w1In - w0In);
    te::ExprHandle mean = sum.load(std::vector<te::ExprHandle>(v.begin(), v.end())) / te::Cast::make(dtype, divisor);
    te::ExprHandle covers = (h0In < h1In) & (w0In < w1In);
    return te::ifThenElse(covers, mean, te::Cast::make(dtype, zero));
  });
  return te::Tensor(out.buf(), te::Block::make({sum.stmt(), out.stmt()}));
}

}  // namespace aotc::lower
