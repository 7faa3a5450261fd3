// Dynamic dimensions without guessing. Upstream's makeShapesSymbolic made every size equal to a
// dynamic value symbolic, so with a batch of 1 a 1x1 kernel or a pooled 1x1 map silently became
// the batch size. Instead the graph is specialised twice, the second time with every dynamic
// input dimension one larger, and exactly the dimensions that vary become symbolic.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

#include "compile/method_spec.h"

namespace aotc::compile {

// `spec` with each of `dims` one larger.
MethodSpec withGrownDims(const MethodSpec& spec, const std::vector<InputDim>& dims);

// Compares `graph` (specialised to spec's sizes) with `grown` (specialised to withGrownDims)
// value by value. A dimension that grows with a dynamic input dimension becomes that
// dimension's symbol (one symbol per distinct compile-time size of the dynamic dimensions);
// appends one Int graph input per symbol, as TensorExprKernel expects; returns the symbols.
// Throws std::invalid_argument, explaining, when
//  - a size is computed from a dynamic dimension (e.g. 2*batch): kernels cannot size it;
//  - (size-value form only) the dynamic size also appears as a size that does not vary;
//  - the graph's structure changes with the size.
std::vector<int64_t> markDynamicDims(torch::jit::Graph& graph, const torch::jit::Graph& grown,
                                     const MethodSpec& spec, const std::vector<InputDim>& dims);

}  // namespace aotc::compile
