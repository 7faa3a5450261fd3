// What the addon keeps per Node environment (the main thread, and each worker_threads Worker
// that loads it): JS values belong to one environment and must never be shared between them.
#pragma once

#include <cstddef>

#include <napi.h>

namespace aotc::addon {

class ComputeJob;
void completeJobOnMainThread(Napi::Env env, Napi::Function, std::nullptr_t*, ComputeJob* job);

struct AddonData {
  Napi::FunctionReference compiledModelClass;
  Napi::FunctionReference scriptModelClass;
  // Hands finished compute-thread jobs back to this environment (compute_job.cpp); created on
  // first use, ref'd (keeping the event loop alive) only while jobs are pending.
  Napi::TypedThreadSafeFunction<std::nullptr_t, ComputeJob, completeJobOnMainThread> jobCompletion;
  size_t pendingJobs = 0;

  // Called once, from the addon's Init: the environment owns it and deletes it at teardown.
  static void create(Napi::Env env);
  static AddonData& of(Napi::Env env);
};

}  // namespace aotc::addon
