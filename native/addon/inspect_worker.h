// inspect(request) -> Promise<{ops: [{kind, schema, count, status, sourceLine}], graph}>:
// the method's graph after the passes, classified op by op (native, project, unsupported).
// The request is compile's without names and output paths.
#pragma once

#include <napi.h>

namespace aotc::addon {

Napi::Value Inspect(const Napi::CallbackInfo& info);

}  // namespace aotc::addon
