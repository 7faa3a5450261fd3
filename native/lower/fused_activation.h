// An activation that a fused op (aotc::conv2d, aotc::linear) can absorb: aten::relu,
// aten::relu6, aten::hardtanh or aten::clamp with constant bounds, aten::silu, aten::sigmoid,
// aten::hardswish, aten::hardsigmoid or aten::gelu (either approximation, a constant),
// applied to a given value.
#pragma once

#include <cstdint>

#include <c10/util/Optional.h>
#include <torch/csrc/jit/ir/ir.h>

namespace aotc::lower {

struct FusableActivation {
  int64_t kind;  // runtime::FusedActivation
  double low;
  double high;
};

// `node` as an activation of `input`, or nullopt.
c10::optional<FusableActivation> fusableActivation(const torch::jit::Node* node,
                                                   const torch::jit::Value* input);

// Replaces `fused`'s input `index` by a constant inserted before it.
void setConstantInput(torch::jit::Graph& graph, torch::jit::Node* fused, size_t index,
                      const c10::IValue& value);

// Makes `fused`'s output stand for `absorbed`'s (its type and uses) and destroys `absorbed`.
void absorbInto(torch::jit::Node* fused, torch::jit::Node* absorbed);

}  // namespace aotc::lower
