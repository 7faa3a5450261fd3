#include "compile/nnc_preprocess.h"

#include <mutex>
#include <stdexcept>

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/backends/backend_preprocess.h>

#include "codegen/kernel_codegen.h"
#include "compile/graph_passes.h"
#include "compile/kernel_builder.h"
#include "compile/method_spec.h"
#include "compile/progress.h"
#include "runtime/compilation_unit.h"

namespace aotc::compile {
namespace {

std::string methodNames(const torch::jit::Module& module) {
  std::string names;
  for (const auto& method : module.get_methods()) {
    if (!names.empty()) names += ", ";
    names += method.name();
  }
  return names.empty() ? "none" : names;
}

runtime::FunctionSpec compileMethod(const torch::jit::Module& module, const MethodSpec& spec) {
  auto method = module.find_method(spec.methodName);
  if (!method) {
    throw std::invalid_argument("the model has no method '" + spec.methodName +
                                "' (its methods: " + methodNames(module) + ")");
  }
  auto graph = torch::jit::toGraphFunction(method->function()).graph();

  reportProgress("passes");
  auto prepared = prepareGraph(graph, spec);
  reportProgress("lower");
  auto built = buildKernel(std::move(prepared), spec);
  // Argument names, for messages and generated declarations (the schema's first is self).
  const auto& arguments = method->function().getSchema().arguments();
  for (size_t i = 0; i < built.function.inputs.size() && i + 1 < arguments.size(); ++i) {
    built.function.inputs[i].name = arguments[i + 1].name();
  }
  reportProgress("codegen");
  auto target = codegen::resolveTarget({spec.target, spec.cpu, ""});
  built.function.kernelIr = codegen::generateKernelAssembly(built.source, target);
  built.function.target = target.triple;
  built.function.targetCpu = target.cpu;
  built.function.requiredFeatures = codegen::enabledFeatures(target);
  return std::move(built.function);
}

c10::IValue preprocess(const torch::jit::Module& module,
                       const c10::Dict<c10::IValue, c10::IValue>& compileSpec,
                       const torch::jit::BackendDebugHandleGenerator& /*debugHandles*/) {
  std::vector<runtime::FunctionSpec> functions;
  for (const auto& entry : compileSpec) {
    if (!entry.key().isString() || !entry.value().isGenericDict()) {
      throw std::invalid_argument("nnc compile spec: expected {method name: dict of settings}");
    }
    auto spec = parseMethodSpec(entry.key().toStringRef(), entry.value().toGenericDict());
    functions.push_back(compileMethod(module, spec));
  }
  return runtime::serializeCompilationUnit(functions);
}

}  // namespace

void registerNncPreprocess() {
  static std::once_flag once;
  std::call_once(once, [] { torch::jit::backend_preprocess_register("nnc", preprocess); });
}

}  // namespace aotc::compile
