// The ops this package rewrites into: aotc::conv2d (lower/conv_fusion.cpp),
// aotc::max_pool2d_nhwc, aotc::cat_nhwc, aotc::channel_shuffle_nhwc, aotc::slice_channels_nhwc,
// aotc::scale_channels_nhwc (lower/channels_last_rewrite.cpp), aotc::linear (lower/linear_rewrite.cpp), aotc::matmul_t
// (lower/matmul_rewrite.cpp), aotc::extreme_values and aotc::extreme_index
// (lower/extreme_rewrite.cpp), aotc::topk_indices (lower/topk_rewrite.cpp). Registered with libtorch, with reference
// implementations saying what they mean: TensorExprKernel builds an interpreter fallback of its
// graph, which needs every op to exist. Compiled kernels call the runtime's oneDNN functions.
#pragma once

#include <cstddef>

#include <ATen/core/interned_strings.h>

namespace aotc::lower {

void registerFusedOps();  // idempotent, thread-safe

c10::Symbol fusedConvSymbol();               // aotc::conv2d
c10::Symbol channelsLastMaxPoolSymbol();     // aotc::max_pool2d_nhwc (aten::max_pool2d's schema)
c10::Symbol channelsLastCatSymbol();         // aotc::cat_nhwc (aten::cat's schema)
// aotc::channel_shuffle_nhwc(x, groups): ShuffleNet's channel_shuffle (channel j * groups + g
// of the result is channel g * (C / groups) + j of x)
c10::Symbol channelsLastShuffleSymbol();
// aotc::slice_channels_nhwc(x, start, end): x[:, start:end]
c10::Symbol channelsLastSliceSymbol();
// aotc::scale_channels_nhwc(x, scales): x * scales, scales of sizes [N or 1, C, 1, 1]
c10::Symbol channelsLastScaleSymbol();
c10::Symbol fusedLinearSymbol();             // aotc::linear
// aotc::matmul_t(a, b, a_transposed, b_transposed): a @ b with either operand transposed
// over its last two dimensions (lower/matmul_rewrite.cpp)
c10::Symbol transposedMatmulSymbol();
// aotc::extreme_values(x, dim, keepdim, maximum): amax / amin over one dim; aotc::extreme_index
// (same arguments): argmax / argmin, the first index of the extreme (of a NaN, if any).
c10::Symbol extremeValuesSymbol();
c10::Symbol extremeIndexSymbol();
// aotc::topk_indices(x, k, dim, largest): topk's indices, sorted (its values are a gather).
c10::Symbol topkIndicesSymbol();

// aotc::conv2d's inputs. The activations are FusedActivation values
// (runtime/fused_activation.h).
enum FusedConvInput : size_t {
  kConvInput, kConvWeight, kConvBias, kConvStride, kConvPadding, kConvDilation, kConvGroups,
  kConvPreActivation, kConvPreLow, kConvPreHigh, kConvResidual,
  kConvPostActivation, kConvPostLow, kConvPostHigh, kConvChannelsLastOutput
};

// aotc::linear's inputs.
enum FusedLinearInput : size_t {
  kLinearInput, kLinearWeight, kLinearBias, kLinearActivationKind, kLinearActivationLow,
  kLinearActivationHigh
};

}  // namespace aotc::lower
