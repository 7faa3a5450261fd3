#include "runtime/dtype_names.h"

#include <stdexcept>

namespace aotc::runtime {

std::string dtypeName(c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Float: return "float32";
    case c10::ScalarType::Double: return "float64";
    case c10::ScalarType::Long: return "int64";
    case c10::ScalarType::Int: return "int32";
    case c10::ScalarType::Short: return "int16";
    case c10::ScalarType::Char: return "int8";
    case c10::ScalarType::Byte: return "uint8";
    case c10::ScalarType::Bool: return "bool";
    case c10::ScalarType::Half: return "float16";
    default: return c10::toString(type);
  }
}

c10::ScalarType dtypeFromName(const std::string& name) {
  if (name == "float32") return c10::ScalarType::Float;
  if (name == "float64") return c10::ScalarType::Double;
  if (name == "int64") return c10::ScalarType::Long;
  if (name == "int32") return c10::ScalarType::Int;
  if (name == "uint8") return c10::ScalarType::Byte;
  if (name == "bool") return c10::ScalarType::Bool;
  throw std::invalid_argument("unknown dtype '" + name +
                              "' (expected float32, float64, int64, int32, uint8 or bool)");
}

}  // namespace aotc::runtime
