// LLVM-side helpers for a TargetSpec: native target initialisation and TargetMachine creation.
// Internal to native/codegen; no libtorch here.
#pragma once

#include <memory>

#include <llvm/Target/TargetMachine.h>

#include "codegen/target.h"

namespace aotc::codegen {

// Registers the native target, asm printer and asm parser with LLVM (once per process).
void initializeNativeTarget();

// `spec` with empty fields filled from the host (triple, then CPU/features when cpu is empty).
TargetSpec resolveTarget(const TargetSpec& spec);

// A TargetMachine for the resolved spec at -O3. Throws std::runtime_error if LLVM does not
// know the triple.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetSpec& spec);

}  // namespace aotc::codegen
