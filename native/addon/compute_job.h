// Async work on the compute thread without a libuv worker in between: the main thread queues a
// job on the compute thread, which hands it back, finished, through one thread-safe function
// per Node environment. A run thus costs two thread wake-ups (there and back) where a libuv
// worker that waits for the compute thread costs four.
#pragma once

#include <memory>

#include <napi.h>

namespace aotc::addon {

class ComputeJob {
 public:
  virtual ~ComputeJob() = default;
  // On the compute thread. Must not throw: keep what went wrong for complete().
  virtual void execute() = 0;
  // On the main thread, after execute(): settles the job's promise. What it throws (JS no
  // longer able to run) is caught by the caller, which then abandons the job.
  virtual void complete(Napi::Env env) = 0;
  // Instead of complete(), when the environment has gone (a Worker terminated, the process
  // exiting) — on any thread: let go of JS handles without calling into JS. Must not throw.
  virtual void abandon() = 0;
};

// Main thread only. Keeps the event loop alive until the job has completed.
void dispatchToComputeThread(Napi::Env env, std::unique_ptr<ComputeJob> job);

}  // namespace aotc::addon
