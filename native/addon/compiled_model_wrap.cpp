#include "addon/compiled_model_wrap.h"

#include <chrono>

#include "addon/compute_thread.h"
#include "addon/errors.h"
#include "addon/output_pool.h"
#include "addon/promise_worker.h"
#include "addon/spec_convert.h"
#include "addon/tensor_convert.h"
#include "addon/time_worker.h"
#include "runtime/output_allocator.h"
#include "runtime/threads.h"

namespace aotc::addon {
namespace {

Napi::FunctionReference& constructor() {
  static Napi::FunctionReference reference;
  return reference;
}

class LoadWorker : public PromiseWorker {
 public:
  LoadWorker(Napi::Env env, std::string path) : PromiseWorker(env), path_(std::move(path)) {}

 private:
  void Run() override { model_ = runtime::CompiledModel::load(path_); }
  Napi::Value Resolve(Napi::Env env) override {
    return CompiledModelWrap::NewInstance(env, std::move(model_));
  }
  std::string path_;
  std::shared_ptr<runtime::CompiledModel> model_;
};

using RecentRunUs = std::shared_ptr<std::atomic<double>>;

// Output memory JavaScript may hold from inline runs before a run goes to a worker (see Run).
constexpr size_t kInlineOutstandingBytes = size_t{64} << 20;

// Runs the model (through the mobile module's method, which calls the nnc backend: the path a
// C++ app takes), its outputs in buffers from `pool`, and folds the run's wall time into
// `recent`.
std::vector<at::Tensor> timedRun(const runtime::CompiledModel& model,
                                 const std::vector<at::Tensor>& inputs,
                                 std::atomic<double>& recent, OutputPool& pool) {
  runtime::OutputAllocator allocate = [&pool](at::IntArrayRef sizes, at::ScalarType dtype) {
    return pool.allocate(sizes, dtype);
  };
  runtime::ScopedOutputAllocator scope(&allocate);
  auto start = std::chrono::steady_clock::now();
  auto outputs = model.run(inputs);
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                  .count();
  double previous = recent.load(std::memory_order_relaxed);
  recent.store(previous < 0 ? us : 0.75 * previous + 0.25 * us, std::memory_order_relaxed);
  return outputs;
}

class RunWorker : public PromiseWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<runtime::CompiledModel> model, RecentRunUs recent,
            std::shared_ptr<OutputPool> pool, std::vector<at::Tensor> inputs,
            std::vector<Napi::ObjectReference> inputArrays)
      : PromiseWorker(env), model_(std::move(model)), recent_(std::move(recent)),
        pool_(std::move(pool)), inputs_(std::move(inputs)), inputArrays_(std::move(inputArrays)) {}

 private:
  void Run() override {
    runOnComputeThread([this] { outputs_ = timedRun(*model_, inputs_, *recent_, *pool_); });
  }
  Napi::Value Resolve(Napi::Env env) override {
    return tensorsToJsNoCopy(env, std::move(outputs_));
  }
  std::shared_ptr<runtime::CompiledModel> model_;
  RecentRunUs recent_;
  std::shared_ptr<OutputPool> pool_;
  std::vector<at::Tensor> inputs_;  // views of inputArrays_' memory (no copy)
  std::vector<Napi::ObjectReference> inputArrays_;  // released on the main thread
  std::vector<at::Tensor> outputs_;
};

}  // namespace

void CompiledModelWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "CompiledModel",
                                   {InstanceMethod<&CompiledModelWrap::Run>("run"),
                                    InstanceMethod<&CompiledModelWrap::RunSync>("runSync"),
                                    InstanceMethod<&CompiledModelWrap::TimeRuns>("timeRuns"),
                                    InstanceMethod<&CompiledModelWrap::Dispose>("dispose")});
  constructor() = Napi::Persistent(cls);
  exports.Set("loadCompiled", Napi::Function::New(env, Load, "loadCompiled"));
}

CompiledModelWrap::CompiledModelWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<CompiledModelWrap>(info) {}

