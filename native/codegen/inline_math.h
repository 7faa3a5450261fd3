// Float32 exp, tanh, sigmoid and erf emitted as plain IR (arithmetic, no calls). A call to a
// vector math library keeps each lane group behind a call boundary; inline code is vectorised
// by the loop vectoriser at the host's full width together with the rest of the fused loop,
// and needs no library at run time. Accuracy (checked over a sweep in test/native/codegen, on
// a host with FMA): exp within 1 ulp, tanh within 3.5 ulp, sigmoid within 2.5 ulp, erf within
// 1.5 ulp; infinities, NaN, subnormal results and the sign of zero as libm has them.
#pragma once

#include <llvm/IR/IRBuilder.h>

namespace aotc::codegen {

// `x` is a float or a vector of floats; the result has its type.
llvm::Value* emitInlineExp(llvm::IRBuilder<>& builder, llvm::Value* x);
llvm::Value* emitInlineTanh(llvm::IRBuilder<>& builder, llvm::Value* x);
llvm::Value* emitInlineSigmoid(llvm::IRBuilder<>& builder, llvm::Value* x);
llvm::Value* emitInlineErf(llvm::IRBuilder<>& builder, llvm::Value* x);  // GELU's

}  // namespace aotc::codegen
