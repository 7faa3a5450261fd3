// Built with -fopenmp: at::parallel_for's OpenMP implementation is inline in ATen's headers.
#include "runtime/parallel_for.h"

#include <algorithm>

#include <ATen/Parallel.h>

namespace {

constexpr int64_t kAlignment = 64;  // iterations

int64_t divideRoundingUp(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

extern "C" void aotc_parallel_for(aotc::runtime::ParallelChunk chunk, void* context,
                                  int64_t begin, int64_t end, int64_t grain) {
  if (end <= begin) return;
  const int64_t iterations = end - begin;
  // In blocks of kAlignment iterations, so that every chunk but the last starts aligned.
  const int64_t blocks = divideRoundingUp(iterations, kAlignment);
  const int64_t grainBlocks = std::max<int64_t>(1, divideRoundingUp(grain, kAlignment));
  if (iterations <= grain || blocks <= grainBlocks) {
    chunk(begin, end, context);
    return;
  }
  at::parallel_for(0, blocks, grainBlocks, [&](int64_t firstBlock, int64_t lastBlock) {
    chunk(begin + firstBlock * kAlignment, std::min(end, begin + lastBlock * kAlignment), context);
  });
}
