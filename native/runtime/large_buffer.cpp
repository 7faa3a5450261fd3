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
  // aligned_alloc wants a multiple of the alignment; a huge buffer only needs whole small
  // pages (its tail, short of a 2 MiB page, stays in small ones).
  const size_t size = roundUp(bytes == 0 ? 1 : bytes, huge ? 4096 : kSmallAlignment);
  void* block = std::aligned_alloc(alignment, huge ? roundUp(size, alignment) : size);
  if (!block) throw std::bad_alloc();
  data_.reset(block);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (huge) {
    // Advice only: without THP the buffer is simply made of small pages.
    (void)madvise(block, size / kHugePage * kHugePage, MADV_HUGEPAGE);
  }
#endif
}

}  // namespace aotc::runtime
