// Elementwise ops NNC 1.13 does not lower, as ATen computes them: nan_to_num, logit, signbit,
// addcdiv, hypot, copysign, full_like.
#include <limits>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/elementwise_operand.h"

namespace aotc::lower {
namespace {

// A float argument, or `fallback` when absent or None.
double optionalNumber(const std::vector<te::ArgValue>& args, size_t i, double fallback) {
  if (i < args.size()) {
    if (auto value = c10::get_if<double>(&args[i])) return *value;
    if (auto value = c10::get_if<int64_t>(&args[i])) return static_cast<double>(*value);
  }
  return fallback;
}

te::Dtype floatingDtype(const std::vector<te::ArgValue>& args,
                        const c10::optional<c10::ScalarType>& outputType, const char* op) {
  const te::Dtype dtype = dtypeOr(outputType, firstTensorDtype(args, op));
  if (!dtype.is_floating_point()) throw std::runtime_error(std::string(op) + ": needs a floating-point tensor");
  return dtype;
}

}  // namespace

// nan_to_num(self, nan=None, posinf=None, neginf=None): NaN -> nan (0), inf -> posinf (the
// dtype's largest finite value), -inf -> neginf (its lowest).
AOTC_LOWERING(lowerNanToNum) {
  const char* op = "aten::nan_to_num";
  const te::Dtype dtype = floatingDtype(args, outputType, op);
  const bool isDouble = dtype.scalar_type() == c10::ScalarType::Double;
  const double largest = isDouble ? std::numeric_limits<double>::max() : std::numeric_limits<float>::max();
  const double nan = optionalNumber(args, 1, 0.0);
  const double posinf = optionalNumber(args, 2, largest);
  const double neginf = optionalNumber(args, 3, -largest);
  return te::Compute("aotc_nan_to_num", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle x = elementwiseOperand(args.at(0), axes, dtype, op);
    auto constant = [&](double v) { return te::Cast::make(dtype, te::DoubleImm::make(v)); };
    const double inf = std::numeric_limits<double>::infinity();
    te::ExprHandle y = te::CompareSelect::make(x, constant(inf), constant(posinf), x, te::kEQ);
    y = te::CompareSelect::make(x, constant(-inf), constant(neginf), y, te::kEQ);
    return te::CompareSelect::make(x, x, y, constant(nan), te::kEQ);  // NaN != NaN
  });
}

// logit(self, eps=None): log(z / (1 - z)), z = x, or x clamped to [eps, 1 - eps].
AOTC_LOWERING(lowerLogit) {
  const char* op = "aten::logit";
  const te::Dtype dtype = floatingDtype(args, outputType, op);
  const bool clamped = args.size() > 1 && !isNoneArg(args, 1);
  const double eps = optionalNumber(args, 1, 0.0);
  return te::Compute("aotc_logit", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle z = elementwiseOperand(args.at(0), axes, dtype, op);
    auto constant = [&](double v) { return te::Cast::make(dtype, te::DoubleImm::make(v)); };
    if (clamped) {
      // NaN stays NaN (compare-and-select, as ATen's clamp).
      z = te::CompareSelect::make(z, constant(eps), constant(eps), z, te::kLT);
      z = te::CompareSelect::make(z, constant(1.0 - eps), constant(1.0 - eps), z, te::kGT);
    }
    return te::log(z / (constant(1.0) - z));
  });
}

// signbit(self): the sign bit (true for -0.0 and for NaNs carrying it).
AOTC_LOWERING(lowerSignbit) {
  const char* op = "aten::signbit";
  const te::BufHandle x = bufArg(args, 0, op);
  const te::Dtype in = x.dtype();
  return te::Compute("aotc_signbit", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle value = elementwiseOperand(args.at(0), axes, in, op);
    te::ExprHandle negative;
    if (in.scalar_type() == c10::ScalarType::Float) {
      negative = te::CompareSelect::make(te::BitCast::make(te::kInt, value), te::IntImm::make(0), te::kLT);
    } else if (in.scalar_type() == c10::ScalarType::Double) {
      negative = te::CompareSelect::make(te::BitCast::make(te::kLong, value), te::LongImm::make(0), te::kLT);
    } else if (in.is_floating_point()) {
      throw std::runtime_error("aten::signbit: half-precision inputs are not supported");
    } else {
      negative = te::CompareSelect::make(value, te::Cast::make(in, te::LongImm::make(0)), te::kLT);
    }
    return te::Cast::make(te::kBool, negative);
  });
}

