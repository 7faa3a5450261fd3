#include "addon/compile_worker.h"

#include <chrono>
#include <string>

#include "addon/errors.h"
#include "addon/request_convert.h"
#include "addon/spec_convert.h"
#include "compile/aot_compiler.h"
#include "runtime/threads.h"

namespace aotc::addon {
namespace {

struct ProgressEvent {
  const char* phase;
  double elapsedMs;
};

compile::CompileRequest requestFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, "compile: expected a request object");
  auto object = value.As<Napi::Object>();
  compile::CompileRequest request;
  request.modelPath = stringField(object, "modelPath", "compile");
  request.outputLlvm = stringField(object, "outputLlvm", "compile");
  request.outputModel = stringField(object, "outputModel", "compile");
  request.outputObject = stringField(object, "outputObject", "compile", false);
  if (request.outputObject.empty()) request.outputObject = compile::defaultObjectPath(request.outputLlvm);
  MethodNames names{stringField(object, "modelName", "compile"),
                    stringField(object, "modelVersion", "compile"), request.outputLlvm};
  // methodName is required here (the TypeScript layer fills in its default).
  stringField(object, "methodName", "compile");
  request.spec = methodSpecFromJs(object, "compile", names);
  return request;
}

class CompileWorker : public Napi::AsyncProgressQueueWorker<ProgressEvent> {
 public:
  CompileWorker(Napi::Env env, compile::CompileRequest request, Napi::Function onProgress)
      : Napi::AsyncProgressQueueWorker<ProgressEvent>(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        request_(std::move(request)) {
    if (!onProgress.IsEmpty()) onProgress_ = Napi::Persistent(onProgress);
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

 private:
  void Execute(const ExecutionProgress& progress) override {
    auto start = std::chrono::steady_clock::now();
    auto report = [&](const char* phase) {
      std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
      ProgressEvent event{phase, elapsed.count()};
      progress.Send(&event, 1);
    };
    try {
      runtime::serialOpenMpOnThisThread();  // see runtime/threads.h
      result_ = compile::compileModel(request_, report);
    } catch (...) {
      SetError(describeException());
    }
  }

  void OnProgress(const ProgressEvent* events, size_t count) override {
    if (onProgress_.IsEmpty()) return;
    Napi::Env env = Env();
    for (size_t i = 0; i < count; ++i) {
      onProgress_.Call({Napi::String::New(env, events[i].phase),
                        Napi::Number::New(env, events[i].elapsedMs)});
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    auto result = Napi::Object::New(env);
    result.Set("kernelFuncName", result_.kernelFuncName);
    result.Set("kernelId", result_.kernelId);
    result.Set("inputSpecs", inputSpecsToJs(env, result_.inputs));
    result.Set("outputSpecs", outputSpecsToJs(env, result_.outputs));
    result.Set("outputLlvm", request_.outputLlvm);
    result.Set("outputModel", request_.outputModel);
    result.Set("outputObject", request_.outputObject);
    result.Set("target", result_.target);
    result.Set("cpu", result_.targetCpu);
    result.Set("matmulPrecision", runtime::matmulPrecisionName(result_.matmulPrecision));
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference onProgress_;
  compile::CompileRequest request_;
  runtime::FunctionSpec result_;
};

}  // namespace

Napi::Value Compile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto request = requestFromJs(info[0]);
  Napi::Function onProgress;
  if (info.Length() > 1 && info[1].IsFunction()) onProgress = info[1].As<Napi::Function>();
  auto* worker = new CompileWorker(env, std::move(request), onProgress);  // owned by Node: freed after OnOK/OnError
  worker->Queue();
  return worker->promise();
}

}  // namespace aotc::addon
