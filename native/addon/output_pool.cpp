#include "addon/output_pool.h"

#include <cstdlib>
#include <limits>
#include <new>

#include <ATen/ATen.h>

namespace aotc::addon {
namespace {

constexpr size_t kAlignment = 64;

size_t roundedBytes(size_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }

}  // namespace

std::shared_ptr<OutputPool> OutputPool::create() {
  return std::shared_ptr<OutputPool>(new OutputPool());  // private constructor
}

OutputPool::~OutputPool() {
  for (auto& entry : free_) {
    for (void* block : entry.second) std::free(block);
  }
}

at::Tensor OutputPool::allocate(at::IntArrayRef sizes, at::ScalarType dtype) {
  size_t elements = 1;
  for (int64_t size : sizes) elements *= static_cast<size_t>(size);
  size_t blockBytes = 0;
  void* block = take(elements * c10::elementSize(dtype), std::numeric_limits<size_t>::max(),
                     &blockBytes);
  // The deleter holds the pool, so buffers outliving the model still have somewhere to go.
  std::shared_ptr<OutputPool> self = shared_from_this();
  return at::from_blob(
      block, sizes, [self, blockBytes](void* data) { self->recycle(data, blockBytes); },
      at::TensorOptions().dtype(dtype));
}

void* OutputPool::take(size_t bytes, size_t outstandingLimit, size_t* blockBytes) {
  bytes = roundedBytes(std::max<size_t>(bytes, 1));
  void* block = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.find(bytes);
    if (it != free_.end() && !it->second.empty()) {
      block = it->second.back();
      it->second.pop_back();
      keptBytes_ -= bytes;
    } else if (outstandingBytes_ + bytes > outstandingLimit) {
      return nullptr;
    }
    outstandingBytes_ += bytes;
  }
  if (!block) {
    block = std::aligned_alloc(kAlignment, bytes);
    if (!block) {
      std::lock_guard<std::mutex> lock(mutex_);
      outstandingBytes_ -= bytes;
      throw std::bad_alloc();
    }
  }
  *blockBytes = bytes;
  return block;
}

void OutputPool::recycle(void* block, size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    outstandingBytes_ -= bytes;
    if (keptBytes_ + bytes <= kMaxKeptBytes) {
      free_[bytes].push_back(block);
      keptBytes_ += bytes;
      return;
    }
  }
  std::free(block);
}

}  // namespace aotc::addon
