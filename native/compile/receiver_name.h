// TorchScript methods may call their receiver anything (`def forward(s, x)`), but the wrapper
// that codegen_backend_module writes around a lowered method recognises the receiver only by
// the name `self`: any other name is copied into the wrapper's parameters, typed with the
// (mangled, unresolvable) class name, and the wrapper does not compile.
#pragma once

#include <string>

#include <torch/csrc/jit/api/module.h>

namespace aotc::compile {

// Renames `method`'s receiver to `self` in its schema (the graph is untouched). Throws when
// another parameter is itself named `self` (the wrapper would then lose that input).
void nameReceiverSelf(torch::jit::Module& module, const std::string& method);

}  // namespace aotc::compile
