// A rough cost model of TensorExpr statements, deciding which loops run in parallel and how
// finely they are split: an arithmetic operation, comparison or load costs 1 per vector lane,
// a math function (exp, tanh, ...) 20, division 4, and a loop its body's cost times its trip
// count (kUnknownTrips when that is not a constant).
#pragma once

#include <cstdint>

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::codegen {

namespace te = torch::jit::tensorexpr;

inline constexpr int64_t kUnknownTrips = 64;

// The cost of one math function (exp, tanh, log, ...) per lane.
inline constexpr int64_t kMathFunctionCost = 20;

// Below this much work a loop stays serial: waking the other threads (an OpenMP parallel
// region, a few microseconds) would cost more than it saves.
inline constexpr int64_t kMinParallelCost = int64_t{1} << 18;

// The work each thread's share of a parallel loop must have at least.
inline constexpr int64_t kMinChunkCost = int64_t{1} << 17;

int64_t statementCost(const te::StmtPtr& stmt);

// The fewest iterations of `loop` worth a thread of their own (aotc_parallel_for's grain).
int64_t parallelGrain(const te::ForPtr& loop);

}  // namespace aotc::codegen
