// aten::linear(x, W, b) with a constant W (every linear after freezing):
//   float32:  aotc::linear(x, W, b, activation), a call of the runtime's oneDNN inner product
//             (runtime/dnnl_linear.h) with W reordered once at load, and a following relu,
//             hardtanh or clamp fused in;
//   else:     W transposed once at compile time, then aten::addmm(b, x, W^T) for a 2-d x, or
//             aten::matmul(x, W^T) [+ b]: one BLAS call.
// A linear whose weight is not a constant stays and is lowered by our TE loop nest
// (lower/matmul.cpp).
#include <limits>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/fused_activation.h"
#include "lower/fused_ops.h"
#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;


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

void fuseLinear(torch::jit::Graph& graph, Node* linear) {
  registerFusedOps();
  double inf = std::numeric_limits<double>::infinity();
  Node* fused = nullptr;
  {
    torch::jit::WithInsertPoint guard(linear);
    auto constant = [&](const c10::IValue& value) { return graph.insertConstant(value); };
    fused = graph.create(fusedLinearSymbol(),
                         {linear->input(0), linear->input(1), linear->input(2),
                          constant(int64_t{0}), constant(-inf), constant(inf)});
    fused->insertBefore(linear);
  }
  fused->setSourceRange(linear->sourceRange());
  absorbInto(fused, linear);
  Value* out = fused->output();
  if (out->uses().size() != 1) return;
  Node* user = out->uses()[0].user;
  if (auto activation = fusableActivation(user, out)) {
    setConstantInput(graph, fused, kLinearActivationKind, activation->kind);
    setConstantInput(graph, fused, kLinearActivationLow, activation->low);
    setConstantInput(graph, fused, kLinearActivationHigh, activation->high);
    absorbInto(fused, user);
  }
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
    // The runtime's oneDNN call caches its primitive by the weight (and bias) buffers, so both
    // must be constants.
    bool noBias = isNone(linear->input(2));
    auto bias = noBias ? c10::optional<at::Tensor>() : constantTensor(linear->input(2));
    if (isFloat32Tensor(linear->input(0)) && weight->scalar_type() == at::kFloat &&
        (noBias || (bias && bias->scalar_type() == at::kFloat))) {
      fuseLinear(graph, linear);
    } else {
      rewriteLinear(graph, linear, *weight);
    }
  }
}

}  // namespace aotc::lower
