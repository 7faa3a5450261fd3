// The kernel provider that JIT-compiles a compiled function's kernel_ir for this machine,
// after checking the machine can run it (architecture and CPU features the kernel was
// compiled for). libtorch's nnc_aten_* external functions are given to the JIT by address.
#pragma once

namespace aotc::codegen {

// Installs it as the runtime's kernel provider. Idempotent.
void installJitKernelProvider();

}  // namespace aotc::codegen
