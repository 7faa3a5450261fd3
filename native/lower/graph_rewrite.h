// Graph rewrites that turn what real models leave after tracing into ops the kernel can
// lower: shape arithmetic folded to constants, aten::chunk into prim::ConstantChunk,
// aten::stack into aten::cat of unsqueezed tensors,
// aten::linear with a constant weight into matmul/addmm with the weight transposed once at
// compile time, the fused nn.TransformerEncoderLayer op decomposed into standard ops, and
// convolutions with their activations and residual adds fused (aotc::conv2d, on oneDNN) and
// what reads their channels-last outputs kept channels-last (aotc::*_nhwc), and products with a transposed operand read through strides (aotc::matmul_t), max / min with
// indices, amax / amin and argmax / argmin over one dim (aotc::extreme_values / _index), topk
// (aotc::topk_indices and a gather).
// Every value a rewrite creates gets a complete tensor type, so no re-trace is needed.
#pragma once

#include <memory>

#include <torch/csrc/jit/ir/ir.h>

namespace aotc::lower {

// Runs every rewrite, in order; expects a traced graph (complete tensor types).
void rewriteGraph(std::shared_ptr<torch::jit::Graph>& graph);

// The single rewrites, for tests and for callers that need only one.
void foldShapeArithmetic(std::shared_ptr<torch::jit::Graph>& graph);
void rewriteChunks(torch::jit::Graph& graph);
void rewriteStacks(torch::jit::Graph& graph);
void decomposeTransformerEncoderLayers(torch::jit::Graph& graph);
void rewriteConstantLinears(torch::jit::Graph& graph);
void fuseConvolutions(torch::jit::Graph& graph);
// Pools, concatenations, channel shuffles, chunks and channel scalings of channels-last
// convolution outputs kept channels-last (lower/channels_last_rewrite.cpp); the end of
// fuseConvolutions.
void keepChannelsLast(torch::jit::Graph& graph);
void rewriteTransposedMatmuls(torch::jit::Graph& graph);
void rewriteExtremes(torch::jit::Graph& graph);
void rewriteTopk(torch::jit::Graph& graph);

// Binds trailing Optional inputs for which no input dims were given to None, as a Python
// caller omitting them would (nn.TransformerEncoderLayer.forward(src, src_mask=None, ...)).
// `givenInputs` counts the tensor inputs the spec describes; the graph has no self argument.
void bindOmittedOptionalInputs(torch::jit::Graph& graph, size_t givenInputs);

}  // namespace aotc::lower
