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

  // A buffer of at least `bytes`, from the free ones or, while less than `outstandingLimit`
  // bytes are out (so a loop whose outputs never come back stops taking fresh memory), a new
  // one; nullptr otherwise. `*blockBytes` receives its size, which recycle() must be given.
  void* take(size_t bytes, size_t outstandingLimit, size_t* blockBytes);
  // A buffer from take() comes back.
  void recycle(void* block, size_t blockBytes);

 private:
  OutputPool() = default;

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
