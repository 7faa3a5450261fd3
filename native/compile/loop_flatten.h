// Flattens perfectly nested loop nests (e.g. a pointwise kernel's N,C,H,W loops) into one loop,
// so LLVM's vectoriser sees one long loop instead of a short innermost one it unrolls at a
// narrow width.
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::compile {

torch::jit::tensorexpr::StmtPtr flattenLoopNests(torch::jit::tensorexpr::StmtPtr stmt);

}  // namespace aotc::compile
