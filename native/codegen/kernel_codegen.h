// TensorExpr IR -> LLVM IR: the code generator that Debian's libtorch lacks.
//
// Input: the lowered statement and buffer arguments of a TensorExprKernel (built with the
// SimpleIREval backend). Output: an LLVM module, as assembly text, defining
//   int32_t <kernelFuncName>(void** args)
// where args[i] is the i-th buffer argument: a data pointer for a buffer, or a pointer to the
// scalar value for a scalar (VarHandle) argument, such as a symbolic shape (int64_t*); with a
// workspace (source.workspace.bytes > 0), one more: the workspace's data pointer.
// The function returns 0 on success.
#pragma once

#include <string>
#include <vector>

#include <torch/csrc/jit/tensorexpr/codegen.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "codegen/target.h"
#include "codegen/workspace_layout.h"

namespace aotc::codegen {

struct KernelSource {
  torch::jit::tensorexpr::StmtPtr stmt;
  std::vector<torch::jit::tensorexpr::CodeGen::BufferArg> bufferArgs;
  std::string kernelFuncName;
  WorkspaceLayout workspace;  // the planned intermediate buffers, if any
};

// Generates and optimises (O3 for the target) the kernel module. Throws std::runtime_error
// with a message naming the IR construct when the statement uses something not supported.
std::string generateKernelAssembly(const KernelSource& source, const TargetSpec& target);

}  // namespace aotc::codegen
