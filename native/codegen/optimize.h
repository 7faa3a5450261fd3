// The optimisation pipeline run on a generated kernel module. No libtorch here.
#pragma once

#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include "codegen/target.h"

namespace aotc::codegen {

// Runs the new pass manager's O3 pipeline (loop and SLP vectorisation on) with `machine`'s
// cost model, so loops are vectorised for the target's vector width. `target` is the resolved
// spec `machine` was made from (its features select the SLEEF vector widths).
void optimizeModule(llvm::Module& module, llvm::TargetMachine& machine, const TargetSpec& target);

}  // namespace aotc::codegen
