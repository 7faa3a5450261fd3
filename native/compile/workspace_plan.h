// The kernel's memory plan. NNC allocates every intermediate buffer at the start of the kernel
// and frees it at the end (malloc and free on every run; its own reuse only places a buffer on
// an earlier one of the same size). Here, each intermediate of static size is given the live
// range of the top-level statements that use it, and an offset in one workspace where buffers
// whose live ranges overlap never share bytes (buffers that are never live together may). The
// runtime allocates that workspace once and reuses it across runs (memory_plan buffer_sizes),
// so runs neither call malloc nor fault in fresh pages, and later buffers reuse bytes still in
// cache.
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "codegen/workspace_layout.h"

namespace aotc::compile {

// Moves each planned buffer's Allocate (with the PlacementAllocates aliasing it) to just before
// the first top-level statement of `stmt` (a kernel's root block) that uses it, and its Free to
// just after the last, and returns the buffers' offsets. Buffers of run-time size, or allocated
// or freed below the top level, keep their statements and malloc.
codegen::WorkspaceLayout planWorkspace(const torch::jit::tensorexpr::StmtPtr& stmt);

}  // namespace aotc::compile
