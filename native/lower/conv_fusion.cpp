// aten::conv2d with constant weights becomes aotc::conv2d, lowered to a call of the runtime's
// oneDNN convolution (runtime/dnnl_conv2d.h), with what follows it fused in:
//   conv [-> activation] [-> + residual [-> activation]]
// (an activation: relu, relu6, hardtanh, clamp, silu, sigmoid, hardswish or hardsigmoid), so a
// ResNet block or a MobileNet inverted residual is a chain of convolution calls with no
// loops in between. Their outputs are written channels-last (NHWC), the layout oneDNN's
// kernels read, except an output of the method, written in the layout the caller expects.
//
// What reads such outputs keeps the layout where it can (lower/channels_last_rewrite.cpp).
//
// All or nothing: when some aten::conv2d cannot be rewritten (a weight that is not a
// constant, a string padding), none is. libtorch's nnc_aten_conv2d copies its result as if
// its input had been contiguous, so it must never be given a channels-last buffer.
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

bool isConstantTensor(const Value* value, int64_t rank) {
  auto tensor = constantTensor(value);
  return tensor && tensor->dim() == rank && tensor->scalar_type() == at::kFloat;
}

bool isConstantIntList(const Value* value) {
  auto ivalue = torch::jit::toIValue(value);
  return ivalue && ivalue->isIntList() && ivalue->toIntList().size() == 2;
}

bool canFuse(const Node* conv) {
  return isFloat4d(conv->input(0)) && isConstantTensor(conv->input(1), 4) &&
         (isNone(conv->input(2)) || isConstantTensor(conv->input(2), 1)) &&
         isConstantIntList(conv->input(3)) && isConstantIntList(conv->input(4)) &&
         isConstantIntList(conv->input(5)) && torch::jit::toIValue(conv->input(6)).has_value() &&
         isFloat4d(conv->output());
}

Node* replaceConv(torch::jit::Graph& graph, Node* conv) {
  torch::jit::WithInsertPoint guard(conv);
  auto constant = [&](const c10::IValue& value) { return graph.insertConstant(value); };
  double inf = std::numeric_limits<double>::infinity();
  Value* none = graph.insertConstant(c10::IValue());
  Node* fused = graph.create(
      fusedConvSymbol(),
      {conv->input(0), conv->input(1), conv->input(2), conv->input(3), conv->input(4),
       conv->input(5), conv->input(6), constant(int64_t{0}), constant(-inf), constant(inf), none,
       constant(int64_t{0}), constant(-inf), constant(inf), constant(true)});
  fused->insertBefore(conv);
  fused->setSourceRange(conv->sourceRange());  // inspect names the model's line
  fused->output()->setType(conv->output()->type());
  conv->output()->replaceAllUsesWith(fused->output());
  conv->destroy();
  return fused;
}

bool hasActivation(const Node* fused, size_t index) {
  return torch::jit::toIValue(fused->input(index))->toInt() != 0;
}

// Absorbs the one user of `fused`'s output when it is an activation or a residual add.
bool absorbNextOp(torch::jit::Graph& graph, Node* fused) {
  Value* out = fused->output();
  if (out->uses().size() != 1) return false;
  Node* user = out->uses()[0].user;
  bool hasResidual = !isNone(fused->input(kConvResidual));
  if (auto activation = fusableActivation(user, out)) {
    size_t slot = hasResidual ? kConvPostActivation : kConvPreActivation;
    if (hasActivation(fused, slot)) return false;
    setConstantInput(graph, fused, slot, activation->kind);
    setConstantInput(graph, fused, slot + 1, activation->low);
    setConstantInput(graph, fused, slot + 2, activation->high);
  } else if (user->kind() == c10::aten::add && !hasResidual &&
             !hasActivation(fused, kConvPostActivation) && user->inputs().size() == 3) {
    Value* other = user->input(0) == out ? user->input(1) : user->input(0);
    auto alpha = torch::jit::toIValue(user->input(2));
    auto outType = out->type()->cast<c10::TensorType>();
    auto otherType = other->type()->cast<c10::TensorType>();
    bool sameShape = outType && otherType && outType->sizes().concrete_sizes() &&
                     otherType->sizes().concrete_sizes() == outType->sizes().concrete_sizes() &&
                     otherType->scalarType() == at::kFloat;
    if (other == out || !sameShape || !alpha || !(alpha->isInt() && alpha->toInt() == 1)) {
      return false;
    }
    // The residual may be computed after the convolution (torchvision's downsample branch):
    // the fused op moves to where the add was, where both exist.
    fused->moveBefore(user);
    fused->replaceInput(kConvResidual, other);
  } else {
    return false;
  }
  absorbInto(fused, user);
  return true;
}

}  // namespace

void fuseConvolutions(torch::jit::Graph& graph) {
  std::vector<Node*> convs;
  for (auto* node : graph.nodes()) {
    if (node->kind() == c10::aten::conv2d) {
      if (!canFuse(node)) return;  // all or nothing (see the top of this file)
      convs.push_back(node);
    }
  }
  if (convs.empty()) return;
  registerFusedOps();
  for (auto* conv : convs) {
    Node* fused = replaceConv(graph, conv);
    while (absorbNextOp(graph, fused)) {
    }
    if (isMethodOutput(graph, fused->output())) {
      setConstantInput(graph, fused, kConvChannelsLastOutput, false);
    }
  }
  keepChannelsLast(graph);
}

}  // namespace aotc::lower
