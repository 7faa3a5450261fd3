#include "addon/inspect_worker.h"

#include <string>

#include "addon/promise_worker.h"
#include "addon/request_convert.h"
#include "compile/inspect.h"

namespace aotc::addon {
namespace {

struct InspectRequest {
  std::string modelPath;
  compile::MethodSpec spec;
};

InspectRequest requestFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, "inspect: expected a request object");
  auto object = value.As<Napi::Object>();
  InspectRequest request;
  request.modelPath = stringField(object, "modelPath", "inspect");
  // Names only matter for a kernel's symbol; inspect generates none.
  request.spec = methodSpecFromJs(object, "inspect", {"inspect", "v0", ""});
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
