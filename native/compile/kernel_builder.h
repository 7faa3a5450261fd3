// Builds the TensorExprKernel for a prepared graph and describes it in the artifact format:
// input/output specs, parameters (the kernel's constants), symbolic shape positions.
#pragma once

#include <memory>

#include "codegen/kernel_codegen.h"
#include "compile/graph_passes.h"
#include "compile/method_spec.h"
#include "runtime/compilation_unit.h"

namespace torch::jit::tensorexpr {
class TensorExprKernel;
}

namespace aotc::compile {

struct BuiltKernel {
  std::shared_ptr<torch::jit::tensorexpr::TensorExprKernel> kernel;  // owns the IR's constants
  codegen::KernelSource source;
  runtime::FunctionSpec function;  // without kernel_ir / target: the caller adds them
};

BuiltKernel buildKernel(PreparedGraph prepared, const MethodSpec& spec);

}  // namespace aotc::compile
