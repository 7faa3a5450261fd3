#include "runtime/bf16_split.h"

#include <cstring>

#include <ATen/Parallel.h>
// GCC 12's AVX-512 intrinsics warn of their own placeholder operands (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

namespace aotc::runtime {
namespace {

constexpr uint32_t kExponent = 0x7F800000u;
constexpr uint32_t kMantissa = 0x007FFFFFu;
constexpr uint32_t kQuietBit = 0x00400000u;
constexpr uint32_t kHighHalf = 0xFFFF0000u;
constexpr uint32_t kSign = 0x80000000u;

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float floatOf(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// A finite float's bits rounded to bfloat16 (in the high half) as the CPU's conversion
// (VCVTNEPS2BF16) rounds them: to nearest, ties to even; subnormals to zero of their sign.
uint32_t roundedHigh(uint32_t bits) {
  if ((bits & kExponent) == 0) return bits & kSign;
  return (bits + 0x7FFFu + ((bits >> 16) & 1u)) & kHighHalf;
}

// Where each part goes: the index into parts[] of the two high copies and of the low part.
struct PartSlots {
  int high0, high1, low;
};

PartSlots slotsOf(SplitOrder order) {
  return order == SplitOrder::kHighHighLow ? PartSlots{0, 1, 2} : PartSlots{0, 2, 1};
}

void splitScalar(const float* src, int64_t srcStride, int64_t count, uint16_t* const parts[3],
                 int64_t dstStride, SplitOrder order) {
  const PartSlots slots = slotsOf(order);
  for (int64_t i = 0; i < count; ++i) {
    const Bf16Parts value = splitToBf16(src[i * srcStride]);
    parts[slots.high0][i * dstStride] = value.high;
    parts[slots.high1][i * dstStride] = value.high;
    parts[slots.low][i * dstStride] = value.low;
  }
}

#define AOTC_AVX512_BF16 __attribute__((target("avx512f,avx512bw,avx512dq,avx512bf16")))

// 16 bfloat16 values (the low or high half of `packed`) as float32.
AOTC_AVX512_BF16 inline __m512 widen(__m256i half) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16));
}

// splitToBf16 on 32 values at a time with the CPU's float32-to-bfloat16 conversion (AVX512-BF16,
// which every CPU with native bfloat16 products has); a block holding an infinity, a NaN or a
// value that rounds past bfloat16's range, and the tail, go one value at a time.
AOTC_AVX512_BF16 void splitBf16Instructions(const float* src, int64_t count,
                                            uint16_t* const parts[3], SplitOrder order) {
  const PartSlots slots = slotsOf(order);
  uint16_t* const high0 = parts[slots.high0];
  uint16_t* const high1 = parts[slots.high1];
  uint16_t* const low = parts[slots.low];
  constexpr int kNotFinite = 0x01 | 0x08 | 0x10 | 0x80;  // fpclass: QNaN, +inf, -inf, SNaN
  int64_t i = 0;
  for (; i + 32 <= count; i += 32) {
    const __m512 first = _mm512_loadu_ps(src + i), second = _mm512_loadu_ps(src + i + 16);
    const __m512i high = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(second, first));
    const __m512 highFirst = widen(_mm512_castsi512_si256(high));
    const __m512 highSecond = widen(_mm512_extracti64x4_epi64(high, 1));
    if ((_mm512_fpclass_ps_mask(highFirst, kNotFinite) |
         _mm512_fpclass_ps_mask(highSecond, kNotFinite)) != 0) {
      uint16_t* const block[3] = {parts[0] + i, parts[1] + i, parts[2] + i};
      splitScalar(src + i, 1, 32, block, 1, order);
      continue;
    }
    const __m512i rest = reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(
        _mm512_sub_ps(second, highSecond), _mm512_sub_ps(first, highFirst)));
    _mm512_storeu_si512(high0 + i, high);
    _mm512_storeu_si512(high1 + i, high);
    _mm512_storeu_si512(low + i, rest);
  }
  uint16_t* const tail[3] = {parts[0] + i, parts[1] + i, parts[2] + i};
  splitScalar(src + i, 1, count - i, tail, 1, order);
}

bool hasBf16Instructions() {
  static const bool has = __builtin_cpu_supports("avx512f") &&
                          __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512bf16");
  return has;
}

}  // namespace

Bf16Parts splitToBf16(float value) {
  const uint32_t bits = bitsOf(value);
  if ((bits & kExponent) == kExponent) {
    const uint32_t high = (bits & kHighHalf) | ((bits & kMantissa) != 0 ? kQuietBit : 0u);
    return {static_cast<uint16_t>(high >> 16), 0};
  }
  uint32_t high = roundedHigh(bits);
  if ((high & kExponent) == kExponent) high = bits & kHighHalf;  // rounding overflowed
  const float low = value - floatOf(high);  // exact
  return {static_cast<uint16_t>(high >> 16), static_cast<uint16_t>(roundedHigh(bitsOf(low)) >> 16)};
}

void splitSpan(const float* src, int64_t count, uint16_t* const parts[3], SplitOrder order) {
  if (hasBf16Instructions()) {
    splitBf16Instructions(src, count, parts, order);
  } else {
    splitScalar(src, 1, count, parts, 1, order);
  }
}
void splitOperand(const float* src, const Dims& sizes, const Dims& strides, size_t reduced,
                  uint16_t* dst, const Dims& dstStrides, SplitOrder order) {
  const size_t rank = sizes.size();
  // Rows along the source's unit-stride dimension (the last one if none has unit stride).
  size_t inner = rank - 1;
  for (size_t d = 0; d < rank; ++d) {
    if (strides[d] == 1 && sizes[d] > 1) inner = d;
  }
  const int64_t rowLength = sizes[inner];
  int64_t rows = 1;
  for (size_t d = 0; d < rank; ++d) rows *= d == inner ? 1 : sizes[d];
  if (rows == 0 || rowLength == 0) return;
  const int64_t partStride = sizes[reduced] * dstStrides[reduced];
  const bool dense = strides[inner] == 1 && dstStrides[inner] == 1;
  constexpr int64_t kGrainElements = 16384;
  const int64_t grain = std::max<int64_t>(1, kGrainElements / rowLength);
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      // The row's offsets: its index over the other dimensions, innermost last.
      int64_t rest = row, from = 0, to = 0;
      for (size_t d = rank; d-- > 0;) {
        if (d == inner) continue;
        const int64_t index = rest % sizes[d];
        rest /= sizes[d];
        from += index * strides[d];
        to += index * dstStrides[d];
      }
      uint16_t* const parts[3] = {dst + to, dst + to + partStride, dst + to + 2 * partStride};
      if (dense) {
        splitSpan(src + from, rowLength, parts, order);
      } else {
        splitScalar(src + from, strides[inner], rowLength, parts, dstStrides[inner], order);
      }
    }
  });
}

}  // namespace aotc::runtime

#pragma GCC diagnostic pop