Napi::Object CompiledModelWrap::NewInstance(Napi::Env env,
                                            std::shared_ptr<runtime::CompiledModel> model) {
  Napi::Object object = constructor().New({});
  const auto& fn = model->function();
  auto readOnly = [&](const char* name, Napi::Value value) {
    object.DefineProperty(Napi::PropertyDescriptor::Value(name, value, napi_enumerable));
  };
  readOnly("methodName", Napi::String::New(env, fn.name));
  readOnly("kernelId", Napi::String::New(env, fn.kernelId));
  readOnly("inputSpecs", inputSpecsToJs(env, fn.inputs));
  readOnly("outputSpecs", outputSpecsToJs(env, fn.outputs));
  auto* wrap = Unwrap(object);
  wrap->model_ = std::move(model);
  return object;
}

Napi::Value CompiledModelWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "loadCompiled: path must be a string");
  auto* worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value());  // Node frees it
  worker->Queue();
  return worker->promise();
}

// run(inputs, inlineBelowUs): a worker thread runs the model, unless its recent runs took less
// than inlineBelowUs: then handing it to a worker (a thread wake-up each way, and the run on
// another core's cold cache) would cost more than it saves the event loop, so it runs here and
// the promise is settled at once. Large outputs are freed by finalizers, which Node runs only
// when its event loop turns, and a loop awaiting settled promises never lets it: so once the
// outputs not yet back in the pool pass kInlineOutstandingBytes, the next run goes to a worker,
// and the event loop turns.
Napi::Value CompiledModelWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "run: the model has been disposed");
  double inlineBelowUs = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : 0;
  double recent = recentRunUs_->load(std::memory_order_relaxed);
  if (recent >= 0 && recent < inlineBelowUs &&
      outputPool_->outstandingBytes() < kInlineOutstandingBytes) {
    auto deferred = Napi::Promise::Deferred::New(env);
    try {
      deferred.Resolve(RunSync(info));
    } catch (const Napi::Error& error) {
      deferred.Reject(error.Value());
    }
    return deferred.Promise();
  }
  std::vector<Napi::ObjectReference> inputArrays;
  auto inputs = tensorViewsFromJs(info[0], inputArrays);
  auto* worker = new RunWorker(env, model_, recentRunUs_, outputPool_, std::move(inputs),
                               std::move(inputArrays));  // Node frees it
  worker->Queue();
  return worker->promise();
}

// runSync(inputs): the run without a worker, for models known to be short: on the calling
// (main) thread when runs use one intra-op thread, else the main thread waits for the compute
// thread.
Napi::Value CompiledModelWrap::RunSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "runSync: the model has been disposed");
  std::vector<Napi::ObjectReference> inputArrays;  // the views are used before returning
  auto inputs = tensorViewsFromJs(info[0], inputArrays);
  std::vector<at::Tensor> outputs;
  try {
    auto run = [&] { outputs = timedRun(*model_, inputs, *recentRunUs_, *outputPool_); };
    // With one intra-op thread there is no OpenMP team to keep on one thread: run right here.
    if (runtime::numThreads() == 1) {
      run();
    } else {
      runOnComputeThread(run);
    }
  } catch (...) {
    throw Napi::Error::New(env, describeException());
  }
  return tensorsToJsNoCopy(env, std::move(outputs));
}

// The bench's native loop: CompiledFunction::run (input checks, output allocation, the kernel)
// `iterations` times on the compute thread, without Node or the mobile module in between.
Napi::Value CompiledModelWrap::TimeRuns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "timeRuns: the model has been disposed");
  auto inputs = tensorsFromJs(info[0]);
  int iterations = iterationsArg(info, 1);
  auto body = [model = model_, inputs = std::move(inputs)] { model->runFunction(inputs); };
  auto* worker = new TimeWorker(env, iterations, std::move(body));  // Node frees it
  worker->Queue();
  return worker->promise();
}

Napi::Value CompiledModelWrap::Dispose(const Napi::CallbackInfo& info) {
  model_.reset();
  return info.Env().Undefined();
}

}  // namespace aotc::addon
