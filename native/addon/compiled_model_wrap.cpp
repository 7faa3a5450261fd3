#include "addon/compiled_model_wrap.h"

#include "addon/promise_worker.h"
#include "addon/spec_convert.h"
#include "addon/tensor_convert.h"
#include "addon/time_worker.h"

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

class RunWorker : public PromiseWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<runtime::CompiledModel> model,
            std::vector<at::Tensor> inputs, std::vector<Napi::ObjectReference> inputArrays)
      : PromiseWorker(env), model_(std::move(model)), inputs_(std::move(inputs)),
        inputArrays_(std::move(inputArrays)) {}

 private:
  // Through the mobile module's method, which calls the nnc backend: the path a C++ app takes.
  void Run() override { outputs_ = model_->run(inputs_); }
  Napi::Value Resolve(Napi::Env env) override {
    return tensorsToJsNoCopy(env, std::move(outputs_));
  }
  std::shared_ptr<runtime::CompiledModel> model_;
  std::vector<at::Tensor> inputs_;  // views of inputArrays_' memory (no copy)
  std::vector<Napi::ObjectReference> inputArrays_;  // released on the main thread
  std::vector<at::Tensor> outputs_;
};

}  // namespace

void CompiledModelWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "CompiledModel",
                                   {InstanceMethod<&CompiledModelWrap::Run>("run"),
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
  Unwrap(object)->model_ = std::move(model);
  return object;
}

Napi::Value CompiledModelWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "loadCompiled: path must be a string");
  auto* worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value());  // Node frees it
  worker->Queue();
  return worker->promise();
}

Napi::Value CompiledModelWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "run: the model has been disposed");
  std::vector<Napi::ObjectReference> inputArrays;
  auto inputs = tensorViewsFromJs(info[0], inputArrays);
  auto* worker = new RunWorker(env, model_, std::move(inputs), std::move(inputArrays));  // Node frees it
  worker->Queue();
  return worker->promise();
}

// The bench's native loop: CompiledFunction::run (input checks, output allocation, the kernel)
// `iterations` times on one worker thread, without Node or the mobile module in between.
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
