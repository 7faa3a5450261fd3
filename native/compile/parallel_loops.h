// Which of a kernel's loops run in parallel (on libtorch's intra-op threads, through the
// runtime's aotc_parallel_for): top-level loops whose iterations are independent (no
// loop-carried dependence, as TensorExpr's dependency analysis sees it), whose bodies are plain
// computation (no external calls, no buffer allocation) and that have enough work to be worth
// waking other threads (codegen/loop_cost.h). At one thread they run as before, in one chunk.
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::compile {

// Sets the parallel loop option on those loops of `stmt` (a kernel's root block).
void markParallelLoops(const torch::jit::tensorexpr::StmtPtr& stmt);

}  // namespace aotc::compile
