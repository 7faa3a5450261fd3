// The lowerings this project adds to NNC's: passed to TensorExprKernel as its custom
// lowerings (which take precedence over NNC's standard ones, op by op).
#pragma once

#include <unordered_map>

#include <torch/csrc/jit/tensorexpr/lowerings.h>

namespace aotc::lower {

using LoweringMap =
    std::unordered_map<c10::Symbol, torch::jit::tensorexpr::NNCLoweringFunction>;

// The aten ops NNC 1.13 lacks or lowers wrongly (aten::linear with a computed weight, matmul
// of any rank, pooling, layer_norm, softmax, embedding and the other gathers, reductions, ...)
// and the aotc:: ops the graph rewrites create (lower/fused_ops.h); lowerings.cpp lists them.
LoweringMap customLowerings();

}  // namespace aotc::lower
