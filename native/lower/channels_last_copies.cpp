// The channels-last loops of lower/channels_last_rewrite.cpp: aotc::cat_nhwc,
// aotc::channel_shuffle_nhwc, aotc::slice_channels_nhwc and aotc::scale_channels_nhwc read
// channels-last (NHWC) 4-d buffers and write one. Each is a loop over the pixels around a loop
// over a run of channels, so loads and stores are contiguous runs (vectorised). One loop over
// the pixels, not one per row and one per column: LLVM would unroll a short column loop around
// the unrolled channel copy into blocks of hundreds of loads and stores, whose instruction
// scheduling grows with the square of their count (seconds of compile time).
#include <functional>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

using PixelBody = std::function<te::StmtPtr(const te::VarHandle& n, const te::ExprHandle& h,
                                            const te::ExprHandle& w)>;

te::BufHandle channelsLastOutput(const char* name, const std::vector<te::ExprHandle>& shape,
                                 te::Dtype dtype) {
  return te::Buf::make(name, shape, dtype, c10::nullopt,
                       te::ExprVectorToExprHandleVector(te::make_channels_last_strides(shape)));
}

// for n, for p < h * w: body(n, p / w, p % w) (the simplifier folds the division back into
// the pixel's offset).
te::StmtPtr forEachPixel(const std::vector<te::ExprHandle>& shape, const PixelBody& body) {
  te::VarHandle n("n", te::kLong), p("p", te::kLong);
  te::ExprHandle zero(int64_t{0});
  return te::For::make(n, zero, shape[0],
                       te::For::make(p, zero, shape[2] * shape[3],
                                     body(n, p / shape[3], p % shape[3])));
}

te::BufHandle fourDimInput(const std::vector<te::ArgValue>& args, const char* op) {
  te::BufHandle x = bufArg(args, 0, op);
  if (x.ndim() != 4) throw std::runtime_error(std::string(op) + ": expects a 4-d input");
  return x;
}

void expectFourDimOutput(const std::vector<te::ExprHandle>& outputShape, const char* op) {
  if (outputShape.size() != 4) throw std::runtime_error(std::string(op) + ": expects a 4-d output");
}

}  // namespace

// aten::cat along the channels.
AOTC_LOWERING(lowerCatChannelsLast) {
  const char* op = "aotc::cat_nhwc";
  const auto* list = args.empty() ? nullptr : c10::get_if<te::BufList>(&args[0]);
  if (!list || list->empty()) {
    throw std::runtime_error(std::string(op) + ": argument 0 is not a list of tensors");
  }
  expectFourDimOutput(outputShape, op);
  if (normalizedDim(intArg(args, 1, op), 4, op) != 1) {
    throw std::runtime_error(std::string(op) + ": concatenates along dim 1 only");
  }
  te::Dtype dtype = dtypeOr(outputType, (*list)[0].dtype());
  te::BufHandle out = channelsLastOutput("aotc_cat_nhwc", outputShape, dtype);
  te::ExprHandle offset(int64_t{0});  // the first output channel of the current input
  std::vector<te::StmtPtr> copies;
  for (const te::BufHandle& in : *list) {
    if (in.ndim() != 4) throw std::runtime_error(std::string(op) + ": expects 4-d inputs");
    copies.push_back(forEachPixel(outputShape, [&](const te::VarHandle& n, const te::ExprHandle& h,
                                                   const te::ExprHandle& w) {
      te::VarHandle c("c", te::kLong);
      return te::For::make(c, te::ExprHandle(int64_t{0}), in.dim(1),
                           te::Store::make(out, {n, offset + c, h, w},
                                           loadAs(in, {n, c, h, w}, dtype)));
    }));
    offset = offset + in.dim(1);
  }
  return te::Tensor(out.node(), te::Block::make(copies));
}

