#include "addon/compile_worker.h"

#include <chrono>
#include <cmath>
#include <string>

#include "addon/errors.h"
#include "addon/spec_convert.h"
#include "compile/aot_compiler.h"

namespace aotc::addon {
namespace {

struct ProgressEvent {
  const char* phase;
  double elapsedMs;
};

std::string stringField(const Napi::Object& object, const char* key, bool required = true) {
  Napi::Value value = object.Get(key);
  if (value.IsUndefined() && !required) return "";
  if (!value.IsString()) {
    throw Napi::TypeError::New(object.Env(), std::string("compile: '") + key + "' must be a string");
  }
  return value.As<Napi::String>().Utf8Value();
}

Napi::Array arrayField(const Napi::Object& object, const char* key) {
  Napi::Value value = object.Get(key);
  if (!value.IsArray()) {
    throw Napi::TypeError::New(object.Env(), std::string("compile: '") + key + "' must be an array");
  }
  return value.As<Napi::Array>();
}

std::string numberText(const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(value.Env(), std::string("compile: ") + what + " must be numbers");
  }
  double d = value.As<Napi::Number>().DoubleValue();
  // Integers print exactly; anything else reaches the spec parser, which rejects it by name.
  std::string text = std::to_string(d);
  // (Range-checked first: converting a double beyond long long's range is undefined.)
  if (std::isfinite(d) && std::fabs(d) < 9.0e15 && d == std::floor(d)) {
    text = std::to_string(static_cast<long long>(d));
  }
  return text;
}

// The request becomes the same string-form compile spec upstream's tool built, so one parser
// validates both.
compile::CompileRequest requestFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, "compile: expected a request object");
  auto object = value.As<Napi::Object>();
  compile::CompileRequest request;
  request.modelPath = stringField(object, "modelPath");
  request.outputLlvm = stringField(object, "outputLlvm");
  request.outputModel = stringField(object, "outputModel");
  request.outputObject = stringField(object, "outputObject", false);
  if (request.outputObject.empty()) request.outputObject = compile::defaultObjectPath(request.outputLlvm);

  std::string sizes, types, formats, dynamic;
  auto inputs = arrayField(object, "inputs");
  for (uint32_t i = 0; i < inputs.Length(); ++i) {
    Napi::Value item = inputs.Get(i);
    if (!item.IsObject()) throw Napi::TypeError::New(env, "compile: inputs must be objects");
    auto input = item.As<Napi::Object>();
    auto dims = arrayField(input, "sizes");
    if (i) sizes += ';', types += ';', formats += ';';
    for (uint32_t d = 0; d < dims.Length(); ++d) {
      if (d) sizes += ',';
      sizes += numberText(dims.Get(d), "input sizes");
    }
    types += stringField(input, "dtype");
    formats += stringField(input, "memoryFormat", false);
  }
  Napi::Value positionsValue = object.Get("dynamicDims");
  Napi::Value dynamicValue = object.Get("dynamicSizes");
  if (!positionsValue.IsUndefined()) {
    auto positions = arrayField(object, "dynamicDims");
    for (uint32_t i = 0; i < positions.Length(); ++i) {
      Napi::Value item = positions.Get(i);
      if (!item.IsObject()) throw Napi::TypeError::New(env, "compile: dynamicDims must be {input, dim}");
      auto position = item.As<Napi::Object>();
      if (i) dynamic += ',';
      dynamic += numberText(position.Get("input"), "dynamic dims") + ":" +
                 numberText(position.Get("dim"), "dynamic dims");
    }
  } else if (!dynamicValue.IsUndefined()) {
    auto dynamicSizes = arrayField(object, "dynamicSizes");
    for (uint32_t i = 0; i < dynamicSizes.Length(); ++i) {
      if (i) dynamic += ',';
      dynamic += numberText(dynamicSizes.Get(i), "dynamic sizes");
    }
  }
  c10::Dict<c10::IValue, c10::IValue> fields(c10::StringType::get(), c10::AnyType::get());
  fields.insert("sizes", sizes);
  fields.insert("types", types);
  if (formats.find_first_not_of(';') != std::string::npos) fields.insert("memory_formats", formats);
  fields.insert("dynamic_sizes", dynamic);
  fields.insert("model_name", stringField(object, "modelName"));
  fields.insert("model_version", stringField(object, "modelVersion"));
  fields.insert("asmfile", request.outputLlvm);
  fields.insert("target", stringField(object, "target", false));
  fields.insert("cpu", stringField(object, "cpu", false));
  try {
    request.spec = compile::parseMethodSpec(stringField(object, "methodName"), fields);
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
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
