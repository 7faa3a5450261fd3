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

// An ArrayBuffer over a buffer of the pool, which its finalizer gives back.
Napi::ArrayBuffer pooledBuffer(Napi::Env env, const std::shared_ptr<OutputPool>& pool,
                               void* block, size_t blockBytes, size_t bytes) {
  struct Held {
    std::shared_ptr<OutputPool> pool;
    size_t blockBytes;
  };
  auto held = std::make_unique<Held>(Held{pool, blockBytes});
  Napi::ArrayBuffer buffer;
  try {
    buffer = Napi::ArrayBuffer::New(
        env, block, bytes,
        [](Napi::Env finalizeEnv, void* data, Held* finalized) {
          std::unique_ptr<Held> release(finalized);
          Napi::MemoryManagement::AdjustExternalMemory(
              finalizeEnv, -static_cast<int64_t>(release->blockBytes));
          release->pool->recycle(data, release->blockBytes);
        },
        held.get());
  } catch (...) {
    pool->recycle(block, blockBytes);
    throw;
  }
  held.release();  // now the finalizer's
  // V8 is told of the memory, so that it collects outputs of many runs promptly.
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(blockBytes));
  return buffer;
}

}  // namespace

InlineOutputs InlineOutputs::allocate(
    Napi::Env env, const runtime::FunctionSpec& spec,
    const std::optional<std::vector<std::vector<int64_t>>>& sizes,
    const std::shared_ptr<OutputPool>& pool) {
  InlineOutputs result;
  if (!sizes || sizes->size() != spec.outputs.size()) return result;
  result.outputs_.reserve(spec.outputs.size());
  for (size_t o = 0; o < spec.outputs.size(); ++o) {
    const std::vector<int64_t>& shape = (*sizes)[o];
    const at::ScalarType dtype = spec.outputs[o].dtype;
    size_t bytes = c10::elementSize(dtype);
    for (int64_t size : shape) {
      if (size < 0) return InlineOutputs();
      bytes *= static_cast<size_t>(size);
    }
    void* block = nullptr;
    size_t blockBytes = 0;
    if (bytes >= kCopyBelowBytes) block = pool->take(bytes, kPoolOutstandingLimit, &blockBytes);
    if (block) {
      result.outputs_.push_back(
          {pooledBuffer(env, pool, block, blockBytes, bytes), 0, block, shape, dtype});
    } else if (bytes < kZeroedBelowBytes) {
      // A plain ArrayBuffer: zeroing a few KB costs less than a Buffer's extra object.
      auto buffer = Napi::ArrayBuffer::New(env, bytes);
      result.outputs_.push_back({buffer, 0, buffer.Data(), shape, dtype});
    } else {
      // napi_create_buffer: node::Buffer::New, uninitialised; throws past its size limit.
      auto buffer = Napi::Buffer<uint8_t>::New(env, bytes);
      result.outputs_.push_back(
          {buffer.ArrayBuffer(), buffer.ByteOffset(), buffer.Data(), shape, dtype});
    }
  }
  return result;
}

std::vector<void*> InlineOutputs::pointers() const {
  std::vector<void*> pointers;
  pointers.reserve(outputs_.size());
  for (const Output& output : outputs_) pointers.push_back(output.data);
  return pointers;
}

std::vector<at::Tensor> InlineOutputs::tensors() const {
  std::vector<at::Tensor> tensors;
  tensors.reserve(outputs_.size());
  for (const Output& output : outputs_) {
    tensors.push_back(
        at::from_blob(output.data, output.sizes, at::TensorOptions().dtype(output.dtype)));
  }
  return tensors;
}

Napi::Array InlineOutputs::toJs(Napi::Env env, bool withShapes) const {
  const size_t count = outputs_.size();
  auto array = Napi::Array::New(env, withShapes ? 2 * count : count);
  for (size_t o = 0; o < count; ++o) {
    const Output& output = outputs_[o];
    size_t elements = 1;
    for (int64_t size : output.sizes) elements *= static_cast<size_t>(size);
    array.Set(static_cast<uint32_t>(o),
              typedArrayOverBuffer(env, output.dtype, elements, output.buffer, output.byteOffset));
    if (withShapes) array.Set(static_cast<uint32_t>(count + o), shapeToJs(env, output.sizes));
  }
  return array;
}

}  // namespace aotc::addon
