#include "addon/threads_export.h"

#include "runtime/threads.h"

namespace aotc::addon {
namespace {

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double n = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  if (!(n >= 1) || n > 1024 || static_cast<double>(static_cast<int>(n)) != n) {
    throw Napi::TypeError::New(env, "setNumThreads: expected a positive integer");
  }
  runtime::setNumThreads(static_cast<int>(n));
  return env.Undefined();
}

}  // namespace

void InitThreads(Napi::Env env, Napi::Object exports) {
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
}

}  // namespace aotc::addon
