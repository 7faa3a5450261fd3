// KernelEmitter: expressions (arithmetic, comparisons, immediates, casts, vectors, loads).
#include <stdexcept>

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include "codegen/checked_division.h"
#include "codegen/emitter.h"
#include "runtime/kernel_errors.h"

namespace aotc::codegen {

namespace {

bool isUnsigned(const te::Dtype& dtype) {
  return dtype.scalar_type() == c10::ScalarType::Byte ||
         dtype.scalar_type() == c10::ScalarType::Bool;
}

}  // namespace

llvm::Value* KernelEmitter::binary(BinOp op, const te::ExprPtr& lhs, const te::ExprPtr& rhs,
                                   const te::Dtype& dtype) {
  llvm::Value* l = emitExpr(lhs);
  llvm::Value* r = emitExpr(rhs);
  const te::Dtype operand = lhs->dtype();
  if (rhs->dtype() != operand) r = castValue(r, rhs->dtype(), operand);
  llvm::Value* result = nullptr;
  if (operand.is_floating_point()) {
    switch (op) {
      case BinOp::Add: result = builder_.CreateFAdd(l, r); break;
      case BinOp::Sub: result = builder_.CreateFSub(l, r); break;
      case BinOp::Mul: result = builder_.CreateFMul(l, r); break;
      case BinOp::Div: result = builder_.CreateFDiv(l, r); break;
      case BinOp::Mod: result = builder_.CreateFRem(l, r); break;  // frem == fmod
      default: unsupported("bitwise operation on a floating-point value");
    }
  } else {
    const bool isUns = isUnsigned(operand);
    switch (op) {
      case BinOp::Add: result = builder_.CreateAdd(l, r); break;
      case BinOp::Sub: result = builder_.CreateSub(l, r); break;
      case BinOp::Mul: result = builder_.CreateMul(l, r); break;
      case BinOp::Div:
      case BinOp::Mod:
        result = divisorNeedsCheck(rhs) ? checkedIntegerDivision(op == BinOp::Mod, isUns, l, r)
                 : op == BinOp::Mod     ? (isUns ? builder_.CreateURem(l, r) : builder_.CreateSRem(l, r))
                                        : (isUns ? builder_.CreateUDiv(l, r) : builder_.CreateSDiv(l, r));
        break;
      case BinOp::And: result = builder_.CreateAnd(l, r); break;
      case BinOp::Or: result = builder_.CreateOr(l, r); break;
      case BinOp::Xor: result = builder_.CreateXor(l, r); break;
      case BinOp::Shl: result = builder_.CreateShl(l, r); break;
      case BinOp::Shr: result = isUns ? builder_.CreateLShr(l, r) : builder_.CreateAShr(l, r); break;
    }
    // Keep bools 0/1 after arithmetic that could leave that range.
    if (operand.scalar_type() == c10::ScalarType::Bool && op != BinOp::And &&
        op != BinOp::Or && op != BinOp::Xor) {
      result = fromCondition(toCondition(result, operand), operand);
    }
  }
  if (dtype != operand) result = castValue(result, operand, dtype);
  return result;
}

// l / r or l % r, truncating toward zero like C++ and SimpleIREval (unchecked: sdiv/srem),
// for a divisor read from tensor data (codegen/checked_division.h). The instructions trap
// (SIGFPE, the end of the process) on a zero divisor and, signed, on INT_MIN / -1: a zero
// divisor is reported (aotc_integer_division_by_zero, in a branch never taken otherwise) and
// replaced by 1, and -1 is handled apart (x / -1 = -x, wrapping as the hardware would;
// x % -1 = 0).
llvm::Value* KernelEmitter::checkedIntegerDivision(bool remainder, bool isUnsigned,
                                                   llvm::Value* l, llvm::Value* r) {
  auto divide = [&](llvm::Value* divisor) {
    if (isUnsigned) return remainder ? builder_.CreateURem(l, divisor) : builder_.CreateUDiv(l, divisor);
    return remainder ? builder_.CreateSRem(l, divisor) : builder_.CreateSDiv(l, divisor);
  };
  llvm::Type* type = r->getType();
  llvm::Value* one = llvm::ConstantInt::get(type, 1);
  llvm::Value* isZero = builder_.CreateICmpEQ(r, llvm::Constant::getNullValue(type));
  llvm::Value* anyZero = type->isVectorTy() ? builder_.CreateOrReduce(isZero) : isZero;
  llvm::Function* function = builder_.GetInsertBlock()->getParent();
  auto* report = llvm::BasicBlock::Create(context_, "div.by.zero", function);
  auto* checked = llvm::BasicBlock::Create(context_, "div.checked", function);
  builder_.CreateCondBr(anyZero, report, checked,
                        llvm::MDBuilder(context_).createUnlikelyBranchWeights());
  builder_.SetInsertPoint(report);
  builder_.CreateCall(libcall(runtime::kIntegerDivisionByZeroFunction, builder_.getVoidTy(), {}));
  builder_.CreateBr(checked);
  builder_.SetInsertPoint(checked);
  llvm::Value* divisor = builder_.CreateSelect(isZero, one, r);
  if (isUnsigned) return divide(divisor);
  llvm::Value* isMinusOne = builder_.CreateICmpEQ(r, llvm::Constant::getAllOnesValue(type));
  llvm::Value* result = divide(builder_.CreateSelect(isMinusOne, one, divisor));
  // x % 1 is already x % -1 (0); x / 1 is not x / -1.
  if (remainder) return result;
  return builder_.CreateSelect(isMinusOne, builder_.CreateNeg(l), result);
}

void KernelEmitter::visit(te::AddPtr v) { value_ = binary(BinOp::Add, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::SubPtr v) { value_ = binary(BinOp::Sub, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::MulPtr v) { value_ = binary(BinOp::Mul, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::DivPtr v) { value_ = binary(BinOp::Div, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::ModPtr v) { value_ = binary(BinOp::Mod, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::AndPtr v) { value_ = binary(BinOp::And, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::OrPtr v) { value_ = binary(BinOp::Or, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::XorPtr v) { value_ = binary(BinOp::Xor, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::LshiftPtr v) { value_ = binary(BinOp::Shl, v->lhs(), v->rhs(), v->dtype()); }
void KernelEmitter::visit(te::RshiftPtr v) { value_ = binary(BinOp::Shr, v->lhs(), v->rhs(), v->dtype()); }

llvm::Value* KernelEmitter::minMax(bool isMax, const te::ExprPtr& lhs,
                                   const te::ExprPtr& rhs) {
  llvm::Value* l = emitExpr(lhs);
  llvm::Value* r = emitExpr(rhs);
  const te::Dtype dtype = lhs->dtype();
  if (rhs->dtype() != dtype) r = castValue(r, rhs->dtype(), dtype);
  if (!dtype.is_floating_point()) {
    const bool isUns = isUnsigned(dtype);
    llvm::Intrinsic::ID id = isMax ? (isUns ? llvm::Intrinsic::umax : llvm::Intrinsic::smax)
                                   : (isUns ? llvm::Intrinsic::umin : llvm::Intrinsic::smin);
    return builder_.CreateBinaryIntrinsic(id, l, r);
  }
  // Floats always propagate NaN, whatever propagate_nans says: SimpleIREval ignores the
  // flag too, and torch semantics (e.g. clamp(nan) == nan) need it.
  // SimpleIREval: isnan(l) ? l : isnan(r) ? r : (max: l < r ? r : l; min: l < r ? l : r).
  llvm::Value* less = builder_.CreateFCmpOLT(l, r);
  llvm::Value* result = isMax ? builder_.CreateSelect(less, r, l) : builder_.CreateSelect(less, l, r);
  result = builder_.CreateSelect(builder_.CreateFCmpUNO(r, r), r, result);
  return builder_.CreateSelect(builder_.CreateFCmpUNO(l, l), l, result);
}

void KernelEmitter::visit(te::MaxPtr v) { value_ = minMax(true, v->lhs(), v->rhs()); }
void KernelEmitter::visit(te::MinPtr v) { value_ = minMax(false, v->lhs(), v->rhs()); }

llvm::Value* KernelEmitter::compare(te::CompareSelectOperation op, llvm::Value* l,
                                    llvm::Value* r, const te::Dtype& dtype) {
  if (dtype.is_floating_point()) {
    switch (op) {
      case te::kEQ: return builder_.CreateFCmpOEQ(l, r);
      case te::kGT: return builder_.CreateFCmpOGT(l, r);
      case te::kGE: return builder_.CreateFCmpOGE(l, r);
      case te::kLT: return builder_.CreateFCmpOLT(l, r);
      case te::kLE: return builder_.CreateFCmpOLE(l, r);
      case te::kNE: return builder_.CreateFCmpUNE(l, r);  // NaN != x is true, as in C++
    }
  } else {
    const bool isUns = isUnsigned(dtype);
    switch (op) {
      case te::kEQ: return builder_.CreateICmpEQ(l, r);
      case te::kGT: return isUns ? builder_.CreateICmpUGT(l, r) : builder_.CreateICmpSGT(l, r);
      case te::kGE: return isUns ? builder_.CreateICmpUGE(l, r) : builder_.CreateICmpSGE(l, r);
      case te::kLT: return isUns ? builder_.CreateICmpULT(l, r) : builder_.CreateICmpSLT(l, r);
      case te::kLE: return isUns ? builder_.CreateICmpULE(l, r) : builder_.CreateICmpSLE(l, r);
      case te::kNE: return builder_.CreateICmpNE(l, r);
    }
  }
  unsupported("CompareSelect operation " + std::to_string(static_cast<int>(op)));
}

void KernelEmitter::visit(te::CompareSelectPtr v) {
  // The bias is only a branch hint; both values are pure, so a select is exact.
  llvm::Value* l = emitExpr(v->lhs());
  llvm::Value* r = emitExpr(v->rhs());
  const te::Dtype dtype = v->lhs()->dtype();
  if (v->rhs()->dtype() != dtype) r = castValue(r, v->rhs()->dtype(), dtype);
  llvm::Value* condition = compare(v->compare_select_op(), l, r, dtype);
  llvm::Value* yes = emitExpr(v->ret_val1());
  llvm::Value* no = emitExpr(v->ret_val2());
  if (v->ret_val2()->dtype() != v->ret_val1()->dtype()) {
    no = castValue(no, v->ret_val2()->dtype(), v->ret_val1()->dtype());
  }
  value_ = builder_.CreateSelect(condition, yes, no);
  if (v->dtype() != v->ret_val1()->dtype()) {
    value_ = castValue(value_, v->ret_val1()->dtype(), v->dtype());
  }
}

#define AOTC_INT_IMM(Name, IsSigned)                                                    \
  void KernelEmitter::visit(te::Name##ImmPtr v) {                                       \
    value_ = llvm::ConstantInt::get(typeOf(v->dtype()), static_cast<uint64_t>(v->value()), \
                                    IsSigned);                                          \
  }
AOTC_INT_IMM(Byte, false)
AOTC_INT_IMM(Char, true)
AOTC_INT_IMM(Short, true)
AOTC_INT_IMM(Int, true)
AOTC_INT_IMM(Long, true)
#undef AOTC_INT_IMM

void KernelEmitter::visit(te::BoolImmPtr v) {
  value_ = llvm::ConstantInt::get(typeOf(v->dtype()), v->value() ? 1 : 0);
}
void KernelEmitter::visit(te::FloatImmPtr v) {
  value_ = llvm::ConstantFP::get(typeOf(v->dtype()), static_cast<double>(v->value()));
}
void KernelEmitter::visit(te::DoubleImmPtr v) {
  value_ = llvm::ConstantFP::get(typeOf(v->dtype()), v->value());
}
void KernelEmitter::visit(te::HalfImmPtr) { unsupported("dtype Half (immediate)"); }
void KernelEmitter::visit(te::BFloat16ImmPtr) { unsupported("dtype BFloat16 (immediate)"); }

void KernelEmitter::visit(te::CastPtr v) {
  llvm::Value* source = emitExpr(v->src_value());
  value_ = castValue(source, v->src_value()->dtype(), v->dtype());
}

void KernelEmitter::visit(te::BitCastPtr v) {
  const te::Dtype from = v->src_value()->dtype();
  if (from.byte_size() != v->dtype().byte_size() ||
      from.scalar_type() == c10::ScalarType::Bool ||
      v->dtype().scalar_type() == c10::ScalarType::Bool) {
    unsupported("BitCast between these dtypes");
  }
  value_ = builder_.CreateBitCast(emitExpr(v->src_value()), typeOf(v->dtype()));
}

void KernelEmitter::visit(te::VarPtr v) {
  auto it = vars_.find(v);
  if (it == vars_.end()) {
    throw std::runtime_error("aot codegen: unbound variable '" + v->name_hint() + "'");
  }
  value_ = it->second;
}

void KernelEmitter::visit(te::BufPtr v) { value_ = bufferPointer(v); }

void KernelEmitter::visit(te::RampPtr v) {
  const int lanes = v->lanes();
  const te::Dtype scalar = v->base()->dtype();
  llvm::Type* type = scalarType(scalar.scalar_type());
  llvm::Value* base = builder_.CreateVectorSplat(lanes, emitExpr(v->base()));
  llvm::Value* strideValue = emitExpr(v->stride());
  if (v->stride()->dtype() != scalar) strideValue = castValue(strideValue, v->stride()->dtype(), scalar);
  llvm::Value* stride = builder_.CreateVectorSplat(lanes, strideValue);
  std::vector<llvm::Constant*> steps;
  for (int lane = 0; lane < lanes; ++lane) {
    steps.push_back(scalar.is_floating_point() ? llvm::ConstantFP::get(type, lane)
                                               : llvm::ConstantInt::get(type, lane));
  }
  llvm::Value* laneIds = llvm::ConstantVector::get(steps);
  value_ = scalar.is_floating_point()
               ? builder_.CreateFAdd(base, builder_.CreateFMul(stride, laneIds))
               : builder_.CreateAdd(base, builder_.CreateMul(stride, laneIds));
}

void KernelEmitter::visit(te::BroadcastPtr v) {
  value_ = builder_.CreateVectorSplat(v->lanes(), emitExpr(v->value()));
}

void KernelEmitter::visit(te::LoadPtr v) {
  const te::BufPtr buf = v->buf();
  if (v->dtype().scalar_type() != buf->dtype().scalar_type()) {
    unsupported("Load whose dtype differs from its buffer's");
  }
  const int lanes = v->dtype().lanes();
  bool contiguous = false;
  llvm::Value* address = elementAddress(buf, v->indices(), lanes, contiguous);
  const llvm::Align align(buf->dtype().byte_size());
  llvm::Type* type = typeOf(v->dtype());
  if (lanes == 1 || contiguous) {
    value_ = builder_.CreateAlignedLoad(type, address, align);
  } else {
    value_ = builder_.CreateMaskedGather(type, address, align);
  }
}

void KernelEmitter::visit(te::IfThenElsePtr v) {
  if (v->condition()->dtype().lanes() != 1) unsupported("vector IfThenElse");
  llvm::Value* condition =
      toCondition(emitExpr(v->condition()), v->condition()->dtype());
  // Branches, not a select: only the taken side may be evaluated (e.g. padding loads).
  auto* thenBlock = llvm::BasicBlock::Create(context_, "ite.then", &function_);
  auto* elseBlock = llvm::BasicBlock::Create(context_, "ite.else", &function_);
  auto* mergeBlock = llvm::BasicBlock::Create(context_, "ite.end", &function_);
  builder_.CreateCondBr(condition, thenBlock, elseBlock);

  builder_.SetInsertPoint(thenBlock);
  llvm::Value* yes = emitExpr(v->true_value());
  llvm::BasicBlock* thenEnd = builder_.GetInsertBlock();
  builder_.CreateBr(mergeBlock);

  builder_.SetInsertPoint(elseBlock);
  llvm::Value* no = emitExpr(v->false_value());
  if (v->false_value()->dtype() != v->true_value()->dtype()) {
    no = castValue(no, v->false_value()->dtype(), v->true_value()->dtype());
  }
  llvm::BasicBlock* elseEnd = builder_.GetInsertBlock();
  builder_.CreateBr(mergeBlock);

  builder_.SetInsertPoint(mergeBlock);
  llvm::PHINode* phi = builder_.CreatePHI(yes->getType(), 2);
  phi->addIncoming(yes, thenEnd);
  phi->addIncoming(no, elseEnd);
  value_ = phi;
  if (v->dtype() != v->true_value()->dtype()) {
    value_ = castValue(value_, v->true_value()->dtype(), v->dtype());
  }
}

}  // namespace aotc::codegen
