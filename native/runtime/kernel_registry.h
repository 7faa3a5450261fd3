// Kernels linked into the program ahead of time (the C++ embedding path), by nnc kernel id.
// A compiled function whose id is registered here runs that code; otherwise the runtime
// JIT-compiles the kernel_ir it carries.
#pragma once

#include <cstdint>
#include <string>

namespace aotc::runtime {

using KernelEntry = int32_t (*)(void** args);

void registerKernel(const std::string& kernelId, KernelEntry entry);
KernelEntry findRegisteredKernel(const std::string& kernelId);  // nullptr when absent

}  // namespace aotc::runtime
