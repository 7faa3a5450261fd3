// Float32 values as the sum of two bfloat16 numbers (high + low), for MatmulPrecision::kHigh:
// a product a*b is then a_hi*b_hi + a_hi*b_lo + a_lo*b_hi (a_lo*b_lo, about 2^-16 of it, is
// dropped), three bfloat16 products with float32 sums that the matrix units (AMX) do several
// times faster than one float32 product. Concatenating the parts along the reduction
// dimension turns those three products into one: [a_hi a_hi a_lo] times [b_hi b_lo b_hi]
// (left operand in kHighHighLow order, right in kHighLowHigh).
#pragma once

#include <cstdint>

#include "runtime/buffer_views.h"

namespace aotc::runtime {

enum class SplitOrder { kHighHighLow, kHighLowHigh };

// The high part is `value` rounded to nearest-even bfloat16 (towards zero where that would
// overflow to infinity), the low part the rest rounded to nearest-even; infinities and NaNs are
// their own high part with a zero low part, so that they propagate as in float32. Subnormal
// values and low parts become zeros of their sign, as the CPU's conversion (AVX512-BF16) makes
// them and the matrix units read them anyway.
struct Bf16Parts {
  uint16_t high, low;
};
Bf16Parts splitToBf16(float value);

// Writes the parts of src[0, count) to parts[0..2][0, count) in `order`.
void splitSpan(const float* src, int64_t count, uint16_t* const parts[3], SplitOrder order);

// Splits a float32 operand (sizes, strides in elements) into a bfloat16 one whose reduction
// dimension `reduced` is three times as long, holding the three parts one after another in
// `order`; `dst` has `dstStrides`. Rows along the source's unit-stride dimension are split in
// parallel (at::parallel_for).
void splitOperand(const float* src, const Dims& sizes, const Dims& strides, size_t reduced,
                  uint16_t* dst, const Dims& dstStrides, SplitOrder order);

}  // namespace aotc::runtime
