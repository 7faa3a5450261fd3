// The graph passes upstream's nnc preprocess ran before building a TensorExprKernel: remove
// mutation, specialise to the example inputs' shapes and dtypes, trace to a straight-line
// graph, and mark the dynamic sizes symbolic.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

#include "compile/method_spec.h"

namespace aotc::compile {

struct PreparedGraph {
  std::shared_ptr<torch::jit::Graph> graph;
  // The symbolic shape values (negative) standing for spec.dynamicSizes, in order.
  std::vector<int64_t> symbolicShapes;
};

PreparedGraph prepareGraph(const std::shared_ptr<torch::jit::Graph>& methodGraph,
                           const MethodSpec& spec);

}  // namespace aotc::compile
