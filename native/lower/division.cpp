// aten::div (true division and its rounding modes) and aten::floor_divide, as ATen computes
// them. NNC 1.13 lowers only true division; `a // b` and torch.div(..., rounding_mode=...) were
// unsupported. Integer divisions by a divisor read from tensor data are checked for zero by the
// code generator (codegen/checked_division.h).
#include <string>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/elementwise_operand.h"

namespace aotc::lower {
namespace {

enum class Rounding { None, Trunc, Floor };


// a / b rounded toward -inf. Integers: C's quotient, one less when the remainder is nonzero
// and the signs differ. Floats as ATen's div_floor: (a - fmod(a, b)) / b, one less under the
// same condition, then floored and rounded up when more than half below (the division's
// rounding); a zero quotient keeps the sign of a / b; b == 0 gives a / b (inf or NaN).
te::ExprHandle floorDivide(const te::ExprHandle& a, const te::ExprHandle& b, te::Dtype dtype) {
  te::ExprHandle one = te::IntImm::make(1), zero = te::IntImm::make(0);
  te::ExprHandle typedZero = te::Cast::make(dtype, te::LongImm::make(0));
  te::ExprHandle typedOne = te::Cast::make(dtype, te::LongImm::make(1));
  auto isNegative = [&](const te::ExprHandle& v) {
    return te::CompareSelect::make(v, typedZero, one, zero, te::kLT);
  };
  if (!dtype.is_floating_point()) {
    te::ExprHandle quotient = te::Div::make(a, b), rest = te::Mod::make(a, b);
    te::ExprHandle adjust = te::And::make(te::CompareSelect::make(rest, typedZero, one, zero, te::kNE),
                                          te::CompareSelect::make(isNegative(rest), isNegative(b), one, zero, te::kNE));
    return te::CompareSelect::make(adjust, zero, quotient - typedOne, quotient, te::kNE);
  }
  te::ExprHandle mod = te::fmod(a, b);
  te::ExprHandle div = (a - mod) / b;
  te::ExprHandle adjust = te::And::make(te::CompareSelect::make(mod, typedZero, one, zero, te::kNE),
                                        te::CompareSelect::make(isNegative(b), isNegative(mod), one, zero, te::kNE));
  div = te::CompareSelect::make(adjust, zero, div - typedOne, div, te::kNE);
  te::ExprHandle floored = te::floor(div);
  te::ExprHandle half = te::Cast::make(dtype, te::DoubleImm::make(0.5));
  floored = te::CompareSelect::make(div - floored, half, floored + typedOne, floored, te::kGT);
  te::ExprHandle signedZero = (a / b) * typedZero;  // 0 with the quotient's sign
  te::ExprHandle result = te::CompareSelect::make(div, typedZero, floored, signedZero, te::kNE);
  return te::CompareSelect::make(b, typedZero, result, a / b, te::kNE);
}

te::Tensor divide(const char* op, const std::vector<te::ArgValue>& args,
                  const std::vector<te::ExprHandle>& outputShape,
                  const c10::optional<c10::ScalarType>& outputType, Rounding rounding) {
  const te::Dtype dtype = dtypeOr(outputType, firstTensorDtype(args, op));
  if (rounding == Rounding::None && !dtype.is_floating_point()) {
    throw std::runtime_error(std::string(op) + ": true division needs a floating-point result type");
  }
  return te::Compute("aotc_div", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle a = elementwiseOperand(args.at(0), axes, dtype, op);
    te::ExprHandle b = elementwiseOperand(args.at(1), axes, dtype, op);
    switch (rounding) {
      case Rounding::None: return a / b;
      case Rounding::Trunc: return dtype.is_floating_point() ? te::trunc(a / b) : te::Div::make(a, b);
      case Rounding::Floor: return floorDivide(a, b, dtype);
    }
    throw std::logic_error("unknown rounding");
  });
}

}  // namespace

// div(a, b[, rounding_mode]): rounding_mode absent or None (true division), "trunc" or "floor".
AOTC_LOWERING(lowerDiv) {
  const char* op = "aten::div";
  Rounding rounding = Rounding::None;
  if (args.size() > 2) {
    if (auto mode = c10::get_if<std::string>(&args[2])) {
      if (*mode == "trunc") {
        rounding = Rounding::Trunc;
      } else if (*mode == "floor") {
        rounding = Rounding::Floor;
      } else {
        throw std::runtime_error("aten::div: unknown rounding_mode '" + *mode + "'");
      }
    } else if (!isNoneArg(args, 2)) {
      throw std::runtime_error("aten::div: rounding_mode is not a constant string");
    }
  }
  return divide(op, args, outputShape, outputType, rounding);
}

AOTC_LOWERING(lowerFloorDivide) {
  return divide("aten::floor_divide", args, outputShape, outputType, Rounding::Floor);
}

}  // namespace aotc::lower
