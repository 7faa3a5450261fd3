#include "addon/reference_model_wrap.h"

#include "addon/addon_data.h"
#include "addon/compute_thread.h"
#include "addon/promise_worker.h"
#include "addon/tensor_convert.h"
#include "addon/time_worker.h"
#include "runtime/threads.h"

namespace aotc::addon {
namespace {

class LoadWorker : public PromiseWorker {
 public:
  LoadWorker(Napi::Env env, std::string path, bool optimize)
      : PromiseWorker(env), path_(std::move(path)), optimize_(optimize) {}

 private:
  // On the compute thread, as its runs: freezing and optimize_for_inference prepare oneDNN
  // primitives and pack weights under the thread count the runs will have.
  void Run() override {
    runOnComputeThread([this] {
      runtime::applyNumThreads();
      model_ = verify::ReferenceModel::load(path_, optimize_);
    });
  }
  Napi::Value Resolve(Napi::Env env) override {
    return ReferenceModelWrap::NewInstance(env, std::move(model_));
  }
  std::string path_;
  bool optimize_;
  std::shared_ptr<verify::ReferenceModel> model_;
};

class RunWorker : public PromiseWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<verify::ReferenceModel> model, std::string method,
            std::vector<at::Tensor> inputs)
      : PromiseWorker(env), model_(std::move(model)), method_(std::move(method)),
        inputs_(std::move(inputs)) {}

 private:
  void Run() override {
    runOnComputeThread([this] { outputs_ = model_->run(method_, inputs_); });
  }
  Napi::Value Resolve(Napi::Env env) override { return tensorsToJs(env, outputs_); }
  std::shared_ptr<verify::ReferenceModel> model_;
  std::string method_;
  std::vector<at::Tensor> inputs_;
  std::vector<at::Tensor> outputs_;
};

}  // namespace

void ReferenceModelWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "ScriptModel",
                                   {InstanceMethod<&ReferenceModelWrap::Run>("run"),
                                    InstanceMethod<&ReferenceModelWrap::TimeRuns>("timeRuns"),
                                    InstanceMethod<&ReferenceModelWrap::Dispose>("dispose")});
  AddonData::of(env).scriptModelClass = Napi::Persistent(cls);
  exports.Set("loadTorchScript", Napi::Function::New(env, Load, "loadTorchScript"));
}

ReferenceModelWrap::ReferenceModelWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ReferenceModelWrap>(info) {}

Napi::Object ReferenceModelWrap::NewInstance(Napi::Env env,
                                              std::shared_ptr<verify::ReferenceModel> model) {
  Napi::Object object = AddonData::of(env).scriptModelClass.New({});
  Unwrap(object)->model_ = std::move(model);
  return object;
}

Napi::Value ReferenceModelWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "loadTorchScript: path must be a string");
  // loadTorchScript(path, { optimize }): optimize freezes and optimizes it for inference.
  bool optimize = false;
  if (info[1].IsObject()) {
    Napi::Value flag = info[1].As<Napi::Object>().Get("optimize");
    optimize = flag.IsBoolean() && flag.As<Napi::Boolean>().Value();
  }
  auto* worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value(), optimize);  // Node frees it
  worker->Queue();
  return worker->promise();
}

Napi::Value ReferenceModelWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "run: the model has been disposed");
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "run: method name must be a string");
  auto inputs = tensorsFromJs(info[1]);
  auto* worker = new RunWorker(env, model_, info[0].As<Napi::String>().Utf8Value(),
                               std::move(inputs));  // Node frees it
  worker->Queue();
  return worker->promise();
}

// The bench's native loop: run(method, inputs) `iterations` times on one worker thread.
Napi::Value ReferenceModelWrap::TimeRuns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "timeRuns: the model has been disposed");
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "timeRuns: method name must be a string");
  auto inputs = tensorsFromJs(info[1]);
  int iterations = iterationsArg(info, 2);
  auto body = [model = model_, method = info[0].As<Napi::String>().Utf8Value(),
               inputs = std::move(inputs)] { model->run(method, inputs); };
  auto* worker = new TimeWorker(env, iterations, std::move(body));  // Node frees it
  worker->Queue();
  return worker->promise();
}

Napi::Value ReferenceModelWrap::Dispose(const Napi::CallbackInfo& info) {
  model_.reset();
  return info.Env().Undefined();
}

}  // namespace aotc::addon
