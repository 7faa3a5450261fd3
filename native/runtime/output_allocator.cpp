#include "runtime/output_allocator.h"

#include <ATen/ATen.h>

namespace aotc::runtime {
namespace {

thread_local const OutputAllocator* current = nullptr;

}  // namespace

ScopedOutputAllocator::ScopedOutputAllocator(const OutputAllocator* allocator)
    : previous_(current) {
  current = allocator;
}

ScopedOutputAllocator::~ScopedOutputAllocator() { current = previous_; }

at::Tensor allocateOutput(at::IntArrayRef sizes, at::ScalarType dtype) {
  if (current && *current) return (*current)(sizes, dtype);
  return at::empty(sizes, at::TensorOptions().dtype(dtype));
}

}  // namespace aotc::runtime
