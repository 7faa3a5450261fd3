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

// A buffer taken from the pool, given back when its ArrayBuffer is collected.
class PooledBlock {
 public:
  PooledBlock(std::shared_ptr<OutputPool> pool, void* block, size_t blockBytes)
      : pool_(std::move(pool)), block_(block), blockBytes_(blockBytes) {}
  PooledBlock(const PooledBlock&) = delete;
  PooledBlock& operator=(const PooledBlock&) = delete;
  ~PooledBlock() { pool_->recycle(block_, blockBytes_); }

 private:
  std::shared_ptr<OutputPool> pool_;
  void* block_;
  size_t blockBytes_;
};

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
      Napi::ArrayBuffer buffer =
          externalArrayBuffer(env, block, bytes, blockBytes,
                              std::make_unique<PooledBlock>(pool, block, blockBytes));
      result.outputs_.push_back({buffer, 0, block, shape, dtype});
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
