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

// Rounds a finite float's bits to the nearest bfloat16, ties to even (kept in the high half).
uint32_t roundedHigh(uint32_t bits) { return (bits + 0x7FFFu + ((bits >> 16) & 1u)) & kHighHalf; }

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

#define AOTC_AVX512 __attribute__((target("avx512f,avx512bw")))

// roundedHigh on 16 lanes.
AOTC_AVX512 inline __m512i roundedHigh16(__m512i bits) {
  const __m512i odd = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
  return _mm512_and_si512(_mm512_add_epi32(_mm512_add_epi32(bits, _mm512_set1_epi32(0x7FFF)), odd),
                          _mm512_set1_epi32(static_cast<int>(kHighHalf)));
}

// Stores the high halves of 16 lanes as bfloat16.
AOTC_AVX512 inline void storeHigh16(uint16_t* to, __m512i bits) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(to),
                      _mm512_cvtepi32_epi16(_mm512_srli_epi32(bits, 16)));
}

// splitToBf16 on 16 values at a time; the tail is scalar.
AOTC_AVX512 void splitAvx512(const float* src, int64_t count, uint16_t* const parts[3],
                             SplitOrder order) {
  const PartSlots slots = slotsOf(order);
  const __m512i exponent = _mm512_set1_epi32(static_cast<int>(kExponent));
  const __m512i mantissa = _mm512_set1_epi32(static_cast<int>(kMantissa));
  const __m512i quiet = _mm512_set1_epi32(static_cast<int>(kQuietBit));
  const __m512i highHalf = _mm512_set1_epi32(static_cast<int>(kHighHalf));
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) {
    const __m512 value = _mm512_loadu_ps(src + i);
    const __m512i bits = _mm512_castps_si512(value);
    const __mmask16 special =
        _mm512_cmpeq_epi32_mask(_mm512_and_si512(bits, exponent), exponent);
    __m512i high = roundedHigh16(bits);
    const __mmask16 overflowed =
        _mm512_cmpeq_epi32_mask(_mm512_and_si512(high, exponent), exponent);
    high = _mm512_mask_blend_epi32(overflowed | special, high, _mm512_and_si512(bits, highHalf));
    const __mmask16 nan = _mm512_mask_test_epi32_mask(special, bits, mantissa);
    high = _mm512_mask_or_epi32(high, nan, high, quiet);
    // Infinities and NaNs keep a zero low part (inf - inf would make it NaN).
    const __m512 low = _mm512_maskz_sub_ps(static_cast<__mmask16>(~special), value,
                                           _mm512_castsi512_ps(high));
    storeHigh16(parts[slots.high0] + i, high);
    storeHigh16(parts[slots.high1] + i, high);
    storeHigh16(parts[slots.low] + i, roundedHigh16(_mm512_castps_si512(low)));
  }
  uint16_t* const tail[3] = {parts[0] + i, parts[1] + i, parts[2] + i};
  splitScalar(src + i, 1, count - i, tail, 1, order);
}

bool hasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
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
  if (hasAvx512()) {
    splitAvx512(src, count, parts, order);
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
