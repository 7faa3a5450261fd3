#include "codegen/jit_kernel_provider.h"

#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <torch/csrc/jit/tensorexpr/external_functions_registry.h>

#include "codegen/kernel_jit.h"
#include "codegen/target.h"
#include "runtime/dnnl_conv2d.h"
#include "runtime/dnnl_linear.h"
#include "runtime/dnnl_matmul.h"
#include "runtime/kernel_errors.h"
#include "runtime/kernel_provider.h"
#include "runtime/parallel_for.h"
#include "runtime/topk.h"
#include "runtime/workspace_calls.h"

namespace aotc::codegen {
namespace {

std::unordered_map<std::string, void*> collectExternalFunctions() {
  std::unordered_map<std::string, void*> symbols;
  for (const auto& entry : torch::jit::tensorexpr::getNNCFunctionRegistry()) {
    symbols.emplace(entry.first, reinterpret_cast<void*>(entry.second));
  }
  // The runtime's own external functions.
  symbols.emplace(runtime::kDnnlConv2dFunction, reinterpret_cast<void*>(&aotc_dnnl_conv2d));
  symbols.emplace(runtime::kDnnlLinearFunction, reinterpret_cast<void*>(&aotc_dnnl_linear));
  symbols.emplace(runtime::kDnnlMatmulFunction, reinterpret_cast<void*>(&aotc_dnnl_matmul));
  symbols.emplace(runtime::kParallelForFunction, reinterpret_cast<void*>(&aotc_parallel_for));
  symbols.emplace(runtime::kIntegerDivisionByZeroFunction,
                  reinterpret_cast<void*>(&aotc_integer_division_by_zero));
  symbols.emplace(runtime::kIndexCheckFunction, reinterpret_cast<void*>(&aotc_check_indices));
  symbols.emplace(runtime::kTopkIndicesFunction, reinterpret_cast<void*>(&aotc_topk_indices));
  symbols.emplace(runtime::kWorkspaceBufferFunction,
                  reinterpret_cast<void*>(&aotc_workspace_buffer));
  symbols.emplace(runtime::kWorkspaceReleaseFunction,
                  reinterpret_cast<void*>(&aotc_workspace_release));
  return symbols;
}

runtime::KernelBinding jitCompile(const runtime::FunctionSpec& spec) {
  if (spec.kernelIr.empty()) {
    throw std::runtime_error("the compiled model carries no kernel_ir for '" + spec.kernelId +
                             "', and no kernel with that id is linked into this program");
  }
  // Before generating any code: running it on the wrong machine would be an illegal
  // instruction, not an error.
  if (!spec.target.empty()) checkRunsOnHost(spec.target, spec.requiredFeatures);
  std::shared_ptr<JitKernel> kernel =
      JitKernel::compile(spec.kernelIr, spec.kernelFuncName, kernelExternalSymbols());
  runtime::KernelBinding binding;
  binding.entry = kernel->entry();
  binding.owner = kernel;
  return binding;
}

}  // namespace

const std::unordered_map<std::string, void*>& kernelExternalSymbols() {
  static const std::unordered_map<std::string, void*> symbols = collectExternalFunctions();
  return symbols;
}

void installJitKernelProvider() {
  static std::once_flag once;
  std::call_once(once, [] { runtime::setKernelProvider(jitCompile); });
}

}  // namespace aotc::codegen
