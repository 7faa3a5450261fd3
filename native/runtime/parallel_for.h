// The parallel loop our kernels call: aotc_parallel_for, which runs a loop's iterations
// [begin, end) in chunks on libtorch's intra-op threads (OpenMP, at::parallel_for; as many as
// setNumThreads allows, one chunk per thread). The code generator outlines a parallel loop's
// body into `chunk`, which runs the iterations [chunkBegin, chunkEnd) and reads what the loop
// uses from `context`.
#pragma once

#include <cstdint>

namespace aotc::runtime {

inline constexpr const char* kParallelForFunction = "aotc_parallel_for";

using ParallelChunk = void (*)(int64_t chunkBegin, int64_t chunkEnd, void* context);

}  // namespace aotc::runtime

// `grain`: the fewest iterations worth a thread of their own; ranges no longer than it run on
// the calling thread. Chunks start at multiples of 64 iterations from `begin` (whole vectors
// and cache lines for unit-stride loops). `chunk` must not throw.
extern "C" void aotc_parallel_for(aotc::runtime::ParallelChunk chunk, void* context,
                                  int64_t begin, int64_t end, int64_t grain);
