#include "runtime/workspace_pool.h"

#include "runtime/workspace_calls.h"

static_assert(aotc::runtime::kWorkspaceAlignment <= 64, "LargeBuffer aligns to 64 bytes");

namespace aotc::runtime {

WorkspacePool::WorkspacePool(std::vector<int64_t> bufferSizes) : sizes_(std::move(bufferSizes)) {}

WorkspacePool::Lease::Lease(WorkspacePool& pool, std::vector<LargeBuffer> blocks)
    : pool_(pool), blocks_(std::move(blocks)) {}

WorkspacePool::Lease::~Lease() {
  if (blocks_.empty()) return;
  std::lock_guard<std::mutex> lock(pool_.mutex_);
  try {
    pool_.idle_.push_back(std::move(blocks_));
  } catch (...) {
    // Out of memory growing the idle list: the blocks are freed instead of reused.
  }
}

WorkspacePool::Lease WorkspacePool::acquire() {
  if (sizes_.empty()) return Lease(*this, {});
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::vector<LargeBuffer> blocks = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(blocks));
    }
  }
  std::vector<LargeBuffer> blocks;
  for (int64_t bytes : sizes_) blocks.emplace_back(static_cast<size_t>(bytes));
  return Lease(*this, std::move(blocks));
}

}  // namespace aotc::runtime
