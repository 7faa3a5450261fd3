// Machine code for a kernel module, as a relocatable object file for its target (the .o a C++
// app links, with the project's runtime library, to run a compiled model without a JIT).
// No libtorch here.
#pragma once

#include <string>

#include "codegen/target.h"

namespace aotc::codegen {

// Parses `assembly` (a module from generateKernelAssembly) and emits an ELF/Mach-O/COFF object
// for `target`. Throws std::runtime_error with LLVM's message on failure.
std::string emitObjectFile(const std::string& assembly, const TargetSpec& target);

}  // namespace aotc::codegen
