// Where CompiledFunction::run gets its outputs' memory: at::empty, unless the calling thread
// has an allocator installed (ScopedOutputAllocator) — the Node addon installs one that
// recycles output buffers, so a run does not fault in fresh pages for every output.
#pragma once

#include <functional>

#include <ATen/core/Tensor.h>

namespace aotc::runtime {

using OutputAllocator = std::function<at::Tensor(at::IntArrayRef sizes, at::ScalarType dtype)>;

// Installs `allocator` for the current thread while in scope (restoring the previous one).
class ScopedOutputAllocator {
 public:
  explicit ScopedOutputAllocator(const OutputAllocator* allocator);
  ~ScopedOutputAllocator();
  ScopedOutputAllocator(const ScopedOutputAllocator&) = delete;
  ScopedOutputAllocator& operator=(const ScopedOutputAllocator&) = delete;

 private:
  const OutputAllocator* previous_;
};

// A contiguous output tensor, from the thread's allocator or at::empty.
at::Tensor allocateOutput(at::IntArrayRef sizes, at::ScalarType dtype);

}  // namespace aotc::runtime
