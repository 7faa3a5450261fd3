// The machine a kernel is generated for. No libtorch here.
#pragma once

#include <string>
#include <vector>

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

// `spec` with defaults filled in: no triple = the host's; no CPU = the host CPU with its
// features on the host's architecture, else "generic". Throws std::invalid_argument, listing
// the valid choices, for a triple or CPU LLVM does not know.
TargetSpec resolveTarget(const TargetSpec& spec);

// The instruction-set features code generated for a resolved spec may use (LLVM names, no
// '+'), including those a CPU name implies.
std::vector<std::string> enabledFeatures(const TargetSpec& resolved);

// Throws std::runtime_error explaining why code for `triple` using `features` cannot run on
// this machine: another architecture, or CPU features the host lacks.
void checkRunsOnHost(const std::string& triple, const std::vector<std::string>& features);

}  // namespace aotc::codegen
