#include "lower/fused_activation.h"

#include <limits>
#include <string>

#include "runtime/fused_activation.h"

namespace aotc::lower {

c10::optional<FusableActivation> fusableActivation(const torch::jit::Node* node,
                                                   const torch::jit::Value* input) {
  if (node->inputs().empty() || node->input(0) != input) return c10::nullopt;
  const double inf = std::numeric_limits<double>::infinity();
  auto number = [](const torch::jit::Value* v, double ifNone) -> c10::optional<double> {
    auto ivalue = torch::jit::toIValue(v);
    if (!ivalue) return c10::nullopt;
    if (ivalue->isNone()) return ifNone;
    if (ivalue->isDouble()) return ivalue->toDouble();
    if (ivalue->isInt()) return static_cast<double>(ivalue->toInt());
    return c10::nullopt;
  };
  const std::string kind = node->kind().toQualString();
  if ((kind == "aten::relu" || kind == "aten::relu_") && node->inputs().size() == 1) {
    return FusableActivation{static_cast<int64_t>(runtime::FusedActivation::kRelu), 0, inf};
  }
  if (node->inputs().size() == 1) {
    // The op's name without its in-place suffix.
    const std::string op = kind.back() == '_' ? kind.substr(0, kind.size() - 1) : kind;
    for (const auto& [name, fused] :
         {std::pair{"aten::silu", runtime::FusedActivation::kSilu},
          std::pair{"aten::sigmoid", runtime::FusedActivation::kSigmoid},
          std::pair{"aten::hardswish", runtime::FusedActivation::kHardswish},
          std::pair{"aten::hardsigmoid", runtime::FusedActivation::kHardsigmoid}}) {
      if (op == name) return FusableActivation{static_cast<int64_t>(fused), 0, 0};
    }
  }
  if (kind == "aten::gelu" && node->inputs().size() == 2) {
    auto approximate = torch::jit::toIValue(node->input(1));
    if (!approximate || !approximate->isString()) return c10::nullopt;
    const std::string& name = approximate->toStringRef();
    if (name == "none") {
      return FusableActivation{static_cast<int64_t>(runtime::FusedActivation::kGeluErf), 0, 0};
    }
    if (name == "tanh") {
      return FusableActivation{static_cast<int64_t>(runtime::FusedActivation::kGeluTanh), 0, 0};
    }
    return c10::nullopt;
  }
  if ((kind == "aten::relu6" || kind == "aten::relu6_") && node->inputs().size() == 1) {
    return FusableActivation{static_cast<int64_t>(runtime::FusedActivation::kClamp), 0, 6};
  }
  bool bounded = kind == "aten::hardtanh" || kind == "aten::hardtanh_" || kind == "aten::clamp" ||
                 kind == "aten::clamp_";
  if (!bounded || node->inputs().size() != 3) return c10::nullopt;
  auto low = number(node->input(1), -inf);
  auto high = number(node->input(2), inf);
  if (!low || !high || !(*low <= *high)) return c10::nullopt;
  return FusableActivation{static_cast<int64_t>(runtime::FusedActivation::kClamp), *low, *high};
}

void setConstantInput(torch::jit::Graph& graph, torch::jit::Node* fused, size_t index,
                      const c10::IValue& value) {
  torch::jit::WithInsertPoint guard(fused);
  fused->replaceInput(index, graph.insertConstant(value));
}

void absorbInto(torch::jit::Node* fused, torch::jit::Node* absorbed) {
  fused->output()->setType(absorbed->output()->type());
  absorbed->output()->replaceAllUsesWith(fused->output());
  absorbed->destroy();
}

}  // namespace aotc::lower
