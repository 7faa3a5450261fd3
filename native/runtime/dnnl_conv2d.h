// The convolution our kernels call: aotc_dnnl_conv2d, an external function (NNC's calling
// convention, see codegen/emit_external_call.cpp) running a oneDNN convolution whose weights
// are reordered once into the layout oneDNN's kernels want, with bias, a clamp, a residual add
// and a second clamp fused into it. Activations are read and written in channels-last (NHWC)
// layout, which oneDNN's direct AVX-512 kernels read directly; a buffer in another layout, or a
// convolution done by oneDNN's Winograd kernels (blocked layout), goes through a reorder. On
// CPUs for which oneDNN has no Winograd kernel (AVX2), 3x3 stride-1 convolutions over dense NHWC
// buffers run our own (winograd_conv3x3.h), with the same fused operations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/fused_activation.h"

namespace aotc::runtime {

inline constexpr const char* kDnnlConv2dFunction = "aotc_dnnl_conv2d";

// Buffers: 0 the output, 1 the input, 2 the weight ([OC, IC/groups, KH, KW]), then the bias
// ([OC]) if hasBias, then the residual (the output's shape) if hasResidual.
// extra_args, in this order (int64; the bounds are doubles passed as their bit patterns):
enum DnnlConv2dArg : int {
  kStrideH, kStrideW, kPadH, kPadW, kDilationH, kDilationW, kGroups, kHasBias, kHasResidual,
  kPreActivation, kPreLow, kPreHigh,    // applied to conv + bias
  kPostActivation, kPostLow, kPostHigh,  // applied after the residual add
  kConvPrecision,  // MatmulPrecision (matmul_precision.h); absent from older kernels: kHighest
  kDnnlConv2dArgCount
};

// oneDNN's names of the implementations prepared so far for the convolutions with this weight
// buffer (e.g. "brgconv:avx512_core", "jit_fp32_wino_2x3:avx512_core", or ours,
// "aotc_winograd_4x4_3x3:avx2+gemm:jit"): for tests and diagnostics.
std::vector<std::string> convolutionImplementations(const void* weights);

}  // namespace aotc::runtime

extern "C" void aotc_dnnl_conv2d(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* extra_args);
