// The lowerings this project adds to NNC's: passed to TensorExprKernel as its custom
// lowerings (which take precedence over NNC's standard ones, op by op).
#pragma once

#include <unordered_map>

#include <torch/csrc/jit/tensorexpr/lowerings.h>

namespace aotc::lower {

using LoweringMap =
    std::unordered_map<c10::Symbol, torch::jit::tensorexpr::NNCLoweringFunction>;

// aten::linear (weight not constant), aten::matmul (any rank), aten::max_pool2d,
// aten::layer_norm, aten::embedding, aten::slice, aten::select, aten::flatten,
// aten::maximum/minimum, and aotc::conv2d (the fused convolution of lower/conv_fusion.cpp).
LoweringMap customLowerings();

}  // namespace aotc::lower
