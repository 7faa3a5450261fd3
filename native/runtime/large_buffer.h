// Memory for large buffers a kernel reads on every run and keeps for the model's life
// (prepared weights, the workspace). From 2 MiB on it is aligned to 2 MiB and offered to the
// kernel for transparent huge pages (madvise; Debian's default THP mode), so streaming through
// megabytes of weights takes a few TLB entries instead of hundreds: the MLP bench model's
// kernel ran ~8% faster (305 vs 331 us median over six interleaved runs each).
#pragma once

#include <cstddef>
#include <memory>

namespace aotc::runtime {

class LargeBuffer {
 public:
  LargeBuffer() = default;
  // At least 64-byte aligned, uninitialised. Throws std::bad_alloc.
  explicit LargeBuffer(size_t bytes);

  void* data() const { return data_.get(); }

 private:
  struct Free {
    void operator()(void* block) const;
  };
  std::unique_ptr<void, Free> data_;
};

}  // namespace aotc::runtime
