#include "lower/value_types.h"

#include <stdexcept>

#include <ATen/ATen.h>

namespace aotc::lower {

c10::optional<at::Tensor> constantTensor(const torch::jit::Value* value) {
  if (value->node()->kind() != c10::prim::Constant) return c10::nullopt;
  auto ivalue = torch::jit::toIValue(value);
  if (!ivalue || !ivalue->isTensor()) return c10::nullopt;
  return ivalue->toTensor();
}

bool isNone(const torch::jit::Value* value) {
  return value->type()->kind() == c10::TypeKind::NoneType;
}

bool isCompleteTensor(const torch::jit::Value* value) {
  auto type = value->type()->cast<c10::TensorType>();
  return type && type->scalarType() && type->sizes().concrete_sizes();
}

bool isFloat32Tensor(const torch::jit::Value* value) {
  auto type = value->type()->cast<c10::TensorType>();
  return type && type->scalarType() == at::kFloat;
}

bool isFloat4d(const torch::jit::Value* value) {
  return isFloat32Tensor(value) &&
         value->type()->expectRef<c10::TensorType>().sizes().size() == 4u;
}

bool isMethodOutput(const torch::jit::Graph& graph, const torch::jit::Value* value) {
  for (const auto* output : graph.outputs()) {
    if (output == value) return true;
  }
  return false;
}

std::vector<int64_t> concreteSizes(const torch::jit::Value* value) {
  auto type = value->type()->cast<c10::TensorType>();
  auto sizes = type ? type->sizes().concrete_sizes() : c10::nullopt;
  if (!sizes) {
    throw std::runtime_error("value %" + value->debugName() + " has no static shape");
  }
  return *sizes;
}

void setContiguousType(torch::jit::Value* value, const std::vector<int64_t>& sizes,
                       const torch::jit::Value* like) {
  auto base = like->type()->expect<c10::TensorType>();
  auto type = c10::TensorType::create(base->scalarType(), base->device(),
                                      c10::IntArrayRef(sizes),
                                      c10::TensorType::contiguousStridesOf(sizes),
                                      /*requires_grad=*/false);
  value->setType(type);
}

torch::jit::Value* insertTensorConstant(torch::jit::Graph& graph, const at::Tensor& tensor) {
  auto* value = graph.insertConstant(tensor);
  value->inferTypeFrom(tensor);
  return value;
}

}  // namespace aotc::lower
