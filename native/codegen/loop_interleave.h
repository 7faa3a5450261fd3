// How many vector iterations of a loop LLVM should interleave (its llvm.loop.interleave.count
// hint), or 0 to leave the choice to LLVM's cost model. LLVM interleaves only loops whose body
// it deems small, but a body with a math function (an inline exp or tanh is a few dozen
// dependent instructions) then runs one vector at a time, bound by that chain's latency.
// Four independent vectors in flight made the bench's pointwise chain 1.6x faster on an AVX2
// EPYC (interleaved A/B, p10 0.377 vs 0.597 ms at 1 thread; 0.228 vs 0.331 at 2).
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::codegen {

namespace te = torch::jit::tensorexpr;

// Innermost loops whose iteration costs at least a math function (codegen/loop_cost.h) and
// that run long enough (at least kInterleavedTrips iterations, or a count known only at run
// time) get 4; the rest 0.
int interleaveCount(const te::ForPtr& loop);

inline constexpr int64_t kInterleavedTrips = 128;

}  // namespace aotc::codegen
