#include "lower/lowerings.h"

#include "lower/ops.h"

namespace aotc::lower {

LoweringMap customLowerings() {
  using c10::Symbol;
  return {
      {Symbol::fromQualString("aten::linear"), lowerLinear},
      {Symbol::fromQualString("aten::matmul"), lowerMatmul},
      {Symbol::fromQualString("aten::max_pool2d"), lowerMaxPool2d},
      {Symbol::fromQualString("aten::avg_pool2d"), lowerAvgPool2d},
      {Symbol::fromQualString("aten::layer_norm"), lowerLayerNorm},
      {Symbol::fromQualString("aten::softmax"), lowerSoftmax},
      {Symbol::fromQualString("aten::log_softmax"), lowerLogSoftmax},
      {Symbol::fromQualString("aten::remainder"), lowerRemainder},
      {Symbol::fromQualString("aten::frac"), lowerFrac},
      {Symbol::fromQualString("aten::div"), lowerDiv},
      {Symbol::fromQualString("aten::floor_divide"), lowerFloorDivide},
      {Symbol::fromQualString("aten::constant_pad_nd"), lowerConstantPad},
      {Symbol::fromQualString("aten::pad"), lowerPad},
      {Symbol::fromQualString("aten::norm"), lowerNorm},
      {Symbol::fromQualString("aten::linalg_vector_norm"), lowerVectorNorm},
      {Symbol::fromQualString("aten::clamp_min"), lowerClampMin},
      {Symbol::fromQualString("aten::clamp_max"), lowerClampMax},
      {Symbol::fromQualString("aten::cumsum"), lowerCumsum},
      {Symbol::fromQualString("aten::flip"), lowerFlip},
      {Symbol::fromQualString("aten::repeat"), lowerRepeat},
      {Symbol::fromQualString("aten::nan_to_num"), lowerNanToNum},
      {Symbol::fromQualString("aten::logit"), lowerLogit},
      {Symbol::fromQualString("aten::signbit"), lowerSignbit},
      {Symbol::fromQualString("aten::addcdiv"), lowerAddcdiv},
      {Symbol::fromQualString("aten::hypot"), lowerHypot},
      {Symbol::fromQualString("aten::copysign"), lowerCopysign},
      {Symbol::fromQualString("aten::full_like"), lowerFullLike},
      {Symbol::fromQualString("aten::roll"), lowerRoll},
      {Symbol::fromQualString("aotc::extreme_values"), lowerExtremeValues},
      {Symbol::fromQualString("aotc::extreme_index"), lowerExtremeIndex},
      {Symbol::fromQualString("aten::amax"), lowerAmax},
      {Symbol::fromQualString("aten::amin"), lowerAmin},
      {Symbol::fromQualString("aten::prod"), lowerProd},
      {Symbol::fromQualString("aotc::topk_indices"), lowerTopkIndices},
      {Symbol::fromQualString("aten::embedding"), lowerEmbedding},
      {Symbol::fromQualString("aten::index_select"), lowerIndexSelect},
      {Symbol::fromQualString("aten::gather"), lowerGather},
      {Symbol::fromQualString("aten::slice"), lowerSlice},
      {Symbol::fromQualString("aten::select"), lowerSelect},
      {Symbol::fromQualString("aten::flatten"), lowerFlatten},
      {Symbol::fromQualString("aten::maximum"), lowerMaximum},
      {Symbol::fromQualString("aten::minimum"), lowerMinimum},
      {Symbol::fromQualString("aotc::conv2d"), lowerFusedConv2d},
      {Symbol::fromQualString("aotc::linear"), lowerFusedLinear},
      {Symbol::fromQualString("aotc::max_pool2d_nhwc"), lowerMaxPool2dChannelsLast},
      {Symbol::fromQualString("aotc::cat_nhwc"), lowerCatChannelsLast},
      {Symbol::fromQualString("aotc::channel_shuffle_nhwc"), lowerChannelShuffleChannelsLast},
      {Symbol::fromQualString("aotc::slice_channels_nhwc"), lowerSliceChannelsChannelsLast},
      {Symbol::fromQualString("aotc::scale_channels_nhwc"), lowerScaleChannelsChannelsLast},
      {Symbol::fromQualString("aotc::matmul_t"), lowerTransposedMatmul},
  };
}

}  // namespace aotc::lower
