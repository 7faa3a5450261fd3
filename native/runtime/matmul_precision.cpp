#include "runtime/matmul_precision.h"

#include <stdexcept>

namespace aotc::runtime {

const char* matmulPrecisionName(MatmulPrecision precision) {
  return precision == MatmulPrecision::kMedium ? "medium" : "highest";
}

MatmulPrecision parseMatmulPrecision(const std::string& name) {
  if (name == "highest") return MatmulPrecision::kHighest;
  if (name == "medium") return MatmulPrecision::kMedium;
  throw std::invalid_argument("matmul precision must be 'highest' (float32) or 'medium' "
                              "(bfloat16 products, float32 sums), got '" + name + "'");
}

MatmulPrecision matmulPrecisionFromArg(int64_t value) {
  if (value == static_cast<int64_t>(MatmulPrecision::kHighest)) return MatmulPrecision::kHighest;
  if (value == static_cast<int64_t>(MatmulPrecision::kMedium)) return MatmulPrecision::kMedium;
  throw std::invalid_argument("unknown matmul precision " + std::to_string(value));
}

}  // namespace aotc::runtime
