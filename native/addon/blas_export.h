// blasCoreName(): the kernel family OpenBLAS (libtorch's BLAS on Debian) chose when it loaded,
// e.g. "SkylakeX", or null when the BLAS in this process is not OpenBLAS.
#pragma once

#include <napi.h>

namespace aotc::addon {

void InitBlas(Napi::Env env, Napi::Object exports);

}  // namespace aotc::addon
