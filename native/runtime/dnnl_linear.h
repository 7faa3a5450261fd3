// The fully connected layer our kernels call: aotc_dnnl_linear, an external function (NNC's
// calling convention) running a oneDNN inner product with the weights reordered once into the
// layout its kernels read, bias and an activation fused. y[..., N] = x[..., K] W^T + b, the
// leading dimensions of x flattened into rows. oneDNN's brgemm kernels measured 2-5x faster
// here than libtorch's addmm (OpenBLAS) for the MLP and transformer shapes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aotc::runtime {

inline constexpr const char* kDnnlLinearFunction = "aotc_dnnl_linear";

// Buffers: 0 the output [..., N], 1 the input [..., K], 2 the weight [N, K], 3 the bias [N] if
// hasBias. extra_args: hasBias, then the activation (FusedActivation, fused_activation.h) and its
// bounds (doubles as bit patterns), then the MatmulPrecision (matmul_precision.h; kernels
// compiled before it existed pass one argument fewer, and get kHighest).
enum DnnlLinearArg : int { kLinearHasBias, kLinearActivation, kLinearLow, kLinearHigh,
                           kLinearPrecision, kDnnlLinearArgCount };

// oneDNN's names of the implementations prepared so far for the layers with this weight buffer
// (e.g. "brgemm:avx512_core_amx_bf16"): for tests and diagnostics.
std::vector<std::string> linearImplementations(const void* weights);

}  // namespace aotc::runtime

extern "C" void aotc_dnnl_linear(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* extra_args);
