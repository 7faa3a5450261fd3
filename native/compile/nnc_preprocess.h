// The `nnc` backend preprocess: compiles each method named in the compile spec to a kernel
// and returns the nnc compilation unit (runtime/compilation_unit.h).
#pragma once

namespace aotc::compile {

// Registers the preprocess under the backend name "nnc". Idempotent.
void registerNncPreprocess();

}  // namespace aotc::compile
