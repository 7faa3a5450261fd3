// KernelEmitter: type mapping, conversions, buffer addressing and call helpers.
#include <stdexcept>

#include "codegen/emitter.h"

namespace aotc::codegen {

[[noreturn]] void unsupported(const std::string& what) {
  throw std::runtime_error("aot codegen: unsupported " + what);
}

namespace {

// uint8 and bool are the only unsigned scalar types in 1.13's TensorExpr.
bool isUnsigned(c10::ScalarType type) {
  return type == c10::ScalarType::Byte || type == c10::ScalarType::Bool;
}

llvm::Type* withLanesOf(llvm::Type* scalar, llvm::Value* like) {
  if (auto* vector = llvm::dyn_cast<llvm::FixedVectorType>(like->getType())) {
    return llvm::FixedVectorType::get(scalar, vector->getNumElements());
  }
  return scalar;
}

}  // namespace

KernelEmitter::KernelEmitter(llvm::Module& module, llvm::Function& function,
                             llvm::IRBuilder<>& builder)
    : module_(module), function_(function), builder_(builder),
      context_(module.getContext()) {}

void KernelEmitter::bind(const te::VarPtr& var, llvm::Value* value) { vars_[var] = value; }

void KernelEmitter::emit(const te::StmtPtr& stmt) {
  if (stmt) stmt->accept(this);
}

llvm::Value* KernelEmitter::emitExpr(const te::ExprPtr& expr) {
  value_ = nullptr;
  expr->accept(this);
  if (value_ == nullptr) unsupported("expression without a value");
  return value_;
}

llvm::Type* llvmScalarType(llvm::LLVMContext& context, c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Bool:  // one byte holding 0 or 1, in memory and in registers
    case c10::ScalarType::Byte:
    case c10::ScalarType::Char:
      return llvm::Type::getInt8Ty(context);
    case c10::ScalarType::Short:
      return llvm::Type::getInt16Ty(context);
    case c10::ScalarType::Int:
      return llvm::Type::getInt32Ty(context);
    case c10::ScalarType::Long:
      return llvm::Type::getInt64Ty(context);
    case c10::ScalarType::Float:
      return llvm::Type::getFloatTy(context);
    case c10::ScalarType::Double:
      return llvm::Type::getDoubleTy(context);
    default:
      unsupported(std::string("dtype ") + c10::toString(type));
  }
}

llvm::Type* KernelEmitter::typeOf(const te::Dtype& dtype) const {
  llvm::Type* scalar = scalarType(dtype.scalar_type());
  if (dtype.lanes() == 1) return scalar;
  return llvm::FixedVectorType::get(scalar, dtype.lanes());
}

llvm::Value* KernelEmitter::toInt64(llvm::Value* value, const te::Dtype& dtype) {
  if (!dtype.is_integral()) unsupported("non-integer index or size");
  llvm::Type* target = withLanesOf(builder_.getInt64Ty(), value);
  return isUnsigned(dtype.scalar_type()) ? builder_.CreateZExtOrTrunc(value, target)
                                         : builder_.CreateSExtOrTrunc(value, target);
}

llvm::Value* KernelEmitter::toCondition(llvm::Value* value, const te::Dtype& dtype) {
  if (value->getType()->getScalarType()->isIntegerTy(1)) return value;
  llvm::Value* zero = llvm::Constant::getNullValue(value->getType());
  if (dtype.is_floating_point()) return builder_.CreateFCmpUNE(value, zero);
  return builder_.CreateICmpNE(value, zero);
}

llvm::Value* KernelEmitter::fromCondition(llvm::Value* condition, const te::Dtype& dtype) {
  llvm::Type* type = typeOf(dtype);
  if (dtype.is_floating_point()) return builder_.CreateUIToFP(condition, type);
  return builder_.CreateZExt(condition, type);
}

llvm::Value* KernelEmitter::castValue(llvm::Value* value, const te::Dtype& from,
                                      const te::Dtype& to) {
  if (from.lanes() != to.lanes()) unsupported("cast between different lane counts");
  llvm::Type* target = typeOf(to);
  const c10::ScalarType src = from.scalar_type();
  const c10::ScalarType dst = to.scalar_type();
  if (src == dst) return value;
  if (dst == c10::ScalarType::Bool) return fromCondition(toCondition(value, from), to);
  const bool srcFloat = from.is_floating_point();
  const bool dstFloat = to.is_floating_point();
  if (srcFloat && dstFloat) return builder_.CreateFPCast(value, target);
  if (!srcFloat && dstFloat) {
    return isUnsigned(src) ? builder_.CreateUIToFP(value, target)
                           : builder_.CreateSIToFP(value, target);
  }
  if (srcFloat && !dstFloat) {
    // Through i64, then truncate: out-of-range values wrap (like x86's static_cast) instead
    // of becoming poison for narrow targets such as uint8.
    // NaN / out-of-range inputs give poison; freeze it so it cannot spread into other values.
    llvm::Value* wide = builder_.CreateFreeze(
        builder_.CreateFPToSI(value, withLanesOf(builder_.getInt64Ty(), value)));
    return builder_.CreateTrunc(wide, target);
  }
  return isUnsigned(src) ? builder_.CreateZExtOrTrunc(value, target)
                         : builder_.CreateSExtOrTrunc(value, target);
}

