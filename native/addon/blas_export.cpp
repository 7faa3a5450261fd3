#include "addon/blas_export.h"

#include <dlfcn.h>

namespace aotc::addon {
namespace {

Napi::Value BlasCoreName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  // Looked up, not linked: libtorch may be built against another BLAS.
  using CoreName = char* (*)();
  auto coreName = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!coreName) return env.Null();
  const char* name = coreName();
  return name ? Napi::String::New(env, name) : env.Null();
}

}  // namespace

void InitBlas(Napi::Env env, Napi::Object exports) {
  exports.Set("blasCoreName", Napi::Function::New(env, BlasCoreName, "blasCoreName"));
}

}  // namespace aotc::addon
