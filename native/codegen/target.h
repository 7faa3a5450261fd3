// The machine a kernel is generated for. No libtorch here.
#pragma once

#include <string>

namespace aotc::codegen {

struct TargetSpec {
  std::string triple;    // empty = host
  std::string cpu;       // empty = host CPU
  std::string features;  // empty = host features (when cpu is empty) or none
  // Vectorise transcendental math (exp, log, tanh, ...) with SLEEF's SIMD functions
  // (Sleef_expf16_u10, ...). The kernel then references libsleef symbols: libtorch_cpu loads
  // libsleef, so they resolve in a process that has libtorch; a standalone kernel library
  // must link -lsleef. Off: those calls stay scalar libm calls.
  bool sleefVectorMath = true;
};

// The host's triple, CPU name and feature string, as LLVM sees them.
TargetSpec hostTarget();

}  // namespace aotc::codegen