// addcdiv(self, tensor1, tensor2, value=1): self + value * (tensor1 / tensor2).
AOTC_LOWERING(lowerAddcdiv) {
  const char* op = "aten::addcdiv";
  const te::Dtype dtype = floatingDtype(args, outputType, op);
  const double value = optionalNumber(args, 3, 1.0);
  return te::Compute("aotc_addcdiv", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle self = elementwiseOperand(args.at(0), axes, dtype, op);
    te::ExprHandle t1 = elementwiseOperand(args.at(1), axes, dtype, op);
    te::ExprHandle t2 = elementwiseOperand(args.at(2), axes, dtype, op);
    return self + te::Cast::make(dtype, te::DoubleImm::make(value)) * (t1 / t2);
  });
}

// hypot(self, other): sqrt(a^2 + b^2) without overflow or underflow on the way; an infinite
// operand gives +inf even beside a NaN (C's hypot, which ATen calls). float32 squares are exact
// in double; doubles are scaled by the larger magnitude first.
AOTC_LOWERING(lowerHypot) {
  const char* op = "aten::hypot";
  const te::Dtype dtype = floatingDtype(args, outputType, op);
  const bool isDouble = dtype.scalar_type() == c10::ScalarType::Double;
  if (!isDouble && dtype.scalar_type() != c10::ScalarType::Float) {
    throw std::runtime_error("aten::hypot: only float32 and float64 are supported");
  }
  return te::Compute("aotc_hypot", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    auto constant = [](double v) { return te::ExprHandle(te::DoubleImm::make(v)); };
    te::ExprHandle a = te::abs(te::Cast::make(te::kDouble, elementwiseOperand(args.at(0), axes, dtype, op)));
    te::ExprHandle b = te::abs(te::Cast::make(te::kDouble, elementwiseOperand(args.at(1), axes, dtype, op)));
    te::ExprHandle result;
    if (isDouble) {
      te::ExprHandle large = te::Max::make(a, b, true), small = te::Min::make(a, b, true);
      te::ExprHandle ratio = small / large;
      te::ExprHandle scaled = large * te::sqrt(constant(1.0) + ratio * ratio);
      // large == 0: both zero (0/0 would be NaN).
      result = te::CompareSelect::make(large, constant(0.0), constant(0.0), scaled, te::kEQ);
    } else {
      result = te::sqrt(a * a + b * b);
    }
    const te::ExprHandle inf = constant(std::numeric_limits<double>::infinity());
    result = te::CompareSelect::make(a, inf, inf, result, te::kEQ);
    result = te::CompareSelect::make(b, inf, inf, result, te::kEQ);
    return te::Cast::make(dtype, result);
  });
}

// copysign(self, other): |self| with other's sign bit (so -0.0 and NaNs with it count as
// negative), in the promoted floating dtype.
AOTC_LOWERING(lowerCopysign) {
  const char* op = "aten::copysign";
  const te::Dtype dtype = dtypeOr(outputType, te::kFloat);
  const bool isDouble = dtype.scalar_type() == c10::ScalarType::Double;
  if (!isDouble && dtype.scalar_type() != c10::ScalarType::Float) {
    throw std::runtime_error("aten::copysign: only float32 and float64 results are supported");
  }
  const te::Dtype bits = isDouble ? te::kLong : te::kInt;
  auto immBits = [&](int64_t v) {
    return isDouble ? te::ExprHandle(te::LongImm::make(v)) : te::ExprHandle(te::IntImm::make(static_cast<int32_t>(v)));
  };
  const int64_t sign = isDouble ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int32_t>::min();
  return te::Compute("aotc_copysign", outputShape, [&](const std::vector<te::VarHandle>& axes) {
    te::ExprHandle magnitude = te::BitCast::make(bits, elementwiseOperand(args.at(0), axes, dtype, op)) & immBits(~sign);
    te::ExprHandle signBit = te::BitCast::make(bits, elementwiseOperand(args.at(1), axes, dtype, op)) & immBits(sign);
    return te::BitCast::make(dtype, magnitude | signBit);
  });
}

// full_like(self, fill_value, dtype=None, ...): self's shape filled with fill_value, in dtype
// (self's when None).
AOTC_LOWERING(lowerFullLike) {
  const char* op = "aten::full_like";
  const te::Dtype dtype = dtypeOr(outputType, bufArg(args, 0, op).dtype());
  te::ExprHandle fill;
  if (auto value = c10::get_if<double>(&args.at(1))) {
    fill = te::DoubleImm::make(*value);
  } else if (auto value = c10::get_if<int64_t>(&args.at(1))) {
    fill = te::LongImm::make(*value);
  } else if (auto value = c10::get_if<bool>(&args.at(1))) {
    fill = te::BoolImm::make(*value);
  } else {
    throw std::runtime_error("aten::full_like: fill_value is not a constant number");
  }
  return te::Compute("aotc_full_like", outputShape,
                     [&](const std::vector<te::VarHandle>&) { return te::Cast::make(dtype, fill); });
}

}  // namespace aotc::lower
