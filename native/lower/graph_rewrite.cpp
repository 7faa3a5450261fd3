#include "lower/graph_rewrite.h"

#include <torch/csrc/jit/passes/dead_code_elimination.h>

namespace aotc::lower {

void rewriteGraph(std::shared_ptr<torch::jit::Graph>& graph) {
  foldShapeArithmetic(graph);
  rewriteChunks(*graph);
  rewriteStacks(*graph);
  decomposeTransformerEncoderLayers(*graph);
  // After the decomposition: it creates linears too.
  rewriteConstantLinears(*graph);
  fuseConvolutions(*graph);
  rewriteTransposedMatmuls(*graph);  // after the decomposition: attention's q @ k^T
  rewriteExtremes(*graph);
  rewriteTopk(*graph);
  torch::jit::EliminateDeadCode(graph);
}

void bindOmittedOptionalInputs(torch::jit::Graph& graph, size_t givenInputs) {
  while (graph.inputs().size() > givenInputs) {
    size_t last = graph.inputs().size() - 1;
    auto* input = graph.inputs()[last];
    if (input->type()->kind() != c10::TypeKind::OptionalType) return;
    torch::jit::WithInsertPoint guard(graph.block()->nodes().front());
    input->replaceAllUsesWith(graph.insertConstant(c10::IValue()));
    graph.eraseInput(last);
  }
}

}  // namespace aotc::lower
