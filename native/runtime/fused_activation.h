// The activation a fused external call (aotc_dnnl_conv2d, aotc_dnnl_linear) applies, as the
// compiler encodes it in the call's extra_args; its bounds follow as doubles (bit patterns).
#pragma once

#include <cstdint>

namespace aotc::runtime {

enum class FusedActivation : int64_t {
  kNone = 0,
  kRelu = 1,
  kClamp = 2,  // to [low, high]
  kSilu = 3,   // x * sigmoid(x)
  kSigmoid = 4,
  kHardswish = 5,  // x * clamp(x + 3, 0, 6) / 6
  kHardsigmoid = 6,  // clamp(x + 3, 0, 6) / 6
  kGeluErf = 7,      // x * (1 + erf(x / sqrt(2))) / 2: aten::gelu, approximate='none'
  kGeluTanh = 8,     // aten::gelu, approximate='tanh'
};

// The activations our Winograd convolution's epilogue applies (comparisons only).
inline bool isNoneReluOrClamp(FusedActivation kind) {
  return kind == FusedActivation::kNone || kind == FusedActivation::kRelu ||
         kind == FusedActivation::kClamp;
}

}  // namespace aotc::runtime
