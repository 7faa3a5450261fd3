// How precisely matrix products (fully connected layers, matmul, convolutions) are computed,
// chosen at compile time (--matmul-precision) and passed to each oneDNN external call as its
// last extra argument. The names follow torch.set_float32_matmul_precision:
//   highest  float32 throughout (the default);
//   high     each operand the sum of two bfloat16 numbers, three bfloat16 products summed in
//            float32 (bf16_split.h): a relative error of about 2^-16 per product, faster than
//            float32 where bfloat16 is native (AMX);
//   medium   operands rounded to bfloat16, products summed in float32: on CPUs with native
//            bfloat16 arithmetic (AMX, AVX512-BF16) several times faster, with a relative error
//            of about 2^-8 per product instead of 2^-24. Where the CPU has no native bfloat16
//            kernel the call computes in float32: the setting permits, it does not require.
#pragma once

#include <cstdint>
#include <string>

namespace aotc::runtime {

enum class MatmulPrecision : int64_t { kHighest = 0, kMedium = 1, kHigh = 2 };

const char* matmulPrecisionName(MatmulPrecision precision);

// "highest", "high" or "medium"; throws std::invalid_argument naming the accepted values.
MatmulPrecision parseMatmulPrecision(const std::string& name);

// An external call's precision argument; throws std::invalid_argument if it is none of them.
MatmulPrecision matmulPrecisionFromArg(int64_t value);

}  // namespace aotc::runtime
