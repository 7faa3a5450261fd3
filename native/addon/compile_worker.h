// compile(request, onProgress?) -> Promise<result>: the compile driver off the event loop.
#pragma once

#include <napi.h>

namespace aotc::addon {

Napi::Value Compile(const Napi::CallbackInfo& info);

}  // namespace aotc::addon
