// The addon's entry point: registers the nnc backend and preprocess with libtorch and exports
// compile, loadCompiled and loadTorchScript. Every export is guarded: a C++ exception becomes
// a JS Error with its message.
#include <napi.h>

#include "addon/addon_data.h"
#include "addon/blas_export.h"
#include "addon/compile_worker.h"
#include "addon/compiled_model_wrap.h"
#include "addon/errors.h"
#include "addon/inspect_worker.h"
#include "addon/reference_model_wrap.h"
#include "addon/threads_export.h"
#include "compile/aot_compiler.h"

namespace aotc::addon {
namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  compile::registerNncBackendAndPreprocess();
  AddonData::create(env);
  exports.Set("compile", Napi::Function::New(env, Compile, "compile"));
  exports.Set("inspect", Napi::Function::New(env, Inspect, "inspect"));
  CompiledModelWrap::Init(env, exports);
  ReferenceModelWrap::Init(env, exports);
  InitThreads(env, exports);
  InitBlas(env, exports);
  return exports;
}

}  // namespace
}  // namespace aotc::addon

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return aotc::addon::Init(env, exports);
}

NODE_API_MODULE(aot_model_compiler, InitAddon)
