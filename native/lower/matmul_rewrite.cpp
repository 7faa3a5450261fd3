// aten::matmul of float32 operands of one rank where an operand is aten::transpose(x, -2, -1)
// (attention's q @ k^T, a Gram matrix x^T @ x) becomes aotc::matmul_t(a, b, a_transposed,
// b_transposed) on the untransposed x: the runtime's oneDNN matmul reads it through swapped
// strides, where NNC would first copy the transpose (a gather loop).
#include <algorithm>

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include "lower/fused_ops.h"
#include "lower/graph_rewrite.h"
#include "lower/ops.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;

// A float32 tensor of static shape.
bool float32Tensor(const Value* value) {
  return isFloat32Tensor(value) &&
         value->type()->expectRef<c10::TensorType>().sizes().concrete_sizes().has_value();
}

// The transposed matrix when `value` is transpose(x, -2, -1) (either order, any spelling) of
// a float32 x of `rank`; else null.
Value* transposedMatrix(Value* value, size_t rank) {
  Node* node = value->node();
  if (node->kind() != c10::aten::transpose || !float32Tensor(node->input(0))) return nullptr;
  auto d0 = torch::jit::constant_as<int64_t>(node->input(1));
  auto d1 = torch::jit::constant_as<int64_t>(node->input(2));
  if (!d0 || !d1 || concreteSizes(node->input(0)).size() != rank) return nullptr;
  const int64_t r = static_cast<int64_t>(rank);
  auto normalize = [r](int64_t d) { return d < 0 ? d + r : d; };
  int64_t a = normalize(*d0), b = normalize(*d1);
  if (std::min(a, b) != r - 2 || std::max(a, b) != r - 1) return nullptr;
  return node->input(0);
}

}  // namespace

void rewriteTransposedMatmuls(torch::jit::Graph& graph) {
  registerFusedOps();
  std::vector<Node*> matmuls;
  for (Node* node : graph.nodes()) {
    if (node->kind() == c10::aten::matmul) matmuls.push_back(node);
  }
  for (Node* matmul : matmuls) {
    Value* a = matmul->input(0);
    Value* b = matmul->input(1);
    Value* out = matmul->output();
    if (!float32Tensor(a) || !float32Tensor(b) || !float32Tensor(out)) continue;
    const size_t rank = concreteSizes(a).size();
    if (rank < 2 || concreteSizes(b).size() != rank) continue;
    Value* aSource = transposedMatrix(a, rank);
    Value* bSource = transposedMatrix(b, rank);
    if (!aSource && !bSource) continue;
    auto outSizes = concreteSizes(out);
    const int64_t inner = concreteSizes(a).back();  // a as the product sees it: [..., M, K]
    if (rank == 2 && outSizes[0] * outSizes[1] * inner < kMatmulLoopNestLimit) continue;
    torch::jit::WithInsertPoint guard(matmul);
    Value* result = graph.insert(
        transposedMatmulSymbol(),
        {aSource ? aSource : a, bSource ? bSource : b, aSource != nullptr, bSource != nullptr});
    result->setType(out->type());
    result->node()->setSourceRange(matmul->sourceRange());  // where the model does it
    out->replaceAllUsesWith(result);
    matmul->destroy();  // the transpose goes with dead code elimination if nothing else uses it
  }
}

}  // namespace aotc::lower
