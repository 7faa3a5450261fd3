// The one thread every model run of the process executes on (compiled and TorchScript models,
// and the bench's native loops). OpenMP — which libtorch and oneDNN parallelise with — keeps a
// team of threads per calling thread; runs spread over libuv's worker threads (and the main
// thread, for inline runs) each grew a team, and with more than one intra-op thread the idle
// teams' spinning took the CPU from the running one: at 2 threads, runs were slower than at 1.
// Runs are therefore serialised here; their parallelism is intra-op (setNumThreads).
#pragma once

#include <functional>

namespace aotc::addon {

// Runs `task` on the compute thread and returns when it is done, rethrowing its exception.
// Called from libuv workers and from the main thread (inline runs at several threads).
void runOnComputeThread(const std::function<void()>& task);

// Queues `task` on the compute thread and returns at once. `task` must not throw.
void postToComputeThread(std::function<void()> task);

}  // namespace aotc::addon
