// Which integer divisions the generated code guards (emit_expr.cpp) and keeps out of parallel
// loops (compile/parallel_loops.cpp): those whose divisor reads tensor data, so may be 0 (or
// -1, which traps for INT_MIN) at run time. A constant divisor is known. Index arithmetic
// divides by shape sizes, and only inside loops whose trip count has that size as a factor:
// never by 0.
#pragma once

#include <torch/csrc/jit/tensorexpr/expr.h>

namespace aotc::codegen {

bool divisorNeedsCheck(const torch::jit::tensorexpr::ExprPtr& divisor);

}  // namespace aotc::codegen
