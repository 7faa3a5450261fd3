#include "lower/fused_ops.h"

#include <mutex>

#include <ATen/ATen.h>
#include <torch/library.h>

#include "runtime/fused_activation.h"

namespace aotc::lower {
namespace {

using runtime::FusedActivation;

at::Tensor activate(at::Tensor x, int64_t kind, double low, double high) {
  switch (static_cast<FusedActivation>(kind)) {
    case FusedActivation::kNone: return x;
    case FusedActivation::kRelu: return at::relu(x);
    case FusedActivation::kClamp: return at::clamp(x, low, high);
    case FusedActivation::kSilu: return at::silu(x);
    case FusedActivation::kSigmoid: return at::sigmoid(x);
    case FusedActivation::kHardswish: return at::hardswish(x);
    case FusedActivation::kHardsigmoid: return at::hardsigmoid(x);
    case FusedActivation::kGeluErf: return at::gelu(x, "none");
    case FusedActivation::kGeluTanh: return at::gelu(x, "tanh");
  }
  throw std::invalid_argument("unknown fused activation " + std::to_string(kind));
}

at::Tensor conv2d(const at::Tensor& input, const at::Tensor& weight,
                  const c10::optional<at::Tensor>& bias, at::IntArrayRef stride,
                  at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                  int64_t preActivation, double preLow, double preHigh,
                  const c10::optional<at::Tensor>& residual, int64_t postActivation,
                  double postLow, double postHigh, bool /*channelsLastOutput: a layout only*/) {
  at::Tensor y = at::conv2d(input, weight, bias, stride, padding, dilation, groups);
  y = activate(y, preActivation, preLow, preHigh);
  if (residual) y = y + *residual;
  return activate(y, postActivation, postLow, postHigh);
}

at::Tensor maxPool2d(const at::Tensor& self, at::IntArrayRef kernel, at::IntArrayRef stride,
                     at::IntArrayRef padding, at::IntArrayRef dilation, bool ceilMode) {
  return at::max_pool2d(self, kernel, stride, padding, dilation, ceilMode);
}

at::Tensor cat(at::TensorList tensors, int64_t dim) { return at::cat(tensors, dim); }

at::Tensor channelShuffle(const at::Tensor& self, int64_t groups) {
  auto sizes = self.sizes();
  return self.reshape({sizes[0], groups, sizes[1] / groups, sizes[2], sizes[3]})
      .transpose(1, 2)
      .reshape(sizes);
}

at::Tensor sliceChannels(const at::Tensor& self, int64_t start, int64_t end) {
  return self.slice(1, start, end).contiguous();
}

at::Tensor scaleChannels(const at::Tensor& self, const at::Tensor& scales) { return self * scales; }

at::Tensor linear(const at::Tensor& input, const at::Tensor& weight,
                  const c10::optional<at::Tensor>& bias, int64_t activation, double low,
                  double high) {
  return activate(at::linear(input, weight, bias), activation, low, high);
}

at::Tensor matmulTransposed(const at::Tensor& self, const at::Tensor& other, bool selfTransposed,
                            bool otherTransposed) {
  return at::matmul(selfTransposed ? self.transpose(-1, -2) : self,
                    otherTransposed ? other.transpose(-1, -2) : other);
}

at::Tensor extremeValues(const at::Tensor& self, int64_t dim, bool keepdim, bool maximum) {
  return maximum ? at::amax(self, dim, keepdim) : at::amin(self, dim, keepdim);
}

at::Tensor extremeIndex(const at::Tensor& self, int64_t dim, bool keepdim, bool maximum) {
  return maximum ? at::argmax(self, dim, keepdim) : at::argmin(self, dim, keepdim);
}

at::Tensor topkIndices(const at::Tensor& self, int64_t k, int64_t dim, bool largest) {
  return std::get<1>(at::topk(self, k, dim, largest, true));
}

}  // namespace

void registerFusedOps() {
  static std::once_flag once;
  std::call_once(once, [] {
    static torch::Library library(torch::Library::DEF, "aotc", c10::nullopt, __FILE__, __LINE__);
    library.def(
        "aotc::conv2d(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, "
        "int[] dilation, int groups, int pre_activation, float pre_low, float pre_high, "
        "Tensor? residual, int post_activation, float post_low, float post_high, "
        "bool channels_last_output) -> Tensor",
        &conv2d);
    library.def(
        "aotc::max_pool2d_nhwc(Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, "
        "int[2] dilation, bool ceil_mode) -> Tensor",
        &maxPool2d);
    library.def("aotc::cat_nhwc(Tensor[] tensors, int dim) -> Tensor", &cat);
    library.def("aotc::channel_shuffle_nhwc(Tensor self, int groups) -> Tensor", &channelShuffle);
    library.def("aotc::slice_channels_nhwc(Tensor self, int start, int end) -> Tensor",
                &sliceChannels);
    library.def("aotc::scale_channels_nhwc(Tensor self, Tensor scales) -> Tensor",
                &scaleChannels);
    library.def(
        "aotc::linear(Tensor input, Tensor weight, Tensor? bias, int activation, float low, "
        "float high) -> Tensor",
        &linear);
    library.def(
        "aotc::matmul_t(Tensor self, Tensor other, bool self_transposed, bool other_transposed) "
        "-> Tensor",
        &matmulTransposed);
    library.def("aotc::extreme_values(Tensor self, int dim, bool keepdim, bool maximum) -> Tensor",
                &extremeValues);
    library.def("aotc::extreme_index(Tensor self, int dim, bool keepdim, bool maximum) -> Tensor",
                &extremeIndex);
    library.def("aotc::topk_indices(Tensor self, int k, int dim, bool largest) -> Tensor",
                &topkIndices);
  });
}

c10::Symbol fusedConvSymbol() { return c10::Symbol::fromQualString("aotc::conv2d"); }
c10::Symbol channelsLastMaxPoolSymbol() {
  return c10::Symbol::fromQualString("aotc::max_pool2d_nhwc");
}
c10::Symbol channelsLastCatSymbol() { return c10::Symbol::fromQualString("aotc::cat_nhwc"); }
c10::Symbol channelsLastShuffleSymbol() {
  return c10::Symbol::fromQualString("aotc::channel_shuffle_nhwc");
}
c10::Symbol channelsLastSliceSymbol() {
  return c10::Symbol::fromQualString("aotc::slice_channels_nhwc");
}
c10::Symbol channelsLastScaleSymbol() {
  return c10::Symbol::fromQualString("aotc::scale_channels_nhwc");
}
c10::Symbol fusedLinearSymbol() { return c10::Symbol::fromQualString("aotc::linear"); }
c10::Symbol transposedMatmulSymbol() { return c10::Symbol::fromQualString("aotc::matmul_t"); }
c10::Symbol extremeValuesSymbol() { return c10::Symbol::fromQualString("aotc::extreme_values"); }
c10::Symbol extremeIndexSymbol() { return c10::Symbol::fromQualString("aotc::extreme_index"); }
c10::Symbol topkIndicesSymbol() { return c10::Symbol::fromQualString("aotc::topk_indices"); }

}  // namespace aotc::lower
