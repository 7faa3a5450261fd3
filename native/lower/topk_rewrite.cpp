// aten::topk(x, k, dim, largest, sorted) -> (values, indices): NNC lowers neither output. Its
// indices become aotc::topk_indices (lower/topk.cpp, a runtime call), its values
// aten::gather(x, dim, indices) (lower/gather.cpp), so each is one tensor the kernel lowers.
// sorted=False is answered sorted too: PyTorch leaves that order unspecified.
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/fused_ops.h"
#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;

c10::optional<int64_t> constantInt(const Value* value) {
  auto constant = torch::jit::toIValue(value);
  if (!constant || !constant->isInt()) return c10::nullopt;
  return constant->toInt();
}

c10::optional<bool> constantBool(const Value* value) {
  auto constant = torch::jit::toIValue(value);
  if (!constant || !constant->isBool()) return c10::nullopt;
  return constant->toBool();
}

}  // namespace

void rewriteTopk(torch::jit::Graph& graph) {
  registerFusedOps();
  std::vector<Node*> nodes;
  for (Node* node : graph.nodes()) {
    if (node->kind() == c10::aten::topk && node->inputs().size() == 5 &&
        node->outputs().size() == 2) {
      nodes.push_back(node);
    }
  }
  for (Node* node : nodes) {
    Value* x = node->input(0);
    auto k = constantInt(node->input(1));
    auto dim = constantInt(node->input(2));
    auto largest = constantBool(node->input(3));
    if (!isCompleteTensor(x) || !k || !dim || !largest) continue;
    const int64_t rank = static_cast<int64_t>(*x->type()->expectRef<c10::TensorType>().dim());
    const int64_t d = *dim < 0 ? *dim + std::max<int64_t>(rank, 1) : *dim;
    torch::jit::WithInsertPoint guard(node);
    Value* indices = graph.insert(topkIndicesSymbol(), {x, *k, d, *largest});
    indices->setType(node->output(1)->type());
    indices->node()->setSourceRange(node->sourceRange());
    if (node->output(0)->hasUses()) {
      Value* values = graph.insert(c10::aten::gather, {x, d, indices});
      values->setType(node->output(0)->type());
      values->node()->setSourceRange(node->sourceRange());
      node->output(0)->replaceAllUsesWith(values);
    }
    node->output(1)->replaceAllUsesWith(indices);
    node->destroy();
  }
}

}  // namespace aotc::lower
