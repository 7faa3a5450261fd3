// The machine a kernel is generated for. No libtorch here.
#pragma once

#include <string>

namespace aotc::codegen {

struct TargetSpec {
  std::string triple;    // empty = host
  std::string cpu;       // empty = host CPU
  std::string features;  // empty = host features (when cpu is empty) or none
};

// The host's triple, CPU name and feature string, as LLVM sees them.
TargetSpec hostTarget();

}  // namespace aotc::codegen
