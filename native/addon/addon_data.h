// What the addon keeps per Node environment (the main thread, and each worker_threads Worker
// that loads it): JS values belong to one environment and must never be shared between them.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

#include <napi.h>

namespace aotc::addon {

class ComputeJob;
void completeJobOnMainThread(Napi::Env env, Napi::Function, std::nullptr_t*, ComputeJob* job);

// How finished compute-thread jobs get back to an environment (compute_job.cpp). Shared with
// the jobs in flight: when the environment is torn down (its cleanup hook closes the channel
// before Node deletes the thread-safe function), they are abandoned instead.
struct JobChannel {
  std::mutex mutex;
  bool open = true;    // guarded by mutex
  int executing = 0;   // jobs the compute thread is executing; guarded by mutex
  std::condition_variable idle;  // notified when executing drops
  Napi::TypedThreadSafeFunction<std::nullptr_t, ComputeJob, completeJobOnMainThread> completion;
  size_t pending = 0;  // main thread only: the completion is ref'd while jobs are pending
};

struct AddonData {
  Napi::FunctionReference compiledModelClass;
  Napi::FunctionReference scriptModelClass;
  std::shared_ptr<JobChannel> jobs;  // created on first use

  // Called once, from the addon's Init: the environment owns it and deletes it at teardown.
  static void create(Napi::Env env);
  static AddonData& of(Napi::Env env);
};

}  // namespace aotc::addon
