// The kernel provider that JIT-compiles a compiled function's kernel_ir for this machine,
// after checking the machine can run it (architecture and CPU features the kernel was
// compiled for). libtorch's nnc_aten_* external functions are given to the JIT by address.
#pragma once

#include <string>
#include <unordered_map>

namespace aotc::codegen {

// Installs it as the runtime's kernel provider. Idempotent.
void installJitKernelProvider();

// The functions generated kernels may call, by symbol name: libtorch's nnc_aten_* and the
// runtime's own (oneDNN calls, the parallel loop, workspace buffers, error reports).
const std::unordered_map<std::string, void*>& kernelExternalSymbols();

}  // namespace aotc::codegen
