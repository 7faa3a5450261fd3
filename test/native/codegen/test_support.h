// Shared helpers for the codegen tests: a tiny check/report harness, kernel compilation
// through generateKernelAssembly + JitKernel, and comparison of raw buffers.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>


#include "codegen/kernel_codegen.h"
#include "codegen/jit_kernel_provider.h"
#include "codegen/kernel_jit.h"
#include "runtime/dnnl_context.h"

namespace aotc::test {

struct Results {
  int passed = 0;
  int failed = 0;
};
inline Results& results() {
  static Results r;
  return r;
}

inline void runCase(const std::string& name, const std::function<void()>& body) {
  try {
    body();
    ++results().passed;
    std::cout << "PASS " << name << std::endl;
  } catch (const std::exception& e) {
    ++results().failed;
    std::cout << "FAIL " << name << ": " << e.what() << std::endl;
  }
}

inline void expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

inline const std::unordered_map<std::string, void*>& externalSymbols() {
  return codegen::kernelExternalSymbols();
}

// Whether this CPU's /proc/cpuinfo lists one of `wanted` among its flags.
inline bool cpuHasFlag(std::initializer_list<const char*> wanted) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream flags(line.substr(line.find(':') + 1));
    std::string flag;
    while (flags >> flag) {
      for (const char* name : wanted) {
        if (flag == name) return true;
      }
    }
    return false;
  }
  return false;
}

// Whether this CPU has native bfloat16 arithmetic (AMX or AVX512-BF16), which medium matmul
// precision uses.
inline bool cpuHasNativeBf16() {
  static const bool has = cpuHasFlag({"amx_bf16", "avx512_bf16"});
  return has;
}

// Whether it has matrix units (AMX), which high matmul precision uses.
inline bool cpuHasMatrixUnits() {
  static const bool has = cpuHasFlag({"amx_bf16"});
  return has;
}

// Medium precision rounds operands to bfloat16 (8 significant bits): each product is off by
// up to ~2^-8 of its size, so a sum by up to that much of the sum of its terms' magnitudes.
inline constexpr double kBf16SumTolerance = 1.0 / 128;
// float32 sums of a few hundred terms stay far inside this share of their terms' magnitudes;
// a medium-precision result beyond it shows that bfloat16 operands were used.
inline constexpr double kFloat32SumTolerance = 1e-5;
// High precision splits each operand into two bfloat16 parts and drops the product of the low
// parts: each product is off by up to ~3 * 2^-16 of its size (bf16_split.h).
inline constexpr double kHighSumTolerance = 1e-4;

// Forgets the oneDNN primitives prepared for a weight buffer when a test case ends, as a
// compiled function does when it is freed: a later case's buffer may reuse the address.
class ForgetPrimitives {
 public:
  explicit ForgetPrimitives(const void* weights) : weights_(weights) {}
  ~ForgetPrimitives() { runtime::releaseDnnlPrimitives(weights_); }
  ForgetPrimitives(const ForgetPrimitives&) = delete;
  ForgetPrimitives& operator=(const ForgetPrimitives&) = delete;

 private:
  const void* weights_;
};

struct CompiledKernel {
  std::string assembly;
  std::unique_ptr<codegen::JitKernel> jit;
};

inline CompiledKernel compileKernel(const codegen::KernelSource& source) {
  CompiledKernel k;
  k.assembly = codegen::generateKernelAssembly(source, codegen::TargetSpec{});
  k.jit = codegen::JitKernel::compile(k.assembly, source.kernelFuncName, externalSymbols());
  return k;
}

// Max abs / rel error between float-like arrays; NaNs must match NaNs, infinities must match.
template <typename T>
void compareFloats(const T* got, const T* want, size_t n, double tol, const std::string& what) {
  double maxAbs = 0;
  for (size_t i = 0; i < n; ++i) {
    const double g = got[i], w = want[i];
    if (std::isnan(w) || std::isnan(g)) {
      expect(std::isnan(w) && std::isnan(g),
             what + ": NaN mismatch at " + std::to_string(i) + " got " + std::to_string(g) +
                 " want " + std::to_string(w));
      continue;
    }
    if (std::isinf(w) || std::isinf(g)) {
      expect(g == w, what + ": inf mismatch at " + std::to_string(i));
      continue;
    }
    const double err = std::fabs(g - w);
    maxAbs = std::max(maxAbs, err);
    if (err > tol * (1.0 + std::fabs(w))) {
      std::ostringstream s;
      s << what << ": mismatch at " << i << " got " << g << " want " << w << " (abs err "
        << err << ")";
      throw std::runtime_error(s.str());
    }
  }
}

}  // namespace aotc::test
