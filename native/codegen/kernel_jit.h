// Turns a kernel's LLVM assembly into callable machine code in this process (ORC LLJIT).
// No libtorch here: external symbols (libtorch's nnc_aten_* functions) are given by address.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace aotc::codegen {

using KernelEntry = int32_t (*)(void** args);

class JitKernel {
 public:
  // Parses `llvmAssembly`, compiles it for the host and resolves `kernelFuncName`.
  // `externalSymbols` maps names the module declares (e.g. "nnc_aten_conv2d") to addresses;
  // other undefined symbols resolve against the current process (libm, libc).
  // Throws std::runtime_error with LLVM's diagnostic on failure.
  static std::unique_ptr<JitKernel> compile(
      const std::string& llvmAssembly,
      const std::string& kernelFuncName,
      const std::unordered_map<std::string, void*>& externalSymbols);

  ~JitKernel();
  JitKernel(const JitKernel&) = delete;
  JitKernel& operator=(const JitKernel&) = delete;

  KernelEntry entry() const { return entry_; }

  struct Impl;  // defined in the .cpp: only compile() can make one
  JitKernel(std::unique_ptr<Impl> impl, KernelEntry entry);

 private:
  std::unique_ptr<Impl> impl_;
  KernelEntry entry_;
};

}  // namespace aotc::codegen
