// LLVM-side helpers for a TargetSpec: native target initialisation and TargetMachine creation.
// Internal to native/codegen; no libtorch here.
#pragma once

#include <memory>

#include <llvm/Target/TargetMachine.h>

#include "codegen/target.h"

namespace aotc::codegen {

// Registers every target LLVM was built with (code may be generated for any of them), with
// their asm printers and parsers (once per process).
void initializeTargets();

// A TargetMachine for the resolved spec at -O3. Throws std::runtime_error if LLVM does not
// know the triple.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetSpec& spec);

}  // namespace aotc::codegen
