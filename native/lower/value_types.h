// Complete tensor types for the values graph rewrites create, and what rewrites ask of values.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

namespace aotc::lower {

// The tensor of a prim::Constant value, or nullopt.
c10::optional<at::Tensor> constantTensor(const torch::jit::Value* value);
// True for a None value (an omitted optional argument).
bool isNone(const torch::jit::Value* value);
// True for a tensor value with a dtype and concrete sizes (as a trace leaves it).
bool isCompleteTensor(const torch::jit::Value* value);
// True for a tensor value typed float32.
bool isFloat32Tensor(const torch::jit::Value* value);
// True for a float32 tensor value of 4 dims (an image batch, NCHW).
bool isFloat4d(const torch::jit::Value* value);
// True when `value` is one of the graph's (the method's) outputs.
bool isMethodOutput(const torch::jit::Graph& graph, const torch::jit::Value* value);

// The concrete sizes of a complete tensor value; throws when the value has none.
std::vector<int64_t> concreteSizes(const torch::jit::Value* value);

// Gives `value` a contiguous tensor type of `sizes`, with the dtype and device of `like`.
void setContiguousType(torch::jit::Value* value, const std::vector<int64_t>& sizes,
                       const torch::jit::Value* like);

// A tensor constant, inserted at the graph's current insert point.
torch::jit::Value* insertTensorConstant(torch::jit::Graph& graph, const at::Tensor& tensor);

}  // namespace aotc::lower
