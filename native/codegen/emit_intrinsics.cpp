// KernelEmitter: math intrinsics. Float32 exp, tanh, sigmoid and erf inline (codegen/inline_math);
// otherwise LLVM intrinsics where LLVM has them (they vectorise and lower to libm where
// needed), libm calls otherwise (called lane by lane for vectors).
#include <llvm/IR/Intrinsics.h>

#include "codegen/checked_division.h"
#include "codegen/emitter.h"
#include "codegen/inline_math.h"

namespace aotc::codegen {

namespace {

const char* opName(te::IntrinsicsOp op) {
  switch (op) {
    case te::kSin: return "sin";
    case te::kCos: return "cos";
    case te::kTan: return "tan";
    case te::kAsin: return "asin";
    case te::kAcos: return "acos";
    case te::kAtan: return "atan";
    case te::kAtan2: return "atan2";
    case te::kSinh: return "sinh";
    case te::kCosh: return "cosh";
    case te::kTanh: return "tanh";
    case te::kSigmoid: return "sigmoid";
    case te::kExp: return "exp";
    case te::kExpm1: return "expm1";
    case te::kAbs: return "abs";
    case te::kLog: return "log";
    case te::kLog2: return "log2";
    case te::kLog10: return "log10";
    case te::kLog1p: return "log1p";
    case te::kErf: return "erf";
    case te::kErfc: return "erfc";
    case te::kSqrt: return "sqrt";
    case te::kRsqrt: return "rsqrt";
    case te::kPow: return "pow";
    case te::kCeil: return "ceil";
    case te::kFloor: return "floor";
    case te::kRound: return "round";
    case te::kTrunc: return "trunc";
    case te::kFmod: return "fmod";
    case te::kRemainder: return "remainder";
    case te::kLgamma: return "lgamma";
    case te::kFrac: return "frac";
    case te::kIsNan: return "isnan";
    case te::kRand: return "rand";
    default: return "unknown";
  }
}

// The libm name: float variants take an `f` suffix.
std::string libmName(te::IntrinsicsOp op, bool isFloat) {
  return std::string(opName(op)) + (isFloat ? "f" : "");
}

}  // namespace

void KernelEmitter::visit(te::IntrinsicsPtr v) {
  if (v->op_type() == te::kRand) unsupported("intrinsic rand");
  if (v->nparams() < 1 || v->nparams() > 2) unsupported("intrinsic arity");
  std::vector<llvm::Value*> args;
  const te::Dtype argType = v->param(0)->dtype();
  for (int i = 0; i < v->nparams(); ++i) {
    llvm::Value* arg = emitExpr(v->param(i));
    // Operands share the first one's dtype (the lowerings promote before calling).
    if (v->param(i)->dtype() != argType) arg = castValue(arg, v->param(i)->dtype(), argType);
    args.push_back(arg);
  }
  if (v->op_type() == te::kFmod && argType.is_integral()) {
    // torch.fmod of integers: C's remainder (the dividend's sign).
    const bool isUnsigned = argType.scalar_type() == c10::ScalarType::Byte ||
                            argType.scalar_type() == c10::ScalarType::Bool;
    value_ = divisorNeedsCheck(v->param(1))
                 ? checkedIntegerDivision(/*remainder=*/true, isUnsigned, args[0], args[1])
             : isUnsigned ? builder_.CreateURem(args[0], args[1])
                          : builder_.CreateSRem(args[0], args[1]);
    if (v->dtype() != argType) value_ = castValue(value_, argType, v->dtype());
    return;
  }
  value_ = intrinsic(v->op_type(), args, argType);
  if (v->op_type() == te::kIsNan) {
    value_ = fromCondition(value_, v->dtype());
  } else if (v->dtype() != argType) {
    value_ = castValue(value_, argType, v->dtype());
  }
}

// Returns a value of `dtype` (an i1 for kIsNan).
llvm::Value* KernelEmitter::intrinsic(te::IntrinsicsOp op, llvm::ArrayRef<llvm::Value*> args,
                                      const te::Dtype& dtype) {
  if (op == te::kRand) unsupported("intrinsic rand");
  if (!dtype.is_floating_point()) {
    if (op == te::kIsNan && dtype.is_integral()) {
      return llvm::Constant::getNullValue(
          llvm::CmpInst::makeCmpResultType(args[0]->getType()));
    }
    if (op != te::kAbs || !dtype.is_integral()) {
      unsupported(std::string("intrinsic ") + opName(op) + " on dtype " +
                  c10::toString(dtype.scalar_type()));
    }
    if (dtype.scalar_type() == c10::ScalarType::Byte ||
        dtype.scalar_type() == c10::ScalarType::Bool) {
      return args[0];  // unsigned: already non-negative
    }
    return builder_.CreateBinaryIntrinsic(llvm::Intrinsic::abs, args[0], builder_.getFalse());
  }
  const bool isFloat = dtype.scalar_type() == c10::ScalarType::Float;
  llvm::Value* x = args[0];
  llvm::Type* type = x->getType();
  auto unaryIntrinsic = [&](llvm::Intrinsic::ID id) {
    return builder_.CreateUnaryIntrinsic(id, x);
  };
  auto libm = [&](te::IntrinsicsOp libOp) {
    llvm::Type* scalar = type->getScalarType();
    std::vector<llvm::Type*> params(args.size(), scalar);
    return callPerLane(libcall(libmName(libOp, isFloat), scalar, params, /*pure=*/true), args);
  };
  auto one = [&] { return llvm::ConstantFP::get(type, 1.0); };

  if (isFloat) {
    switch (op) {
      case te::kExp: return emitInlineExp(builder_, x);
      case te::kTanh: return emitInlineTanh(builder_, x);
      case te::kSigmoid: return emitInlineSigmoid(builder_, x);
      case te::kErf: return emitInlineErf(builder_, x);
      default: break;
    }
  }
  switch (op) {
    case te::kSin: return unaryIntrinsic(llvm::Intrinsic::sin);
    case te::kCos: return unaryIntrinsic(llvm::Intrinsic::cos);
    case te::kExp: return unaryIntrinsic(llvm::Intrinsic::exp);
    case te::kAbs: return unaryIntrinsic(llvm::Intrinsic::fabs);
    case te::kLog: return unaryIntrinsic(llvm::Intrinsic::log);
    case te::kLog2: return unaryIntrinsic(llvm::Intrinsic::log2);
    case te::kLog10: return unaryIntrinsic(llvm::Intrinsic::log10);
    case te::kSqrt: return unaryIntrinsic(llvm::Intrinsic::sqrt);
    case te::kCeil: return unaryIntrinsic(llvm::Intrinsic::ceil);
    case te::kFloor: return unaryIntrinsic(llvm::Intrinsic::floor);
    case te::kTrunc: return unaryIntrinsic(llvm::Intrinsic::trunc);
    // Round half to even (torch.round), i.e. nearbyint in the default rounding mode.
    case te::kRound: return unaryIntrinsic(llvm::Intrinsic::nearbyint);
    case te::kPow: return builder_.CreateBinaryIntrinsic(llvm::Intrinsic::pow, x, args[1]);
    case te::kFmod: return builder_.CreateFRem(x, args[1]);
    case te::kRsqrt: return builder_.CreateFDiv(one(), unaryIntrinsic(llvm::Intrinsic::sqrt));
    case te::kSigmoid: {
      llvm::Value* e = builder_.CreateUnaryIntrinsic(llvm::Intrinsic::exp, builder_.CreateFNeg(x));
      return builder_.CreateFDiv(one(), builder_.CreateFAdd(one(), e));
    }
    case te::kFrac: {
      // modf's fractional part: x - trunc(x), and +-0 for infinities.
      llvm::Value* frac = builder_.CreateFSub(x, unaryIntrinsic(llvm::Intrinsic::trunc));
      llvm::Value* isInf = builder_.CreateFCmpOEQ(
          unaryIntrinsic(llvm::Intrinsic::fabs),
          llvm::ConstantFP::getInfinity(type));
      llvm::Value* signedZero = builder_.CreateBinaryIntrinsic(
          llvm::Intrinsic::copysign, llvm::ConstantFP::get(type, 0.0), x);
      return builder_.CreateSelect(isInf, signedZero, frac);
    }
    case te::kIsNan: return builder_.CreateFCmpUNO(x, x);
    case te::kTan:
    case te::kAsin:
    case te::kAcos:
    case te::kAtan:
    case te::kAtan2:
    case te::kSinh:
    case te::kCosh:
    case te::kTanh:
    case te::kExpm1:
    case te::kLog1p:
    case te::kErf:
    case te::kErfc:
    case te::kRemainder:
    case te::kLgamma:
      return libm(op);
    default:
      unsupported(std::string("intrinsic ") + opName(op));
  }
}

}  // namespace aotc::codegen
