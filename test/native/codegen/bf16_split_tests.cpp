// High matmul precision's split of float32 values into two bfloat16 parts (runtime/bf16_split):
// high + low holds a value to 2^-16 of it, infinities and NaNs stay what they are (no NaN from
// inf - inf, no infinity from rounding the largest floats up), the 32-value path gives what the
// one-value path gives (subnormals becoming zeros of their sign in both, as the CPU's
// conversion and the matrix units treat them), and an operand's parts land along its reduced dimension in the order
// asked for, whatever its strides.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "runtime/bf16_split.h"
#include "runtime/dnnl_bf16_parts.h"
#include "test_support.h"

namespace aotc::test {
namespace {

using runtime::Bf16Parts;
using runtime::SplitOrder;

float fromBf16(uint16_t half) {
  const uint32_t bits = static_cast<uint32_t>(half) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

float fromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::vector<float> edgeValues() {
  const float inf = std::numeric_limits<float>::infinity();
  return {0.f, -0.f, 1.f, -1.f, 1.f / 3, -3.14159265f, 0.1f, 1e-30f, -1e30f, 65504.f,
          std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
          fromBits(0x7F7FFFFFu - 0x100u),  // rounds up past bfloat16's largest finite value
          std::numeric_limits<float>::min(), 1e-40f /* subnormal */, inf, -inf,
          std::numeric_limits<float>::quiet_NaN(), fromBits(0x7F800001u) /* NaN, low payload */,
          fromBits(0xFF800001u), 1.00390625f /* a bfloat16 tie */, 1.01171875f};
}

std::string show(float value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9g (0x%08x)", value,
                [&] { uint32_t b; std::memcpy(&b, &value, sizeof b); return b; }());
  return text;
}

void expectParts(float value, Bf16Parts parts) {
  const float high = fromBf16(parts.high), low = fromBf16(parts.low);
  if (std::isnan(value)) {
    expect(std::isnan(high) && low == 0.f, "NaN's parts for " + show(value));
    return;
  }
  if (std::isinf(value)) {
    expect(high == value && low == 0.f, "infinity's parts for " + show(value));
    return;
  }
  expect(std::isfinite(high) && std::isfinite(low), "a finite value split into infinite parts: " + show(value));
  const double sum = static_cast<double>(high) + low;
  const double error = std::fabs(sum - value);
  // 2^-16 of the value; subnormal low parts are read as zero by the matrix units anyway.
  expect(error <= std::ldexp(std::fabs(value), -16) + 1e-38,
         "high + low = " + show(static_cast<float>(sum)) + " for " + show(value));
  expect(std::signbit(high) == std::signbit(value) || high == 0.f, "the high part's sign for " + show(value));
}

}  // namespace

void runBf16SplitTests() {
  runCase("bf16 split: high + low holds a value to 2^-16; infinities and NaNs stay", [] {
    for (float value : edgeValues()) expectParts(value, runtime::splitToBf16(value));
    // Powers of two and values between them.
    for (int e = -120; e <= 120; e += 7) {
      for (float m : {1.f, 1.2345678f, 1.9999999f}) {
        expectParts(std::ldexp(m, e), runtime::splitToBf16(std::ldexp(m, e)));
        expectParts(-std::ldexp(m, e), runtime::splitToBf16(-std::ldexp(m, e)));
      }
    }
  });

  runCase("bf16 split: a span (32 values at a time, then the tail) as one value at a time", [] {
    // Blocks of 32: finite values only (subnormals, values with subnormal low parts, ties,
    // zeros), one with an infinity, one with a value rounding past bfloat16's range, finite
    // ones again; then a tail of 7 holding every edge value.
    std::vector<float> values;
    for (int i = 0; values.size() < 32; ++i) values.push_back(std::sin(i * 0.7f) * std::exp2(i % 40 - 20));
    values[3] = 1e-40f, values[4] = -1e-40f, values[5] = std::ldexp(1.2345678f, -120);
    values[6] = -0.f, values[7] = 0.f, values[8] = 1.00390625f, values[9] = -1.01171875f;
    for (int i = 0; values.size() < 64; ++i) values.push_back(std::cos(i * 0.3f) * 3.f);
    values[40] = std::numeric_limits<float>::infinity();
    for (int i = 0; values.size() < 96; ++i) values.push_back(std::cos(i * 0.3f) * 1e30f);
    values[70] = fromBits(0x7F7FFFFFu - 0x100u);
    for (int i = 0; values.size() < 128; ++i) values.push_back(1.f / (i + 1.f));
    for (float value : edgeValues()) values.push_back(value);
    for (SplitOrder order : {SplitOrder::kHighHighLow, SplitOrder::kHighLowHigh}) {
      const int64_t n = static_cast<int64_t>(values.size());
      std::vector<uint16_t> out(3 * n, 0xDEAD);
      uint16_t* const parts[3] = {out.data(), out.data() + n, out.data() + 2 * n};
      runtime::splitSpan(values.data(), n, parts, order);
      const int lowSlot = order == SplitOrder::kHighHighLow ? 2 : 1;
      for (int64_t i = 0; i < n; ++i) {
        const Bf16Parts want = runtime::splitToBf16(values[i]);
        expectParts(values[i], want);
        for (int slot = 0; slot < 3; ++slot) {
          const uint16_t expected = slot == lowSlot ? want.low : want.high;
          expect(parts[slot][i] == expected, "part " + std::to_string(slot) + " of value " +
                                                 std::to_string(i) + " = " + show(values[i]));
        }
      }
    }
  });

  runCase("bf16 split: a transposed operand's parts land along its reduced dimension", [] {
    // b = [K=5, N=3] given transposed (N-major: strides {1, 5}), split along K in the right
    // operand's order into [3K, N] laid out like it (tripledLike).
    const int64_t k = 5, n = 3;
    std::vector<float> data(k * n);
    for (size_t i = 0; i < data.size(); ++i) data[i] = 0.1f + 0.37f * static_cast<float>(i);
    const int64_t sizes[] = {k, n}, strides[] = {1, k};
    runtime::Dims dimSizes(sizes, 2), dimStrides(strides, 2);
    const runtime::Dims partStrides = runtime::tripledLike(dimSizes, dimStrides, 0);
    expect(partStrides[0] == 1 && partStrides[1] == 3 * k, "parts not laid out like the operand");
    std::vector<uint16_t> parts(3 * k * n);
    runtime::splitOperand(data.data(), dimSizes, dimStrides, 0, parts.data(), partStrides,
                          SplitOrder::kHighLowHigh);
    for (int64_t r = 0; r < k; ++r) {
      for (int64_t c = 0; c < n; ++c) {
        const Bf16Parts want = runtime::splitToBf16(data[r * strides[0] + c * strides[1]]);
        const uint16_t got[3] = {parts[r * partStrides[0] + c * partStrides[1]],
                                 parts[(k + r) * partStrides[0] + c * partStrides[1]],
                                 parts[(2 * k + r) * partStrides[0] + c * partStrides[1]]};
        expect(got[0] == want.high && got[1] == want.low && got[2] == want.high,
               "parts of [" + std::to_string(r) + "," + std::to_string(c) + "]");
      }
    }
  });
}

}  // namespace aotc::test
