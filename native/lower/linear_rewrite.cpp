// aten::linear(x, W, b) with a constant W (every linear after freezing): W is transposed
// once, at compile time, and the op becomes
//   x 2-d:  aten::addmm(b, x, W^T)           (NNC: one nnc_aten_addmm call, bias fused)
//   else:   aten::matmul(x, W^T) [+ b]       (our matmul lowering; the add fuses onward)
// so the run time pays for one BLAS call and nothing else. A linear whose weight is not a
// constant stays and is lowered by our TE loop nest (lower/linear.cpp).
#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;

c10::optional<at::Tensor> constantTensor(const Value* value) {
  if (value->node()->kind() != c10::prim::Constant) return c10::nullopt;
  auto ivalue = torch::jit::toIValue(value);
  if (!ivalue || !ivalue->isTensor()) return c10::nullopt;
  return ivalue->toTensor();
}

bool isNone(const Value* value) { return value->type()->kind() == c10::TypeKind::NoneType; }

void rewriteLinear(torch::jit::Graph& graph, Node* linear, const at::Tensor& weight) {
  Value* x = linear->input(0);
  Value* bias = linear->input(2);
  Value* out = linear->output();
  auto outSizes = concreteSizes(out);
  auto xSizes = concreteSizes(x);

  torch::jit::WithInsertPoint guard(linear);
  Value* transposed = insertTensorConstant(graph, weight.t().contiguous());
  Value* result = nullptr;
  if (xSizes.size() == 2 && !isNone(bias)) {
    result = graph.insert(c10::aten::addmm, {bias, x, transposed});
  } else {
    result = graph.insert(c10::aten::matmul, {x, transposed});
    if (!isNone(bias)) {
      setContiguousType(result, outSizes, out);
      result = graph.insert(c10::aten::add, {result, bias});
    }
  }
  setContiguousType(result, outSizes, out);
  out->replaceAllUsesWith(result);
  linear->destroy();
}

}  // namespace

void rewriteConstantLinears(torch::jit::Graph& graph) {
  std::vector<Node*> linears;
  for (auto* node : graph.nodes()) {
    if (node->kind() == c10::aten::linear) linears.push_back(node);
  }
  for (auto* linear : linears) {
    auto weight = constantTensor(linear->input(1));
    auto type = linear->input(0)->type()->cast<c10::TensorType>();
    auto rank = type ? type->sizes().size() : c10::nullopt;
    if (!weight || weight->dim() != 2 || !rank || *rank < 2) continue;
    if (!linear->output()->type()->cast<c10::TensorType>()->sizes().concrete_sizes()) continue;
    rewriteLinear(graph, linear, *weight);
  }
}

}  // namespace aotc::lower
