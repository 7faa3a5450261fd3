// Element type names as users see them (onnxruntime-node's spelling: float32, int64, ...).
#pragma once

#include <string>

#include <c10/core/ScalarType.h>

namespace aotc::runtime {

std::string dtypeName(c10::ScalarType type);

// Throws std::invalid_argument for an unknown name.
c10::ScalarType dtypeFromName(const std::string& name);

}  // namespace aotc::runtime
