// The bench's native loop: an AsyncWorker that times `body` `iterations` times on the compute
// thread (bench::timeLoop) and resolves to a Float64Array of per-run milliseconds.
#pragma once

#include <cstring>
#include <functional>
#include <vector>

#include <napi.h>

#include "addon/compute_thread.h"
#include "addon/promise_worker.h"
#include "bench/time_loop.h"

namespace aotc::addon {

class TimeWorker : public PromiseWorker {
 public:
  TimeWorker(Napi::Env env, int iterations, std::function<void()> body)
      : PromiseWorker(env), iterations_(iterations), body_(std::move(body)) {}

 private:
  void Run() override {
    runOnComputeThread([this] { times_ = bench::timeLoop(iterations_, body_); });
  }
  Napi::Value Resolve(Napi::Env env) override {
    auto array = Napi::Float64Array::New(env, times_.size());
    if (!times_.empty()) std::memcpy(array.Data(), times_.data(), times_.size() * sizeof(double));
    return array;
  }
  int iterations_;
  std::function<void()> body_;
  std::vector<double> times_;
};

// info[index] as a positive iteration count, or a TypeError.
inline int iterationsArg(const Napi::CallbackInfo& info, size_t index) {
  Napi::Value value = info[index];
  double n = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : 0;
  if (!(n >= 1) || n > 1e9 || static_cast<double>(static_cast<int>(n)) != n) {
    throw Napi::TypeError::New(info.Env(), "timeRuns: iterations must be a positive integer");
  }
  return static_cast<int>(n);
}

}  // namespace aotc::addon
