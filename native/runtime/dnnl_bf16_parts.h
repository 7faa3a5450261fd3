// Operands of oneDNN primitives at high precision (MatmulPrecision::kHigh): float32 data split
// into bfloat16 parts along the reduction dimension (bf16_split.h), with that dimension three
// times as long. Activations are split on every run into scratch memory; weights once.
#pragma once

#include <cstddef>

#include <oneapi/dnnl/dnnl.hpp>

#include "runtime/buffer_views.h"
#include "runtime/dnnl_context.h"

namespace aotc::runtime {

// Whether high precision's three bfloat16 products outrun one float32 product for an output
// of rows x columns: only where the matrix units fill whole tiles. Measured on a 1024 -> 256
// linear layer (AMX, 1 thread): 8 rows 0.092 vs 0.058 ms in float32, 16 rows even, 32 rows
// 0.113 vs 0.138, 64 rows 0.24 vs 0.30; the float32 path is also the more precise one.
bool splitPartsPay(int64_t rows, int64_t columns);

// Row-major strides for `sizes` with dimension `reduced` three times as long.
Dims tripledRowMajor(const Dims& sizes, size_t reduced);

// Dense strides for `sizes` with dimension `reduced` three times as long, in the dimension
// order of `strides` (denseStridesLike): a transposed operand splits without transposing.
Dims tripledLike(const Dims& sizes, const Dims& strides, size_t reduced);

// Row-major float32 weights of `dims` split along `reduced` in the right operand's order
// ([w_hi w_lo w_hi]) and reordered into `wanted`, the primitive's bfloat16 weight layout.
PreparedWeights splitWeights(const void* data, const dnnl::memory::dims& dims, size_t reduced,
                             const dnnl::memory::desc& wanted);

}  // namespace aotc::runtime
