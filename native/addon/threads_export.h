// setNumThreads(n): the intra-op thread count of every later run (runtime/threads.h).
#pragma once

#include <napi.h>

namespace aotc::addon {

void InitThreads(Napi::Env env, Napi::Object exports);

}  // namespace aotc::addon
