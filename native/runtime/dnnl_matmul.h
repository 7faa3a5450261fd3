// The batched matrix product our kernels call for aten::matmul of float32 operands of rank 2
// or more: aotc_dnnl_matmul, an external function (NNC's calling convention) running a oneDNN
// matmul primitive made once per shape, on the intra-op threads. It replaces libtorch's
// at::matmul (OpenBLAS, which compiled runs keep single-threaded, behind the dispatcher and its
// temporaries): the transformer's attention products.
#pragma once

#include <cstdint>

namespace aotc::runtime {

inline constexpr const char* kDnnlMatmulFunction = "aotc_dnnl_matmul";

// Buffers: 0 the output [..., M, N], 1 a [..., M, K] (or [..., K, M] with transposeA), 2 b
// [..., K, N] (or [..., N, K] with transposeB); a or b of lower rank than the output, or a
// batch dimension of size 1 in them, broadcasts. extra_args: the MatmulPrecision (matmul_precision.h), then transposeA and
// transposeB (1: that operand enters the product transposed over its last two dimensions,
// read through swapped strides). Kernels compiled before these existed pass none (kHighest,
// no transpose).
enum DnnlMatmulArg : int {
  kMatmulPrecision, kMatmulTransposeA, kMatmulTransposeB, kDnnlMatmulArgCount
};

}  // namespace aotc::runtime

extern "C" void aotc_dnnl_matmul(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* extra_args);
