#include "runtime/workspace_calls.h"

extern "C" void* aotc_workspace_buffer(void* workspace, int64_t offset) {
  return static_cast<char*>(workspace) + offset;
}

// Nothing to do at run time: the call only marks, for the optimiser, where the buffer's life
// ends (see the header).
extern "C" void aotc_workspace_release(void*) {}
