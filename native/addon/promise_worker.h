// An AsyncWorker that settles a promise: Execute() runs off the event loop; its exceptions
// reject the promise with their message; Resolve() builds the result on the main thread.
#pragma once

#include <napi.h>

#include "addon/errors.h"
#include "runtime/threads.h"

namespace aotc::addon {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  virtual void Run() = 0;
  virtual Napi::Value Resolve(Napi::Env env) = 0;

 private:
  void Execute() final {
    try {
      runtime::serialOpenMpOnThisThread();  // runs themselves go to the compute thread
      Run();
    } catch (...) {
      SetError(describeException());
    }
  }
  void OnOK() final {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(Resolve(env));
    } catch (const Napi::Error& error) {
      deferred_.Reject(error.Value());
    } catch (...) {
      deferred_.Reject(Napi::Error::New(env, describeException()).Value());
    }
  }
  void OnError(const Napi::Error& error) final { deferred_.Reject(error.Value()); }

  Napi::Promise::Deferred deferred_;
};

}  // namespace aotc::addon
