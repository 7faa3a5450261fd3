#include "addon/compute_job.h"

#include "addon/addon_data.h"
#include "addon/compute_thread.h"

namespace aotc::addon {

void completeJobOnMainThread(Napi::Env env, Napi::Function, std::nullptr_t*, ComputeJob* job) {
  if (env == nullptr) {
    // The environment is being torn down: the job's JS references must not be touched, and
    // the process (or Worker) is going away, so the job is left to it.
    return;
  }
  std::unique_ptr<ComputeJob> owned(job);
  AddonData& data = AddonData::of(env);
  if (--data.pendingJobs == 0) data.jobCompletion.Unref(env);
  owned->complete(env);
}

void dispatchToComputeThread(Napi::Env env, std::unique_ptr<ComputeJob> job) {
  AddonData& data = AddonData::of(env);
  if (!data.jobCompletion) {
    data.jobCompletion = decltype(data.jobCompletion)::New(env, "aot-model-compiler run", 0, 1);
    data.jobCompletion.Unref(env);
  }
  if (data.pendingJobs++ == 0) data.jobCompletion.Ref(env);
  postToComputeThread([completion = data.jobCompletion, raw = job.release()]() mutable {
    raw->execute();
    // Fails only while the environment is being torn down; the job is then left to it.
    completion.NonBlockingCall(raw);
  });
}

}  // namespace aotc::addon
