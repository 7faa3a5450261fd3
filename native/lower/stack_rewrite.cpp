// aten::stack(tensors, dim), which NNC 1.13 does not lower, becomes aten::cat of the tensors
// each unsqueezed at dim (both of which it lowers): the same values, one copy.
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {

void rewriteStacks(torch::jit::Graph& graph) {
  std::vector<torch::jit::Node*> stacks;
  for (torch::jit::Node* node : graph.nodes()) {
    if (node->kind() == c10::aten::stack && node->inputs().size() == 2) stacks.push_back(node);
  }
  for (torch::jit::Node* stack : stacks) {
    torch::jit::Node* list = stack->input(0)->node();
    auto dimValue = torch::jit::constant_as<int64_t>(stack->input(1));
    if (list->kind() != c10::prim::ListConstruct || !dimValue || list->inputs().empty()) continue;
    std::vector<std::vector<int64_t>> sizes;
    bool complete = true;
    for (const torch::jit::Value* tensor : list->inputs()) {
      auto type = tensor->type()->cast<c10::TensorType>();
      if (!type || !type->sizes().concrete_sizes() || !type->scalarType()) complete = false;
      if (complete) sizes.push_back(*type->sizes().concrete_sizes());
    }
    if (!complete || !stack->output()->type()->cast<c10::TensorType>()) continue;
    const int64_t rank = static_cast<int64_t>(sizes.front().size());
    int64_t dim = *dimValue < 0 ? *dimValue + rank + 1 : *dimValue;
    if (dim < 0 || dim > rank) continue;  // the trace would have failed; leave it be

    torch::jit::WithInsertPoint guard(stack);
    std::vector<torch::jit::Value*> unsqueezed;
    for (size_t i = 0; i < list->inputs().size(); ++i) {
      torch::jit::Value* tensor = list->input(i);
      torch::jit::Value* one = graph.insert(c10::aten::unsqueeze, {tensor, dim});
      std::vector<int64_t> shape = sizes[i];
      shape.insert(shape.begin() + dim, 1);
      setContiguousType(one, shape, tensor);
      one->node()->setSourceRange(stack->sourceRange());
      unsqueezed.push_back(one);
    }
    torch::jit::Value* pieces = graph.insertNode(graph.createList(c10::TensorType::get(), unsqueezed))->output();
    torch::jit::Value* result = graph.insert(c10::aten::cat, {pieces, dim});
    result->setType(stack->output()->type());
    result->node()->setSourceRange(stack->sourceRange());
    stack->output()->replaceAllUsesWith(result);
    stack->destroy();
  }
}

}  // namespace aotc::lower
