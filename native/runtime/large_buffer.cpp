#include "runtime/large_buffer.h"

#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace aotc::runtime {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kSmallAlignment = 64;

size_t roundUp(size_t value, size_t multiple) { return (value + multiple - 1) / multiple * multiple; }

}  // namespace

void LargeBuffer::Free::operator()(void* block) const { std::free(block); }

LargeBuffer::LargeBuffer(size_t bytes) {
  const bool huge = bytes >= kHugePage;
  const size_t alignment = huge ? kHugePage : kSmallAlignment;
  // aligned_alloc wants a size that is a multiple of the alignment.
  void* block = std::aligned_alloc(alignment, roundUp(bytes == 0 ? 1 : bytes, alignment));
  if (!block) throw std::bad_alloc();
  data_.reset(block);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (huge) {
    // Advice only (without THP the buffer is made of small pages), and only for the huge pages
    // the buffer's own pages fill: a tail short of 2 MiB stays in small pages.
    (void)madvise(block, roundUp(bytes, 4096) / kHugePage * kHugePage, MADV_HUGEPAGE);
  }
#endif
}

}  // namespace aotc::runtime
