// aten::remainder and aten::frac as ATen computes them. NNC 1.13's lowerings give other
// results: its integer remainder is C's % (the dividend's sign: remainder(-7, 2) = -1 where
// torch gives 1), its float remainder fmod(b + fmod(a, b), b) rounds differently near 0 and for
// divisors much larger than the dividend, and its frac is x - floor(x) (frac(-0.5) = 0.5 where
// torch gives -0.5).
#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/elementwise_operand.h"

namespace aotc::lower {

// fmod(a, b) (or a % b, truncating), moved into b's sign: the result has the divisor's sign,
// like Python's %. An integer divisor of 0 is the kernel's ZeroDivisionError
// (runtime/kernel_errors.h).
AOTC_LOWERING(lowerRemainder) {
  const char* op = "aten::remainder";
  const te::Dtype dtype = dtypeOr(outputType, firstTensorDtype(args, op));
  return te::Compute("aotc_remainder", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle a = elementwiseOperand(args.at(0), axes, dtype, op);
    te::ExprHandle b = elementwiseOperand(args.at(1), axes, dtype, op);
    te::ExprHandle zero = te::Cast::make(dtype, te::LongImm::make(0));
    te::ExprHandle mod = dtype.is_floating_point() ? te::fmod(a, b) : te::Mod::make(a, b);
    te::ExprHandle nonzero = te::CompareSelect::make(mod, zero, te::kNE);
    te::ExprHandle signsDiffer = te::CompareSelect::make(te::CompareSelect::make(mod, zero, te::kLT),
                                                         te::CompareSelect::make(b, zero, te::kLT), te::kNE);
    te::ExprHandle intZero = te::IntImm::make(0);
    return te::CompareSelect::make(te::And::make(nonzero, signsDiffer), intZero, mod + b, mod, te::kNE);
  });
}

// x - trunc(x): the sign of x, and NaN for infinities.
AOTC_LOWERING(lowerFrac) {
  const char* op = "aten::frac";
  const te::BufHandle x = bufArg(args, 0, op);
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (!dtype.is_floating_point()) throw std::runtime_error("aten::frac: needs a floating-point tensor");
  return te::Compute("aotc_frac", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle value = elementwiseOperand(args.at(0), axes, dtype, op);
    return value - te::trunc(value);
  });
}

}  // namespace aotc::lower
