// Where a compiled function's machine code comes from when no kernel is linked into the
// program for its id: a provider the host program installs. The Node addon installs one that
// JIT-compiles the function's kernel_ir (codegen/jit_kernel_provider.h); a C++ app that links
// its kernels' objects needs none. Keeps this runtime library free of LLVM.
#pragma once

#include <functional>
#include <memory>

#include "runtime/compilation_unit.h"
#include "runtime/kernel_registry.h"

namespace aotc::runtime {

struct KernelBinding {
  KernelEntry entry = nullptr;
  std::shared_ptr<void> owner;  // keeps the code alive (e.g. the JIT session)
};

using KernelProvider = std::function<KernelBinding(const FunctionSpec&)>;

void setKernelProvider(KernelProvider provider);
const KernelProvider& kernelProvider();  // empty when none is installed

}  // namespace aotc::runtime
