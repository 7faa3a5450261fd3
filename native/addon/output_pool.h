// Output buffers for a loaded model's runs, recycled: an output handed to JavaScript returns its
// buffer here when V8 collects it, and a later run of the same output size reuses it. Fresh
// memory for every output costs a page fault per 4 KiB on first write (for a 800 KB output,
// ~200 faults, measured at ~100-150 us per run); recycled buffers are already resident.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <ATen/core/Tensor.h>

namespace aotc::addon {

class OutputPool : public std::enable_shared_from_this<OutputPool> {
 public:
  static std::shared_ptr<OutputPool> create();
  ~OutputPool();

  // A contiguous tensor whose memory comes back to this pool when the tensor is freed.
  at::Tensor allocate(at::IntArrayRef sizes, at::ScalarType dtype);

  // The same, but only from a free buffer or while less than `outstandingLimit` bytes are out
  // (so a loop whose outputs never come back stops taking fresh memory); else undefined.
  at::Tensor tryAllocate(at::IntArrayRef sizes, at::ScalarType dtype, size_t outstandingLimit);

 private:
  OutputPool() = default;
  void recycle(void* block, size_t bytes);

  // Free buffers kept beyond this are released to the system.
  static constexpr size_t kMaxKeptBytes = size_t{64} << 20;

  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;  // by size in bytes
  size_t keptBytes_ = 0;
  // Bytes handed out and not yet back: outputs JavaScript still holds, or that V8 has
  // collected but whose finalizers have not run (they run when the event loop turns).
  size_t outstandingBytes_ = 0;
};

}  // namespace aotc::addon
