// Sigmoids back in the kernel's statement. TensorExprKernel builds libtorch's SimpleIREvaluator
// for it (this libtorch has no LLVM backend), whose constructor rewrites every sigmoid of the
// shared statement, in place, as 1 / (1 + exp(0 - x)) (GenericIntrinsicsExpander): a full-range
// exp and a division, where the code generator's own sigmoid (codegen/inline_math.h) is shorter
// and keeps results below 1e-38 (x < -87) that the expanded form flushes to 0.
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::compile {

// A copy of `stmt` with each 1 / (1 + exp(0 - x)) of floating-point x as sigmoid(x).
torch::jit::tensorexpr::StmtPtr restoreSigmoids(const torch::jit::tensorexpr::StmtPtr& stmt);

}  // namespace aotc::compile
