// JS class CompiledModel: loadCompiled(path) resolves to one; run(inputs) -> Promise<tensors>.
#pragma once

#include <memory>

#include <napi.h>

#include "runtime/compiled_model.h"

namespace aotc::addon {

class CompiledModelWrap : public Napi::ObjectWrap<CompiledModelWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value Load(const Napi::CallbackInfo& info);
  static Napi::Object NewInstance(Napi::Env env, std::shared_ptr<runtime::CompiledModel> model);

  explicit CompiledModelWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Run(const Napi::CallbackInfo& info);
  Napi::Value TimeRuns(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);

  // Shared with in-flight runs, so dispose() never frees a model a worker still uses.
  std::shared_ptr<runtime::CompiledModel> model_;
};

}  // namespace aotc::addon
