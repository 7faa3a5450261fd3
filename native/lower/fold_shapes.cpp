// Shape arithmetic left after tracing (shufflenet: size -> floordiv -> view) becomes
// constants: the traced graph has static shapes, so every aten::size / aten::dim of a tensor
// with a complete type is a constant, and constant propagation folds what is computed from it.
#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>

#include "lower/graph_rewrite.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::WithInsertPoint;

c10::optional<std::vector<int64_t>> staticSizes(const torch::jit::Value* value) {
  auto type = value->type()->cast<c10::TensorType>();
  if (!type) return c10::nullopt;
  return type->sizes().concrete_sizes();
}

// The constant replacing `node`'s output, or none when it cannot be known statically.
c10::optional<c10::IValue> staticResult(const Node* node) {
  auto sizes = staticSizes(node->input(0));
  if (!sizes) return c10::nullopt;
  auto rank = static_cast<int64_t>(sizes->size());
  if (node->kind() == c10::aten::dim) return c10::IValue(rank);
  if (node->kind() != c10::aten::size) return c10::nullopt;
  if (node->inputs().size() == 1) return c10::IValue(*sizes);
  auto dim = torch::jit::toIValue(node->input(1));
  if (!dim || !dim->isInt()) return c10::nullopt;
  int64_t d = dim->toInt() < 0 ? dim->toInt() + rank : dim->toInt();
  if (d < 0 || d >= rank) return c10::nullopt;
  return c10::IValue((*sizes)[d]);
}

}  // namespace

void foldShapeArithmetic(std::shared_ptr<torch::jit::Graph>& graph) {
  bool changed = false;
  for (auto* node : graph->nodes()) {
    auto kind = node->kind();
    if (kind != c10::aten::size && kind != c10::aten::dim) continue;
    auto result = staticResult(node);
    if (!result) continue;
    WithInsertPoint guard(node);
    auto* constant = graph->insertConstant(*result);
    node->output()->replaceAllUsesWith(constant);
    changed = true;
  }
  if (!changed) return;
  torch::jit::EliminateDeadCode(graph);
  torch::jit::ConstantPropagation(graph);
}

}  // namespace aotc::lower
