#include "addon/inspect_worker.h"

#include <cmath>
#include <string>

#include "addon/promise_worker.h"
#include "compile/inspect.h"

namespace aotc::addon {
namespace {

std::string stringField(const Napi::Object& object, const char* key, bool required = true) {
  Napi::Value value = object.Get(key);
  if (value.IsUndefined() && !required) return "";
  if (!value.IsString()) {
    throw Napi::TypeError::New(object.Env(), std::string("inspect: '") + key + "' must be a string");
  }
  return value.As<Napi::String>().Utf8Value();
}

Napi::Array arrayField(const Napi::Object& object, const char* key) {
  Napi::Value value = object.Get(key);
  if (!value.IsArray()) {
    throw Napi::TypeError::New(object.Env(), std::string("inspect: '") + key + "' must be an array");
  }
  return value.As<Napi::Array>();
}

// Integers print exactly; anything else reaches the spec parser, which rejects it by name.
std::string numberText(const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(value.Env(), std::string("inspect: ") + what + " must be numbers");
  }
  double d = value.As<Napi::Number>().DoubleValue();
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
    return std::to_string(static_cast<long long>(d));
  }
  return std::to_string(d);
}

struct InspectRequest {
  std::string modelPath;
  compile::MethodSpec spec;
};

// The same string-form spec compile builds, so the same parser validates it.
InspectRequest requestFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, "inspect: expected a request object");
  auto object = value.As<Napi::Object>();
  InspectRequest request;
  request.modelPath = stringField(object, "modelPath");
  std::string sizes, types, formats, dynamic;
  auto inputs = arrayField(object, "inputs");
  for (uint32_t i = 0; i < inputs.Length(); ++i) {
    Napi::Value item = inputs.Get(i);
    if (!item.IsObject()) throw Napi::TypeError::New(env, "inspect: inputs must be objects");
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
  // Exact input:dim positions win over size values, as in compile.
  if (!object.Get("dynamicDims").IsUndefined()) {
    auto positions = arrayField(object, "dynamicDims");
    for (uint32_t i = 0; i < positions.Length(); ++i) {
      Napi::Value item = positions.Get(i);
      if (!item.IsObject()) throw Napi::TypeError::New(env, "inspect: dynamicDims must be {input, dim}");
      auto position = item.As<Napi::Object>();
      if (i) dynamic += ',';
      dynamic += numberText(position.Get("input"), "dynamic dims") + ":" +
                 numberText(position.Get("dim"), "dynamic dims");
    }
  } else if (!object.Get("dynamicSizes").IsUndefined()) {
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
  // Names only matter for a kernel's symbol; inspect generates none.
  fields.insert("model_name", std::string("inspect"));
  fields.insert("model_version", std::string("v0"));
  std::string method = stringField(object, "methodName", false);
  try {
    request.spec = compile::parseMethodSpec(method.empty() ? "forward" : method, fields);
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
  return request;
}

class InspectWorker : public PromiseWorker {
 public:
  InspectWorker(Napi::Env env, InspectRequest request)
      : PromiseWorker(env), request_(std::move(request)) {}

 private:
  void Run() override { result_ = compile::inspectModel(request_.modelPath, request_.spec); }

  Napi::Value Resolve(Napi::Env env) override {
    auto ops = Napi::Array::New(env, result_.ops.size());
    for (size_t i = 0; i < result_.ops.size(); ++i) {
      const auto& op = result_.ops[i];
      auto js = Napi::Object::New(env);
      js.Set("kind", op.kind);
      js.Set("schema", op.schema);
      js.Set("count", Napi::Number::New(env, op.count));
      js.Set("status", op.status);
      js.Set("sourceLine", op.sourceLine);
      ops.Set(static_cast<uint32_t>(i), js);
    }
    auto result = Napi::Object::New(env);
    result.Set("ops", ops);
    result.Set("graph", result_.graph);
    return result;
  }

  InspectRequest request_;
  compile::InspectResult result_;
};

}  // namespace

Napi::Value Inspect(const Napi::CallbackInfo& info) {
  auto* worker = new InspectWorker(info.Env(), requestFromJs(info[0]));  // owned by Node: freed after it settles
  worker->Queue();
  return worker->promise();
}

}  // namespace aotc::addon
