#include "addon/compute_job.h"

#include "addon/addon_data.h"
#include "addon/compute_thread.h"

namespace aotc::addon {
namespace {

// An environment cleanup hook. Hooks run last-registered first, and this one is registered
// after the thread-safe function (which registers its own): so the channel is closed, under
// its mutex, before Node deletes the thread-safe function, and the compute thread never calls
// a deleted one. It also waits for a job of this environment that the compute thread is
// executing: the job reads and writes memory of the environment's ArrayBuffers (inputs, and
// outputs made before the run), which V8 frees after the hooks. Jobs not yet started are
// abandoned unexecuted.
void closeChannel(void* arg) {
  std::unique_ptr<std::shared_ptr<JobChannel>> channel(static_cast<std::shared_ptr<JobChannel>*>(arg));
  JobChannel& shared = **channel;
  std::unique_lock<std::mutex> lock(shared.mutex);
  shared.open = false;
  shared.idle.wait(lock, [&] { return shared.executing == 0; });
}

const std::shared_ptr<JobChannel>& channelOf(Napi::Env env) {
  AddonData& data = AddonData::of(env);
  if (!data.jobs) {
    auto channel = std::make_shared<JobChannel>();
    channel->completion =
        decltype(channel->completion)::New(env, "aot-model-compiler run", 0, 1);
    channel->completion.Unref(env);
    auto hookArg = std::make_unique<std::shared_ptr<JobChannel>>(channel);
    if (napi_add_env_cleanup_hook(env, closeChannel, hookArg.get()) != napi_ok) {
      throw Napi::Error::New(env, "cannot register the run completion's cleanup hook");
    }
    hookArg.release();  // closeChannel deletes it
    data.jobs = std::move(channel);
  }
  return data.jobs;
}

}  // namespace

void completeJobOnMainThread(Napi::Env env, Napi::Function, std::nullptr_t*, ComputeJob* job) {
  std::unique_ptr<ComputeJob> owned(job);
  if (env == nullptr) {  // queued when the environment began its teardown
    owned->abandon();
    return;
  }
  try {
    JobChannel& channel = *channelOf(env);
    if (--channel.pending == 0) channel.completion.Unref(env);
    owned->complete(env);
  } catch (...) {
    // JS cannot run any more (a Worker being terminated): there is nothing left to settle, and
    // an exception must not leave this callback.
    owned->abandon();
  }
}

void dispatchToComputeThread(Napi::Env env, std::unique_ptr<ComputeJob> job) {
  std::shared_ptr<JobChannel> shared = channelOf(env);
  if (shared->pending++ == 0) shared->completion.Ref(env);
  postToComputeThread([shared, raw = job.release()] {
    {
      std::lock_guard<std::mutex> lock(shared->mutex);
      if (!shared->open) {  // the environment is going: its memory may not be touched
        std::unique_ptr<ComputeJob> abandoned(raw);
        abandoned->abandon();
        return;
      }
      ++shared->executing;
    }
    raw->execute();
    std::lock_guard<std::mutex> lock(shared->mutex);
    --shared->executing;
    shared->idle.notify_all();
    if (shared->open && shared->completion.NonBlockingCall(raw) == napi_ok) return;
    std::unique_ptr<ComputeJob> abandoned(raw);
    abandoned->abandon();
  });
}

}  // namespace aotc::addon
