#include "runtime/matmul_precision.h"

#include <stdexcept>

namespace aotc::runtime {

const char* matmulPrecisionName(MatmulPrecision precision) {
  switch (precision) {
    case MatmulPrecision::kMedium: return "medium";
    case MatmulPrecision::kHigh: return "high";
    case MatmulPrecision::kHighest: break;
  }
  return "highest";
}

MatmulPrecision parseMatmulPrecision(const std::string& name) {
  if (name == "highest") return MatmulPrecision::kHighest;
  if (name == "high") return MatmulPrecision::kHigh;
  if (name == "medium") return MatmulPrecision::kMedium;
  throw std::invalid_argument(
      "matmul precision must be 'highest' (float32), 'high' (operands as sums of two bfloat16 "
      "numbers, float32 sums) or 'medium' (bfloat16 products, float32 sums), got '" + name + "'");
}

MatmulPrecision matmulPrecisionFromArg(int64_t value) {
  if (value == static_cast<int64_t>(MatmulPrecision::kHighest)) return MatmulPrecision::kHighest;
  if (value == static_cast<int64_t>(MatmulPrecision::kMedium)) return MatmulPrecision::kMedium;
  if (value == static_cast<int64_t>(MatmulPrecision::kHigh)) return MatmulPrecision::kHigh;
  throw std::invalid_argument("unknown matmul precision " + std::to_string(value));
}

}  // namespace aotc::runtime
