// max / min over a dim with their indices (aten::max.dim, aten::min.dim: NNC lowers only the
// values, through a call that leaves them unwritten), aten::amax / aten::amin over one dim and
// aten::argmax / aten::argmin (over a dim, or over the flattened tensor) become
// aotc::extreme_values and aotc::extreme_index, which lower/extreme.cpp lowers as reductions.
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/fused_ops.h"
#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;

// The one dim of an int or int[1] constant, else nullopt.
c10::optional<int64_t> singleDim(const Value* value) {
  auto constant = torch::jit::toIValue(value);
  if (!constant) return c10::nullopt;
  if (constant->isInt()) return constant->toInt();
  if (constant->isIntList()) {
    auto dims = constant->toIntVector();
    if (dims.size() == 1) return dims.front();
  }
  return c10::nullopt;
}

// `op`(x, dim, keepdim, maximum) in place of `replaced`, typed like it, where the model does it.
void replaceWith(torch::jit::Graph& graph, Node* node, Value* replaced, c10::Symbol op,
                 int64_t dim, bool keepdim, bool maximum) {
  if (!replaced->hasUses()) return;
  torch::jit::WithInsertPoint guard(node);
  Value* result = graph.insert(op, {node->input(0), dim, keepdim, maximum});
  result->setType(replaced->type());
  result->node()->setSourceRange(node->sourceRange());
  replaced->replaceAllUsesWith(result);
}

// argmax / argmin without a dim: the index into the flattened tensor, so of its reshape to
// one dim.
void replaceWithFlatIndex(torch::jit::Graph& graph, Node* node, bool maximum) {
  int64_t count = 1;
  for (int64_t size : concreteSizes(node->input(0))) count *= size;
  torch::jit::WithInsertPoint guard(node);
  Value* flat = graph.insert(c10::aten::reshape, {node->input(0), std::vector<int64_t>{count}});
  setContiguousType(flat, {count}, node->input(0));
  flat->node()->setSourceRange(node->sourceRange());
  Value* result = graph.insert(extremeIndexSymbol(), {flat, int64_t{0}, false, maximum});
  result->setType(node->output()->type());
  result->node()->setSourceRange(node->sourceRange());
  node->output()->replaceAllUsesWith(result);
}

}  // namespace

void rewriteExtremes(torch::jit::Graph& graph) {
  registerFusedOps();
  std::vector<Node*> nodes;
  for (Node* node : graph.nodes()) {
    const auto kind = node->kind();
    if (kind == c10::aten::max || kind == c10::aten::min || kind == c10::aten::amax ||
        kind == c10::aten::amin || kind == c10::aten::argmax || kind == c10::aten::argmin) {
      nodes.push_back(node);
    }
  }
  for (Node* node : nodes) {
    const auto kind = node->kind();
    if (node->inputs().size() != 3 || !isCompleteTensor(node->input(0))) continue;
    if ((kind == c10::aten::argmax || kind == c10::aten::argmin) && isNone(node->input(1)) &&
        node->outputs().size() == 1) {
      replaceWithFlatIndex(graph, node, kind == c10::aten::argmax);
      node->destroy();
      continue;
    }
    auto dim = singleDim(node->input(1));
    auto keep = torch::jit::toIValue(node->input(2));
    if (!dim || !keep || !keep->isBool()) continue;
    auto keepdim = c10::optional<bool>(keep->toBool());
    const bool maximum = kind == c10::aten::max || kind == c10::aten::amax || kind == c10::aten::argmax;
    bool replaced = false;
    if ((kind == c10::aten::max || kind == c10::aten::min) && node->outputs().size() == 2) {
      replaceWith(graph, node, node->output(0), extremeValuesSymbol(), *dim, *keepdim, maximum);
      replaceWith(graph, node, node->output(1), extremeIndexSymbol(), *dim, *keepdim, maximum);
      replaced = true;
    } else if ((kind == c10::aten::amax || kind == c10::aten::amin) && node->outputs().size() == 1) {
      replaceWith(graph, node, node->output(), extremeValuesSymbol(), *dim, *keepdim, maximum);
      replaced = true;
    } else if ((kind == c10::aten::argmax || kind == c10::aten::argmin) &&
               node->outputs().size() == 1) {
      replaceWith(graph, node, node->output(), extremeIndexSymbol(), *dim, *keepdim, maximum);
      replaced = true;
    }
    if (replaced) node->destroy();
  }
}

}  // namespace aotc::lower
