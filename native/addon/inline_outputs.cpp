#include "addon/inline_outputs.h"

#include <ATen/ATen.h>

#include "addon/tensor_convert.h"

namespace aotc::addon {
namespace {

// Pool memory out (not yet back) beyond which outputs come from V8's memory instead.
constexpr size_t kPoolOutstandingLimit = size_t{64} << 20;

// Outputs smaller than this are made as zeroed ArrayBuffers, larger ones as uninitialised
// Buffers.
constexpr size_t kZeroedBelowBytes = 4096;

}  // namespace

InlineOutputs InlineOutputs::allocate(
    Napi::Env env, const runtime::FunctionSpec& spec,
    const std::optional<std::vector<std::vector<int64_t>>>& sizes, OutputPool& pool) {
  InlineOutputs result;
  if (!sizes || sizes->size() != spec.outputs.size()) return result;
  for (size_t o = 0; o < spec.outputs.size(); ++o) {
    const std::vector<int64_t>& shape = (*sizes)[o];
    const at::ScalarType dtype = spec.outputs[o].dtype;
    size_t bytes = c10::elementSize(dtype);
    for (int64_t size : shape) {
      if (size < 0) return InlineOutputs();
      bytes *= static_cast<size_t>(size);
    }
    at::Tensor pooled;
    if (bytes >= kCopyBelowBytes) pooled = pool.tryAllocate(shape, dtype, kPoolOutstandingLimit);
    if (pooled.defined()) {
      result.tensors_.push_back(pooled);
      result.outputs_.push_back({arrayBufferOwning(env, pooled), 0});
    } else if (bytes < kZeroedBelowBytes) {
      // A plain ArrayBuffer: zeroing a few KB costs less than a Buffer's extra object.
      auto buffer = Napi::ArrayBuffer::New(env, bytes);
      result.tensors_.push_back(
          at::from_blob(buffer.Data(), shape, at::TensorOptions().dtype(dtype)));
      result.outputs_.push_back({buffer, 0});
    } else {
      // napi_create_buffer: node::Buffer::New, uninitialised; throws past its size limit.
      auto buffer = Napi::Buffer<uint8_t>::New(env, bytes);
      result.tensors_.push_back(
          at::from_blob(buffer.Data(), shape, at::TensorOptions().dtype(dtype)));
      result.outputs_.push_back({buffer.ArrayBuffer(), buffer.ByteOffset()});
    }
  }
  return result;
}

Napi::Array InlineOutputs::toJs(Napi::Env env, bool withShapes) const {
  const size_t count = tensors_.size();
  auto array = Napi::Array::New(env, withShapes ? 2 * count : count);
  for (size_t o = 0; o < count; ++o) {
    array.Set(static_cast<uint32_t>(o),
              typedArrayOverBuffer(env, tensors_[o], outputs_[o].buffer, outputs_[o].byteOffset));
    if (withShapes) array.Set(static_cast<uint32_t>(count + o), shapeToJs(env, tensors_[o].sizes()));
  }
  return array;
}

}  // namespace aotc::addon
