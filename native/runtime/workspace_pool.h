// Memory for a compiled function's preallocated buffers (memory_plan buffer_sizes: the
// planned workspace), allocated once and reused by later runs instead of every run
// allocating its own. Fresh memory costs a page fault per 4 KiB on first write, and freed
// blocks handed back to the system fault again on the next run (the encoder layer's 1.5 MB
// of intermediates: ~270 faults and ~0.4 ms per 2 ms run). Concurrent runs each take their own
// set of buffers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "runtime/large_buffer.h"

namespace aotc::runtime {

class WorkspacePool {
 public:
  explicit WorkspacePool(std::vector<int64_t> bufferSizes);

  // A run's buffers, given back to the pool when the lease ends.
  class Lease {
   public:
    Lease(WorkspacePool& pool, std::vector<LargeBuffer> blocks);
    ~Lease();
    Lease(Lease&&) = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    void* data(size_t index) const { return blocks_[index].data(); }

   private:
    WorkspacePool& pool_;
    std::vector<LargeBuffer> blocks_;
  };

  Lease acquire();

 private:
  std::vector<int64_t> sizes_;
  std::mutex mutex_;
  std::vector<std::vector<LargeBuffer>> idle_;  // sets of buffers not in use by a run
};

}  // namespace aotc::runtime
