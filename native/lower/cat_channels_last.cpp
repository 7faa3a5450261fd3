// aotc::cat_nhwc: aten::cat over the channels of 4-d tensors that are channels-last (NHWC)
// buffers — convolution outputs, or pools and concatenations of them (lower/conv_fusion.cpp) —
// writing a channels-last buffer. Each input is copied by its own loop nest with the channel
// loop innermost, so loads and stores are contiguous runs of channels. NNC's aten::cat writes
// NCHW: from NHWC inputs that is a transposing copy (loads a plane apart), which LLVM unrolls
// into thousands of scalar moves, and the next convolution then reads a layout it must convert.
#include "lower/ops.h"

namespace aotc::lower {
namespace {

constexpr const char* kOp = "aotc::cat_nhwc";

std::vector<te::BufHandle> inputBufs(const std::vector<te::ArgValue>& args) {
  const auto* list = args.empty() ? nullptr : c10::get_if<te::BufList>(&args[0]);
  if (!list || list->empty()) {
    throw std::runtime_error(std::string(kOp) + ": argument 0 is not a list of tensors");
  }
  for (const auto& buf : *list) {
    if (buf.ndim() != 4) throw std::runtime_error(std::string(kOp) + ": expects 4-d inputs");
  }
  return *list;
}

}  // namespace

AOTC_LOWERING(lowerCatChannelsLast) {
  std::vector<te::BufHandle> inputs = inputBufs(args);
  if (outputShape.size() != 4 || normalizedDim(intArg(args, 1, kOp), 4, kOp) != 1) {
    throw std::runtime_error(std::string(kOp) + ": concatenates 4-d tensors along dim 1 only");
  }
  te::Dtype dtype = dtypeOr(outputType, inputs[0].dtype());
  te::BufHandle out = te::Buf::make(
      "aotc_cat_nhwc", outputShape, dtype, c10::nullopt,
      te::ExprVectorToExprHandleVector(te::make_channels_last_strides(outputShape)));
  te::ExprHandle zero(int64_t{0});
  te::ExprHandle offset = zero;  // the first output channel of the current input
  std::vector<te::StmtPtr> copies;
  // One loop over the pixels (not one per row and column): LLVM would unroll a short column
  // loop around the unrolled channel copy into blocks of hundreds of loads and stores, whose
  // instruction scheduling grows with the square of their count (seconds of compile time).
  te::ExprHandle width = outputShape[3];
  for (const auto& in : inputs) {
    te::VarHandle n("n", te::kLong), p("p", te::kLong), c("c", te::kLong);
    te::ExprHandle h = p / width, w = p % width;
    te::StmtPtr store = te::Store::make(out, {n, offset + c, h, w}, loadAs(in, {n, c, h, w}, dtype));
    copies.push_back(te::For::make(
        n, zero, outputShape[0],
        te::For::make(p, zero, outputShape[2] * width, te::For::make(c, zero, in.dim(1), store))));
    offset = offset + in.dim(1);
  }
  return te::Tensor(out.node(), te::Block::make(copies));
}

}  // namespace aotc::lower
