#include "runtime/kernel_provider.h"

#include <utility>

namespace aotc::runtime {
namespace {
KernelProvider& installed() {
  static KernelProvider provider;
  return provider;
}
}  // namespace

// Installed once at start-up (before any model loads), then only read.
void setKernelProvider(KernelProvider provider) { installed() = std::move(provider); }

const KernelProvider& kernelProvider() { return installed(); }

}  // namespace aotc::runtime
