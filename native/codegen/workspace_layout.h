// Where a kernel's planned intermediate buffers live in its workspace (compile/workspace_plan
// makes the plan; runtime/workspace_calls.h says how kernels reach them).
#pragma once

#include <cstdint>
#include <unordered_map>

#include <torch/csrc/jit/tensorexpr/ir.h>

namespace aotc::codegen {

struct WorkspaceLayout {
  // A buffer's base handle -> its byte offset in the workspace. Buffers not listed are
  // malloc'ed where they are allocated.
  std::unordered_map<torch::jit::tensorexpr::VarPtr, int64_t> offsets;
  int64_t bytes = 0;  // 0: the kernel takes no workspace argument
};

}  // namespace aotc::codegen
