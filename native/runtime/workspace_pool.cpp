#include "runtime/workspace_pool.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "runtime/workspace_calls.h"

namespace aotc::runtime {

void WorkspacePool::FreeDeleter::operator()(void* block) const { std::free(block); }

WorkspacePool::WorkspacePool(std::vector<int64_t> bufferSizes) : sizes_(std::move(bufferSizes)) {}

WorkspacePool::Lease::Lease(WorkspacePool& pool, std::vector<Block> blocks)
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
      std::vector<Block> blocks = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(blocks));
    }
  }
  std::vector<Block> blocks;
  for (int64_t bytes : sizes_) {
    const auto alignment = static_cast<size_t>(kWorkspaceAlignment);
    size_t rounded = (static_cast<size_t>(std::max<int64_t>(bytes, 1)) + alignment - 1) /
                     alignment * alignment;
    Block block(std::aligned_alloc(alignment, rounded));
    if (!block) throw std::bad_alloc();
    blocks.push_back(std::move(block));
  }
  return Lease(*this, std::move(blocks));
}

}  // namespace aotc::runtime
