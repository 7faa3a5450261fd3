// JS class ScriptModel: loadTorchScript(path) resolves to one; run(method, inputs) runs the
// original TorchScript model with libtorch (the oracle for compiled models).
#pragma once

#include <memory>

#include <napi.h>

#include "verify/reference_model.h"

namespace aotc::addon {

class ReferenceModelWrap : public Napi::ObjectWrap<ReferenceModelWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value Load(const Napi::CallbackInfo& info);
  static Napi::Object NewInstance(Napi::Env env, std::shared_ptr<verify::ReferenceModel> model);

  explicit ReferenceModelWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Run(const Napi::CallbackInfo& info);
  Napi::Value TimeRuns(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<verify::ReferenceModel> model_;
};

}  // namespace aotc::addon