llvm::Value* KernelEmitter::bufferPointer(const te::BufPtr& buf) {
  auto it = vars_.find(buf->base_handle());
  if (it == vars_.end()) {
    throw std::runtime_error("aot codegen: buffer '" + buf->name_hint() +
                             "' is neither an argument nor allocated");
  }
  return it->second;
}

llvm::Value* KernelEmitter::elementAddress(const te::BufPtr& buf,
                                           const std::vector<te::ExprPtr>& indices,
                                           int lanes, bool& contiguous) {
  llvm::Type* element = scalarType(buf->dtype().scalar_type());
  llvm::Value* base = bufferPointer(buf);
  contiguous = false;
  // A 0-d buffer's one element (select's result, say, left unflattened).
  if (indices.empty()) {
    if (lanes > 1) unsupported("vector access to a 0-d buffer");
    return base;
  }
  if (indices.size() == 1) {
    const te::ExprPtr& index = indices[0];
    if (lanes > 1) {
      // A unit-stride ramp is a plain vector access at its base.
      if (auto ramp = te::to<te::Ramp>(index)) {
        if (te::immediateEquals(ramp->stride(), 1)) {
          contiguous = true;
          llvm::Value* start = toInt64(emitExpr(ramp->base()), ramp->base()->dtype());
          return builder_.CreateInBoundsGEP(element, base, start);
        }
      }
    }
    llvm::Value* flat = toInt64(emitExpr(index), index->dtype());
    if (lanes > 1 && !flat->getType()->isVectorTy()) {
      unsupported("vector access with a scalar index");
    }
    return builder_.CreateInBoundsGEP(element, base, flat);
  }
  // Not flattened: offset = sum(index_i * stride_i), strides from the buffer when present.
  if (indices.size() != buf->ndim()) unsupported("index rank mismatch");
  const std::vector<te::ExprPtr> dims = buf->dims();  // Buf returns copies
  const std::vector<te::ExprPtr> strides = buf->strides();
  const bool haveStrides = strides.size() == indices.size();
  llvm::Value* offset = nullptr;
  llvm::Value* contiguousStride = builder_.getInt64(1);
  for (size_t i = indices.size(); i-- > 0;) {
    llvm::Value* stride = haveStrides ? toInt64(emitExpr(strides[i]), strides[i]->dtype())
                                      : contiguousStride;
    llvm::Value* index = toInt64(emitExpr(indices[i]), indices[i]->dtype());
    if (index->getType()->isVectorTy()) {
      stride = builder_.CreateVectorSplat(
          llvm::cast<llvm::FixedVectorType>(index->getType())->getNumElements(), stride);
    }
    llvm::Value* term = builder_.CreateMul(index, stride);
    if (offset != nullptr && offset->getType() != term->getType()) {
      unsupported("mixed scalar/vector indices");
    }
    offset = offset == nullptr ? term : builder_.CreateAdd(offset, term);
    if (!haveStrides) {
      const te::ExprPtr& dim = dims[i];
      contiguousStride =
          builder_.CreateMul(contiguousStride, toInt64(emitExpr(dim), dim->dtype()));
    }
  }
  return builder_.CreateInBoundsGEP(element, base, offset);
}

llvm::Value* KernelEmitter::bufferByteSize(const te::BufPtr& buf) {
  llvm::Value* size = builder_.getInt64(buf->dtype().byte_size());
  for (const te::ExprPtr& dim : buf->dims()) {
    size = builder_.CreateMul(size, toInt64(emitExpr(dim), dim->dtype()));
  }
  return size;
}

llvm::AllocaInst* KernelEmitter::entryAlloca(llvm::Type* type, uint64_t count,
                                             const std::string& name) {
  // Entry-block allocas: one stack slot per call site, not per loop iteration.
  llvm::BasicBlock& entry = function_.getEntryBlock();
  llvm::IRBuilder<> entryBuilder(&entry, entry.getFirstInsertionPt());
  return entryBuilder.CreateAlloca(type, entryBuilder.getInt64(count), name);
}

llvm::FunctionCallee KernelEmitter::libcall(const std::string& name, llvm::Type* ret,
                                            llvm::ArrayRef<llvm::Type*> params, bool pure) {
  llvm::FunctionCallee callee =
      module_.getOrInsertFunction(name, llvm::FunctionType::get(ret, params, false));
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    if (pure) {
      fn->setDoesNotAccessMemory();
      fn->addFnAttr(llvm::Attribute::WillReturn);
    }
  }
  return callee;
}

llvm::Value* KernelEmitter::callPerLane(llvm::FunctionCallee callee,
                                        llvm::ArrayRef<llvm::Value*> args) {
  auto* vector = llvm::dyn_cast<llvm::FixedVectorType>(args[0]->getType());
  if (vector == nullptr) return builder_.CreateCall(callee, args);
  llvm::Value* result = llvm::PoisonValue::get(
      llvm::FixedVectorType::get(callee.getFunctionType()->getReturnType(),
                                 vector->getNumElements()));
  for (unsigned lane = 0; lane < vector->getNumElements(); ++lane) {
    std::vector<llvm::Value*> scalars;
    for (llvm::Value* arg : args) scalars.push_back(builder_.CreateExtractElement(arg, lane));
    result = builder_.CreateInsertElement(result, builder_.CreateCall(callee, scalars), lane);
  }
  return result;
}

}  // namespace aotc::codegen
