// The compile driver: what PyTorch 1.13's binaries/aot_model_compiler.cc did.
//   torch::jit::load -> eval -> freeze_module(clone) -> compile spec ->
//   codegen_backend_module("nnc") -> _save_for_mobile, plus the kernel's .ll and its object.
#pragma once

#include <string>

#include "compile/method_spec.h"
#include "compile/progress.h"
#include "runtime/compilation_unit.h"

namespace aotc::compile {

struct CompileRequest {
  std::string modelPath;
  std::string outputLlvm;
  std::string outputModel;
  std::string outputObject;  // the kernel as a native object for spec's target
  MethodSpec spec;  // asmFile is set from outputLlvm
};

// Compiles, writes both outputs (atomically) and returns the compiled function's description.
// Throws std::invalid_argument for bad input, std::runtime_error for other failures.
runtime::FunctionSpec compileModel(const CompileRequest& request,
                                   const ProgressReporter& progress = nullptr);

// The default object path beside the .ll: net.compiled.ll -> net.compiled.o.
std::string defaultObjectPath(const std::string& llvmPath);

// Registers the nnc preprocess and runtime backend, and the JIT kernel provider (idempotent).
void registerNncBackendAndPreprocess();

}  // namespace aotc::compile
