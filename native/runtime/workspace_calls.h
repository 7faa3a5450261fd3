// The calls a kernel makes for its planned intermediate buffers (compile/workspace_plan): the
// buffers live at fixed offsets in one workspace the runtime passes in (memory_plan
// buffer_sizes), not in memory malloc'ed and freed on every run.
//
// They are calls, not inline address arithmetic, so the optimiser treats each buffer as its own
// allocation, as it did malloc's: `aotc_workspace_buffer` is declared to return a noalias
// pointer (buffers live at the same time never overlap), and `aotc_workspace_release`, where
// the buffer's life ends, is opaque, so no access to it moves past that point into the life of
// a later buffer placed on the same bytes.
#pragma once

#include <cstdint>

namespace aotc::runtime {

inline constexpr const char* kWorkspaceBufferFunction = "aotc_workspace_buffer";
inline constexpr const char* kWorkspaceReleaseFunction = "aotc_workspace_release";

// Byte alignment of the workspace and of every buffer's offset in it.
inline constexpr int64_t kWorkspaceAlignment = 64;

}  // namespace aotc::runtime

extern "C" void* aotc_workspace_buffer(void* workspace, int64_t offset);
extern "C" void aotc_workspace_release(void* buffer);
