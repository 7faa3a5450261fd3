#include "addon/blas_export.h"

#include "runtime/openblas.h"

namespace aotc::addon {
namespace {

Napi::Value BlasCoreName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto& blas = runtime::OpenBlas::instance();
  if (!blas.coreName) return env.Null();
  const char* name = blas.coreName();
  return name ? Napi::String::New(env, name) : env.Null();
}

}  // namespace

void InitBlas(Napi::Env env, Napi::Object exports) {
  exports.Set("blasCoreName", Napi::Function::New(env, BlasCoreName, "blasCoreName"));
}

}  // namespace aotc::addon
