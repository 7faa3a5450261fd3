// Compiled input/output specs as JS objects: {sizes (0 = dynamic), dtype, memoryFormat}.
#pragma once

#include <napi.h>

#include "runtime/compilation_unit.h"

namespace aotc::addon {

Napi::Array inputSpecsToJs(Napi::Env env, const std::vector<runtime::InputSpec>& specs);
Napi::Array outputSpecsToJs(Napi::Env env, const std::vector<runtime::OutputSpec>& specs);

}  // namespace aotc::addon
