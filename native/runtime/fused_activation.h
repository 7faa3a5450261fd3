// The activation a fused external call (aotc_dnnl_conv2d, aotc_dnnl_linear) applies, as the
// compiler encodes it in the call's extra_args; its bounds follow as doubles (bit patterns).
#pragma once

#include <cstdint>

namespace aotc::runtime {

enum class FusedActivation : int64_t { kNone = 0, kRelu = 1, kClamp = 2 };

}  // namespace aotc::runtime
