// Loops whose buffer indices divide the loop variable: what NNC makes of a reshape of permuted
// data (a transformer's heads merged back, a channel shuffle). The output's innermost loop
// k in [0, H*D) reads in[(k / D) % H][...][k % D]: divisions LLVM cannot see through, so the
// copy stays scalar. Two rewrites, using the loops' constant bounds:
//  - a division or remainder of an affine index whose value range allows it folds away:
//    (j*256 + k) / 256 -> j and (j*256 + k) % 256 -> k for 0 <= k < 256;
//  - an innermost loop [0, N) whose indices divide by a divisor c of N is split into
//    [0, N/c) x [0, c), when that leaves the inner loop's indices without divisions: the
//    inner loop then walks memory contiguously and vectorises.
#pragma once

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::compile {

torch::jit::tensorexpr::StmtPtr splitDividedLoops(torch::jit::tensorexpr::StmtPtr stmt);

}  // namespace aotc::compile
