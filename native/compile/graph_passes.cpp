#include "compile/graph_passes.h"

#include <algorithm>
#include <stdexcept>

#include <ATen/ATen.h>
#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/frozen_conv_folding.h>
#include <torch/csrc/jit/passes/frozen_graph_optimizations.h>
#include <torch/csrc/jit/passes/lower_tuples.h>
#include <torch/csrc/jit/passes/peephole.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/runtime/jit_trace.h>
#include <torch/csrc/jit/tensorexpr/graph_opt.h>

#include "compile/dynamic_dims.h"
#include "compile/list_mutation.h"
#include "lower/graph_rewrite.h"

namespace aotc::compile {
namespace {

using torch::jit::Graph;

// Random floats in [0, 1); integer inputs all `integerValue` (0 is a valid index into any
// dimension; 1 a valid divisor).
std::vector<c10::optional<at::Tensor>> exampleInputs(const MethodSpec& spec,
                                                     int64_t integerValue) {
  std::vector<c10::optional<at::Tensor>> inputs;
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    at::Tensor input = c10::isIntegralType(spec.types[i], /*includeBool=*/true)
                           ? at::full(spec.sizes[i], integerValue, at::TensorOptions(spec.types[i]))
                           : at::rand(spec.sizes[i]).to(spec.types[i]);
    inputs.emplace_back(input.contiguous(spec.memoryFormats[i]));
  }
  return inputs;
}

bool hasIntegerInput(const MethodSpec& spec) {
  return std::any_of(spec.types.begin(), spec.types.end(), [](c10::ScalarType type) {
    return c10::isIntegralType(type, /*includeBool=*/true);
  });
}

// Outputs are always written contiguous: the runtime allocates them so, and callers read
// them as row-major data whatever layout the inputs had.
void makeOutputsContiguous(Graph& graph) {
  for (auto* output : graph.outputs()) {
    auto type = output->type()->cast<c10::TensorType>();
    if (type && type->sizes().concrete_sizes()) output->setType(type->contiguous());
  }
}

void checkInputCount(const Graph& graph, const MethodSpec& spec) {
  size_t tensorInputs = graph.inputs().size();
  if (tensorInputs != spec.sizes.size()) {
    throw std::invalid_argument("method '" + spec.methodName + "' takes " +
                                std::to_string(tensorInputs) + " inputs, but " +
                                std::to_string(spec.sizes.size()) +
                                " input dims were given");
  }
}

std::string dimsText(const MethodSpec& spec) {
  std::string text;
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    if (i) text += ';';
    for (size_t d = 0; d < spec.sizes[i].size(); ++d) {
      if (d) text += ',';
      text += std::to_string(spec.sizes[i][d]);
    }
  }
  return text;
}

// The interpreter's message ends with the error itself ("RuntimeError: mat1 and mat2 shapes
// cannot be multiplied ..."), after a TorchScript traceback: lead with that line.
std::string lastLine(const std::string& message) {
  auto end = message.find_last_not_of(" \n");
  if (end == std::string::npos) return message;
  auto newline = message.rfind('\n', end);
  size_t start = newline == std::string::npos ? 0 : newline + 1;
  std::string line = message.substr(start, end + 1 - start);
  const std::string prefix = "RuntimeError: ";
  if (line.compare(0, prefix.size(), prefix) == 0) line.erase(0, prefix.size());
  return line;
}

// Running the model on the example inputs fails when the input dims (rank, sizes) or types do
// not fit the model: say so, with the model's own error and traceback after. Integer inputs
// are zeros first; a model that fails on those (dividing by an integer input:
// ZeroDivisionError) is traced again with ones.
std::shared_ptr<Graph> traceWithExamples(const std::shared_ptr<Graph>& graph,
                                         const std::vector<c10::optional<at::Tensor>>& examples,
                                         const MethodSpec& spec) {
  auto trace = [&](const std::vector<c10::optional<at::Tensor>>& inputs) {
    torch::jit::Stack stack;
    for (const auto& input : inputs) stack.emplace_back(*input);
    return torch::jit::TraceGraph(graph, stack);
  };
  try {
    return trace(examples);
  } catch (const std::exception& error) {
    if (hasIntegerInput(spec)) {
      try {
        return trace(exampleInputs(spec, 1));
      } catch (const std::exception&) {
        // Report the first failure.
      }
    }
    auto* c10Error = dynamic_cast<const c10::Error*>(&error);
    std::string message = c10Error ? c10Error->what_without_backtrace() : error.what();
    throw std::invalid_argument("the model fails on inputs of the given input dims (" +
                                dimsText(spec) + "): " + lastLine(message) +
                                " (do the dims and types match what method '" +
                                spec.methodName + "' expects?)\n" + message);
  }
}

// The passes and the trace for the spec's exact sizes: a straight-line, fully shaped graph.
std::shared_ptr<Graph> specializeGraph(const std::shared_ptr<Graph>& methodGraph,
                                       const MethodSpec& spec) {
  auto graph = methodGraph->copy();
  torch::jit::RemoveTensorMutation(graph);
  torch::jit::EliminateDeadCode(graph->block());
  graph = torch::jit::tensorexpr::removeUnusedSelfArgument(graph);
  lower::bindOmittedOptionalInputs(*graph, spec.sizes.size());
  checkInputCount(*graph, spec);

  auto examples = exampleInputs(spec, 0);
  torch::jit::tensorexpr::annotateInputShapes(graph, examples);
  torch::jit::OptimizeFrozenGraph(graph, true);
  // No symbolic shape propagation here (the original ran it twice): the trace below gives
  // every value its exact shape anyway, and the pass cost ~0.5 s on mobilenet_v2 (most of it
  // building libtorch's shape-function registry on first use).
  torch::jit::PeepholeOptimize(graph, false);
  torch::jit::ConstantPropagation(graph);

  // Trace with the example inputs: control flow and shape arithmetic fold away.
  graph = traceWithExamples(graph, examples, spec);
  torch::jit::tensorexpr::annotateInputShapes(graph, examples);
  // Batch norms after convolutions that a branch hid from the folding above (DenseNet's layers
  // check whether to checkpoint) are folded now that the trace took the branches away.
  torch::jit::FoldFrozenConvBatchnorm(graph);

  torch::jit::RemoveListMutation(graph);
  removeListAppends(*graph);
  torch::jit::RemoveTensorMutation(graph);
  torch::jit::EliminateDeadCode(graph);
  torch::jit::LowerAllTuples(graph);
  // Ops NNC lacks become ops it has (or ours); needs the trace's static shapes.
  lower::rewriteGraph(graph);
  makeOutputsContiguous(*graph);
  return graph;
}

}  // namespace

PreparedGraph prepareGraph(const std::shared_ptr<Graph>& methodGraph, const MethodSpec& spec) {
  PreparedGraph prepared;
  prepared.graph = specializeGraph(methodGraph, spec);
  auto dynamicDims = spec.dynamicInputDims();
  if (!dynamicDims.empty()) {
    // Specialise again with every dynamic dimension one larger: what varies between the two
    // graphs derives from the dynamic dimensions, what does not is static.
    auto varied = specializeGraph(methodGraph, withGrownDims(spec, dynamicDims));
    prepared.symbolicShapes = markDynamicDims(*prepared.graph, *varied, spec, dynamicDims);
  }
  return prepared;
}

}  // namespace aotc::compile