// Channel j * groups + g of the result is channel g * (C / groups) + j of the input: for each
// j, the `groups` channels it gathers are stored side by side (LLVM vectorises the j loop as an
// interleaved store group).
AOTC_LOWERING(lowerChannelShuffleChannelsLast) {
  const char* op = "aotc::channel_shuffle_nhwc";
  te::BufHandle x = fourDimInput(args, op);
  expectFourDimOutput(outputShape, op);
  const int64_t groups = intArg(args, 1, op);
  const int64_t channels = staticDim(x.dim(1), op);
  if (groups <= 0 || channels % groups != 0) {
    throw std::runtime_error(std::string(op) + ": " + std::to_string(channels) +
                             " channels do not split into " + std::to_string(groups) + " groups");
  }
  const int64_t perGroup = channels / groups;
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::BufHandle out = channelsLastOutput("aotc_channel_shuffle_nhwc", outputShape, dtype);
  te::StmtPtr loops = forEachPixel(outputShape, [&](const te::VarHandle& n, const te::ExprHandle& h,
                                                    const te::ExprHandle& w) {
    te::VarHandle j("j", te::kLong);
    std::vector<te::StmtPtr> stores;
    for (int64_t g = 0; g < groups; ++g) {
      stores.push_back(te::Store::make(out, {n, j * groups + g, h, w},
                                       loadAs(x, {n, j + g * perGroup, h, w}, dtype)));
    }
    return te::For::make(j, te::ExprHandle(int64_t{0}), te::ExprHandle(perGroup),
                         te::Block::make(stores));
  });
  return te::Tensor(out.node(), loops);
}

// x[:, start:end].
AOTC_LOWERING(lowerSliceChannelsChannelsLast) {
  const char* op = "aotc::slice_channels_nhwc";
  te::BufHandle x = fourDimInput(args, op);
  expectFourDimOutput(outputShape, op);
  const int64_t start = intArg(args, 1, op), end = intArg(args, 2, op);
  const int64_t channels = staticDim(x.dim(1), op);
  if (start < 0 || end > channels || start >= end) {
    throw std::runtime_error(std::string(op) + ": channels [" + std::to_string(start) + ", " +
                             std::to_string(end) + ") are not within the input's " +
                             std::to_string(channels));
  }
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::BufHandle out = channelsLastOutput("aotc_slice_channels_nhwc", outputShape, dtype);
  te::StmtPtr loops = forEachPixel(outputShape, [&](const te::VarHandle& n, const te::ExprHandle& h,
                                                    const te::ExprHandle& w) {
    te::VarHandle c("c", te::kLong);
    return te::For::make(c, te::ExprHandle(int64_t{0}), te::ExprHandle(end - start),
                         te::Store::make(out, {n, c, h, w}, loadAs(x, {n, c + start, h, w}, dtype)));
  });
  return te::Tensor(out.node(), loops);
}

// x * scales, scales [N or 1, C, 1, 1]: each pixel's channels times the image's scales.
AOTC_LOWERING(lowerScaleChannelsChannelsLast) {
  const char* op = "aotc::scale_channels_nhwc";
  te::BufHandle x = fourDimInput(args, op);
  te::BufHandle scales = bufArg(args, 1, op);
  expectFourDimOutput(outputShape, op);
  if (scales.ndim() != 4) throw std::runtime_error(std::string(op) + ": expects 4-d scales");
  // A batch of one scale for every image only when known to be 1 (a symbolic batch has the
  // images' own, as the graph rewrite checked).
  const auto scaleImages = knownDim(scales.dim(0));
  const bool perImage = !scaleImages || *scaleImages != 1;
  te::Dtype dtype = dtypeOr(outputType, x.dtype());
  te::BufHandle out = channelsLastOutput("aotc_scale_channels_nhwc", outputShape, dtype);
  te::ExprHandle zero(int64_t{0});
  te::StmtPtr loops = forEachPixel(outputShape, [&](const te::VarHandle& n, const te::ExprHandle& h,
                                                    const te::ExprHandle& w) {
    te::VarHandle c("c", te::kLong);
    te::ExprHandle scale = loadAs(scales, {perImage ? te::ExprHandle(n) : zero, c, zero, zero}, dtype);
    return te::For::make(c, zero, outputShape[1],
                         te::Store::make(out, {n, c, h, w}, loadAs(x, {n, c, h, w}, dtype) * scale));
  });
  return te::Tensor(out.node(), loops);
}

}  // namespace aotc::lower
