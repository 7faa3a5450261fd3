// aten::conv2d with constant weights becomes aotc::conv2d, lowered to a call of the runtime's
// oneDNN convolution (runtime/dnnl_conv2d.h), with what follows it fused in:
//   conv [-> relu | hardtanh | clamp] [-> + residual [-> relu | hardtanh | clamp]]
// so a ResNet block or a MobileNet inverted residual is a chain of convolution calls with no
// loops in between. Their outputs are written channels-last (NHWC), the layout oneDNN's
// kernels read, except an output of the method, written in the layout the caller expects.
//
// A max_pool2d reading such an output (ResNet's stem) becomes aotc::max_pool2d_nhwc, which
// keeps the layout (lower/max_pool2d.cpp).
//
// All or nothing: when some aten::conv2d cannot be rewritten (a weight that is not a
// constant, a string padding), none is. libtorch's nnc_aten_conv2d copies its result as if
// its input had been contiguous, so it must never be given a channels-last buffer.
#include <limits>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/library.h>

#include "lower/graph_rewrite.h"
#include "runtime/dnnl_conv2d.h"

namespace aotc::lower {
namespace {

using runtime::FusedActivation;
using torch::jit::Node;
using torch::jit::Value;

constexpr const char* kFusedConvSchema =
    "aotc::conv2d(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, "
    "int[] dilation, int groups, int pre_activation, float pre_low, float pre_high, "
    "Tensor? residual, int post_activation, float post_low, float post_high, "
    "bool channels_last_output) -> Tensor";

// Input positions in the schema above.
enum FusedConvInput : size_t {
  kInput, kWeight, kBias, kStride, kPadding, kDilation, kGroups,
  kPreActivation, kPreLow, kPreHigh, kResidual, kPostActivation, kPostLow, kPostHigh,
  kChannelsLastOutput
};

at::Tensor activate(at::Tensor x, int64_t kind, double low, double high) {
  switch (static_cast<FusedActivation>(kind)) {
    case FusedActivation::kNone: return x;
    case FusedActivation::kRelu: return at::relu(x);
    case FusedActivation::kClamp: return at::clamp(x, low, high);
  }
  throw std::invalid_argument("aotc::conv2d: unknown activation " + std::to_string(kind));
}

// What the op means, for libtorch's interpreter (the kernel never calls it).
at::Tensor referenceConv2d(const at::Tensor& input, const at::Tensor& weight,
                           const c10::optional<at::Tensor>& bias, at::IntArrayRef stride,
                           at::IntArrayRef padding, at::IntArrayRef dilation, int64_t groups,
                           int64_t preActivation, double preLow, double preHigh,
                           const c10::optional<at::Tensor>& residual, int64_t postActivation,
                           double postLow, double postHigh, bool /*channelsLastOutput*/) {
  at::Tensor y = at::conv2d(input, weight, bias, stride, padding, dilation, groups);
  y = activate(y, preActivation, preLow, preHigh);
  if (residual) y = y + *residual;
  return activate(y, postActivation, postLow, postHigh);
}

constexpr const char* kChannelsLastMaxPoolSchema =
    "aotc::max_pool2d_nhwc(Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, "
    "int[2] dilation, bool ceil_mode) -> Tensor";

at::Tensor referenceMaxPool2d(const at::Tensor& self, at::IntArrayRef kernel,
                              at::IntArrayRef stride, at::IntArrayRef padding,
                              at::IntArrayRef dilation, bool ceilMode) {
  return at::max_pool2d(self, kernel, stride, padding, dilation, ceilMode);
}

void registerFusedOps() {
  static std::once_flag once;
  std::call_once(once, [] {
    static torch::Library library(torch::Library::DEF, "aotc", c10::nullopt, __FILE__, __LINE__);
    library.def(kFusedConvSchema, &referenceConv2d);
    library.def(kChannelsLastMaxPoolSchema, &referenceMaxPool2d);
  });
}

c10::Symbol fusedConvSymbol() { return c10::Symbol::fromQualString("aotc::conv2d"); }

bool isConstantTensor(const Value* value, int64_t rank) {
  if (value->node()->kind() != c10::prim::Constant) return false;
  auto ivalue = torch::jit::toIValue(value);
  return ivalue && ivalue->isTensor() && ivalue->toTensor().dim() == rank &&
         ivalue->toTensor().scalar_type() == at::kFloat;
}

bool isNone(const Value* value) { return value->type()->kind() == c10::TypeKind::NoneType; }

bool isConstantIntList(const Value* value) {
  auto ivalue = torch::jit::toIValue(value);
  return ivalue && ivalue->isIntList() && ivalue->toIntList().size() == 2;
}

bool isFloat4d(const Value* value) {
  auto type = value->type()->cast<c10::TensorType>();
  return type && type->scalarType() == at::kFloat && type->sizes().size() == 4u;
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

// relu, hardtanh or clamp of `input` with constant bounds: sets kind/low/high.
bool activationOf(const Node* node, const Value* input, int64_t& kind, double& low, double& high) {
  if (node->inputs().empty() || node->input(0) != input) return false;
  double inf = std::numeric_limits<double>::infinity();
  auto number = [](const Value* v, double fallback) -> c10::optional<double> {
    auto ivalue = torch::jit::toIValue(v);
    if (!ivalue) return c10::nullopt;
    if (ivalue->isNone()) return fallback;
    if (ivalue->isDouble()) return ivalue->toDouble();
    if (ivalue->isInt()) return static_cast<double>(ivalue->toInt());
    return c10::nullopt;
  };
  const std::string kindName = node->kind().toQualString();
  if (kindName == "aten::relu" || kindName == "aten::relu_") {
    kind = static_cast<int64_t>(FusedActivation::kRelu);
    low = 0;
    high = inf;
    return true;
  }
  bool hardtanh = kindName == "aten::hardtanh" || kindName == "aten::hardtanh_";
  bool clamp = kindName == "aten::clamp" || kindName == "aten::clamp_";
  if (!(hardtanh || clamp) || node->inputs().size() != 3) return false;
  auto lo = number(node->input(1), -inf);
  auto hi = number(node->input(2), inf);
  if (!lo || !hi || !(*lo <= *hi)) return false;
  kind = static_cast<int64_t>(FusedActivation::kClamp);
  low = *lo;
  high = *hi;
  return true;
}

void setInputConstant(torch::jit::Graph& graph, Node* fused, size_t index, const c10::IValue& v) {
  torch::jit::WithInsertPoint guard(fused);
  fused->replaceInput(index, graph.insertConstant(v));
}

bool hasActivation(const Node* fused, size_t index) {
  return torch::jit::toIValue(fused->input(index))->toInt() != 0;
}

// Absorbs the one user of `fused`'s output when it is an activation or a residual add.
bool absorbNextOp(torch::jit::Graph& graph, Node* fused) {
  Value* out = fused->output();
  if (out->uses().size() != 1) return false;
  Node* user = out->uses()[0].user;
  bool hasResidual = !isNone(fused->input(kResidual));
  int64_t kind = 0;
  double low = 0;
  double high = 0;
  if (activationOf(user, out, kind, low, high)) {
    size_t slot = hasResidual ? kPostActivation : kPreActivation;
    if (hasActivation(fused, slot)) return false;
    setInputConstant(graph, fused, slot, kind);
    setInputConstant(graph, fused, slot + 1, low);
    setInputConstant(graph, fused, slot + 2, high);
  } else if (user->kind() == c10::aten::add && !hasResidual &&
             !hasActivation(fused, kPostActivation) && user->inputs().size() == 3) {
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
    fused->replaceInput(kResidual, other);
  } else {
    return false;
  }
  fused->output()->setType(user->output()->type());
  user->output()->replaceAllUsesWith(fused->output());
  user->destroy();
  return true;
}

bool isMethodOutput(const torch::jit::Graph& graph, const Value* value) {
  for (const auto* output : graph.outputs()) {
    if (output == value) return true;
  }
  return false;
}

bool writesChannelsLast(const Value* value) {
  const Node* node = value->node();
  if (node->kind() != fusedConvSymbol()) return false;
  auto flag = torch::jit::toIValue(node->input(kChannelsLastOutput));
  return flag && flag->isBool() && flag->toBool();
}

void keepPoolingChannelsLast(torch::jit::Graph& graph) {
  std::vector<Node*> pools;
  for (auto* node : graph.nodes()) {
    if (node->kind() == c10::aten::max_pool2d && node->inputs().size() == 6 &&
        writesChannelsLast(node->input(0)) && isFloat4d(node->output()) &&
        !isMethodOutput(graph, node->output())) {
      pools.push_back(node);
    }
  }
  for (auto* pool : pools) {
    Node* nhwc = graph.create(c10::Symbol::fromQualString("aotc::max_pool2d_nhwc"),
                              pool->inputs());
    nhwc->insertBefore(pool);
    nhwc->setSourceRange(pool->sourceRange());
    nhwc->output()->setType(pool->output()->type());
    pool->output()->replaceAllUsesWith(nhwc->output());
    pool->destroy();
  }
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
    if (isMethodOutput(graph, fused->output())) setInputConstant(graph, fused, kChannelsLastOutput, false);
  }
  keepPoolingChannelsLast(graph);
}

}  // namespace aotc::lower
