#include "compile/inspect.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/passes/freeze_module.h>
#include <torch/csrc/jit/serialization/import.h>

#include "compile/graph_passes.h"
#include "lower/classify.h"

namespace aotc::compile {
namespace {

torch::jit::Module loadForInspection(const std::string& path) {
  if (!std::ifstream(path).good()) {
    throw std::invalid_argument("model file '" + path + "' does not exist or cannot be read");
  }
  try {
    return torch::jit::load(path);
  } catch (const c10::Error& error) {
    throw std::invalid_argument("cannot load TorchScript model '" + path +
                                "': " + error.what_without_backtrace());
  }
}

}  // namespace

InspectResult inspectModel(const std::string& modelPath, const MethodSpec& spec) {
  auto module = loadForInspection(modelPath);
  module.eval();
  if (!module.find_method(spec.methodName)) {
    throw std::invalid_argument("the model has no method '" + spec.methodName + "'");
  }
  std::vector<std::string> preserved;
  if (spec.methodName != "forward") preserved.push_back(spec.methodName);
  PreparedGraph prepared;
  try {
    auto frozen = torch::jit::freeze_module(module.clone(), preserved);
    auto method = frozen.get_method(spec.methodName);
    prepared = prepareGraph(torch::jit::toGraphFunction(method.function()).graph(), spec);
  } catch (const c10::Error& error) {
    throw std::runtime_error(error.what_without_backtrace());
  }

  InspectResult result;
  for (auto& op : lower::classifyGraph(*prepared.graph)) {
    result.ops.push_back({std::move(op.kind), std::move(op.schema), op.count,
                          lower::opStatusName(op.status), std::move(op.sourceLine)});
  }
  std::ostringstream graph;
  graph << *prepared.graph;
  result.graph = graph.str();
  return result;
}

}  // namespace aotc::compile
