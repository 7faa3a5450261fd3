// KernelEmitter: statements (loops, blocks, conditionals, stores, buffers) and the constructs
// this code generator rejects.
#include <stdexcept>
#include <string>

#include <llvm/IR/Intrinsics.h>
#include <torch/csrc/jit/tensorexpr/ir_printer.h>

#include "codegen/emitter.h"
#include "codegen/loop_interleave.h"
#include "runtime/workspace_calls.h"

namespace aotc::codegen {

void KernelEmitter::visit(te::BlockPtr v) {
  for (const te::StmtPtr& stmt : *v) stmt->accept(this);
}

void KernelEmitter::visit(te::ForPtr v) {
  const te::LoopOptions& options = v->loop_options();
  if (options.is_gpu_block_index() || options.is_gpu_thread_index()) {
    unsupported("GPU loop axis (For over " + v->var()->name_hint() + ")");
  }
  const te::Dtype dtype = v->var()->dtype();
  if (!dtype.is_integral() || dtype.lanes() != 1) unsupported("non-integer loop variable");
  llvm::Value* start = castValue(emitExpr(v->start()), v->start()->dtype(), dtype);
  llvm::Value* stop = castValue(emitExpr(v->stop()), v->stop()->dtype(), dtype);
  if (options.is_parallel()) {
    emitParallelLoop(v, start, stop);  // emit_parallel.cpp
  } else {
    emitSerialLoop(v->var(), start, stop, v->body(), interleaveCount(v));
  }
}

void KernelEmitter::emitSerialLoop(const te::VarPtr& var, llvm::Value* start, llvm::Value* stop,
                                   const te::StmtPtr& body, int interleave) {
  const bool isUns = var->dtype().scalar_type() == c10::ScalarType::Byte;
  llvm::BasicBlock* preheader = builder_.GetInsertBlock();
  auto* header = llvm::BasicBlock::Create(context_, "for.cond", &function_);
  auto* bodyBlock = llvm::BasicBlock::Create(context_, "for.body", &function_);
  auto* exit = llvm::BasicBlock::Create(context_, "for.end", &function_);
  builder_.CreateBr(header);

  builder_.SetInsertPoint(header);
  llvm::PHINode* index = builder_.CreatePHI(typeOf(var->dtype()), 2, var->name_hint());
  index->addIncoming(start, preheader);
  llvm::Value* more = isUns ? builder_.CreateICmpULT(index, stop)
                            : builder_.CreateICmpSLT(index, stop);
  builder_.CreateCondBr(more, bodyBlock, exit);

  builder_.SetInsertPoint(bodyBlock);
  auto previous = vars_.find(var);
  llvm::Value* shadowed = previous == vars_.end() ? nullptr : previous->second;
  vars_[var] = index;
  emit(body);
  // index < stop, so index + 1 cannot wrap.
  llvm::Value* next = builder_.CreateAdd(index, llvm::ConstantInt::get(index->getType(), 1),
                                         "", /*HasNUW=*/isUns, /*HasNSW=*/!isUns);
  index->addIncoming(next, builder_.GetInsertBlock());
  llvm::BranchInst* latch = builder_.CreateBr(header);
  if (interleave > 1) {
    // Loop metadata is self-referential: operand 0 is the node itself.
    llvm::Metadata* hint[] = {llvm::MDString::get(context_, "llvm.loop.interleave.count"),
                              llvm::ConstantAsMetadata::get(builder_.getInt32(interleave))};
    llvm::Metadata* operands[] = {nullptr, llvm::MDNode::get(context_, hint)};
    llvm::MDNode* loopId = llvm::MDNode::getDistinct(context_, operands);
    loopId->replaceOperandWith(0, loopId);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loopId);
  }

  builder_.SetInsertPoint(exit);
  if (shadowed != nullptr) {
    vars_[var] = shadowed;
  } else {
    vars_.erase(var);
  }
}

namespace {

bool sameExpr(const te::ExprPtr& a, const te::ExprPtr& b) {
  return a == b || std::to_string(a) == std::to_string(b);
}

// Whether `operand` reads the element `store` writes: buf[i] = buf[i] op x.
bool readsStoredElement(const te::StorePtr& store, const te::ExprPtr& operand) {
  auto load = te::to<te::Load>(operand);
  if (!load || load->buf() != store->buf() || load->indices().size() != store->indices().size()) {
    return false;
  }
  for (size_t d = 0; d < load->indices().size(); ++d) {
    if (!sameExpr(load->indices()[d], store->indices()[d])) return false;
  }
  return true;
}

}  // namespace

// A floating-point reduction's update, buf[i] = buf[i] + x (or * x, max / min): its add or
// multiply is marked reassociable and max / min become llvm.maximum / llvm.minimum (NaN-propagating, as torch's),
// so that LLVM may vectorise the loop with partial results, as ATen's own reductions do (in
// strict order it cannot: softmax's and layer_norm's row sums stayed scalar, with scalar exp).
// nullptr when the store is not such an update.
llvm::Value* KernelEmitter::reductionUpdate(const te::StorePtr& store) {
  const te::ExprPtr value = store->value();
  if (!value->dtype().is_floating_point()) return nullptr;
  te::ExprPtr lhs, rhs;
  llvm::Intrinsic::ID minMax = llvm::Intrinsic::not_intrinsic;
  bool product = false;
  if (auto add = te::to<te::Add>(value)) {
    lhs = add->lhs(), rhs = add->rhs();
  } else if (auto mul = te::to<te::Mul>(value)) {
    lhs = mul->lhs(), rhs = mul->rhs(), product = true;
  } else if (auto max = te::to<te::Max>(value)) {
    lhs = max->lhs(), rhs = max->rhs(), minMax = llvm::Intrinsic::maximum;
  } else if (auto min = te::to<te::Min>(value)) {
    lhs = min->lhs(), rhs = min->rhs(), minMax = llvm::Intrinsic::minimum;
  } else {
    return nullptr;
  }
  if (lhs->dtype() != value->dtype() || rhs->dtype() != value->dtype()) return nullptr;
  if (!readsStoredElement(store, lhs) && !readsStoredElement(store, rhs)) return nullptr;
  llvm::Value* l = emitExpr(lhs);
  llvm::Value* r = emitExpr(rhs);
  if (minMax != llvm::Intrinsic::not_intrinsic) return builder_.CreateBinaryIntrinsic(minMax, l, r);
  llvm::Value* update = product ? builder_.CreateFMul(l, r) : builder_.CreateFAdd(l, r);
  if (auto* instruction = llvm::dyn_cast<llvm::Instruction>(update)) {
    instruction->setHasAllowReassoc(true);
  }
  return update;
}

void KernelEmitter::visit(te::StorePtr v) {
  const te::BufPtr buf = v->buf();
  const te::Dtype valueType = v->value()->dtype();
  if (valueType.scalar_type() != buf->dtype().scalar_type()) {
    unsupported("Store whose value dtype differs from its buffer's");
  }
  llvm::Value* value = reductionUpdate(v);
  if (!value) value = emitExpr(v->value());
  const int lanes = valueType.lanes();
  bool contiguous = false;
  llvm::Value* address = elementAddress(buf, v->indices(), lanes, contiguous);
  const llvm::Align align(buf->dtype().byte_size());
  if (lanes == 1 || contiguous) {
    builder_.CreateAlignedStore(value, address, align);
  } else {
    builder_.CreateMaskedScatter(value, address, align);
  }
}

void KernelEmitter::visit(te::LetPtr v) {
  llvm::Value* value = emitExpr(v->value());
  if (v->value()->dtype() != v->var()->dtype()) {
    value = castValue(value, v->value()->dtype(), v->var()->dtype());
  }
  vars_[v->var()] = value;
}

void KernelEmitter::visit(te::CondPtr v) {
  if (v->condition()->dtype().lanes() != 1) unsupported("vector Cond condition");
  llvm::Value* condition =
      toCondition(emitExpr(v->condition()), v->condition()->dtype());
  auto* thenBlock = llvm::BasicBlock::Create(context_, "if.then", &function_);
  auto* endBlock = llvm::BasicBlock::Create(context_, "if.end", &function_);
  llvm::BasicBlock* elseBlock = endBlock;
  if (v->false_stmt()) elseBlock = llvm::BasicBlock::Create(context_, "if.else", &function_);
  builder_.CreateCondBr(condition, thenBlock, elseBlock);

  builder_.SetInsertPoint(thenBlock);
  emit(v->true_stmt());
  builder_.CreateBr(endBlock);
  if (v->false_stmt()) {
    builder_.SetInsertPoint(elseBlock);
    emit(v->false_stmt());
    builder_.CreateBr(endBlock);
  }
  builder_.SetInsertPoint(endBlock);
}

void KernelEmitter::useWorkspace(llvm::Value* base, const WorkspaceLayout* layout) {
  workspace_ = base;
  workspaceLayout_ = layout;
}

const int64_t* KernelEmitter::workspaceOffset(const te::VarPtr& handle) const {
  if (!workspaceLayout_) return nullptr;
  auto found = workspaceLayout_->offsets.find(handle);
  return found == workspaceLayout_->offsets.end() ? nullptr : &found->second;
}

void KernelEmitter::visit(te::AllocatePtr v) {
  const te::BufPtr buf = v->buf();
  const te::VarPtr handle = buf->base_handle();
  if (owned_.count(handle) != 0) {
    throw std::runtime_error("aot codegen: buffer '" + buf->name_hint() +
                             "' allocated twice");
  }
  (void)scalarType(buf->dtype().scalar_type());  // rejects unsupported dtypes early
  llvm::Type* ptr = builder_.getPtrTy();
  llvm::Type* i64 = builder_.getInt64Ty();
  if (const int64_t* offset = workspaceOffset(handle)) {
    // A malloc-like call (runtime/workspace_calls.h): noalias, aligned, as large as the buffer.
    llvm::FunctionCallee place = libcall(runtime::kWorkspaceBufferFunction, ptr, {ptr, i64});
    if (auto* fn = llvm::dyn_cast<llvm::Function>(place.getCallee())) {
      fn->addRetAttr(llvm::Attribute::NoAlias);
      fn->addFnAttr(llvm::Attribute::NoUnwind);
    }
    llvm::CallInst* call =
        builder_.CreateCall(place, {workspace_, builder_.getInt64(*offset)},
                            buf->name_hint());
    call->addRetAttr(llvm::Attribute::getWithAlignment(
        context_, llvm::Align(runtime::kWorkspaceAlignment)));
    if (auto* size = llvm::dyn_cast<llvm::ConstantInt>(bufferByteSize(buf))) {
      call->addRetAttr(llvm::Attribute::getWithDereferenceableBytes(context_, size->getZExtValue()));
    }
    vars_[handle] = call;
  } else {
    llvm::FunctionCallee malloc = libcall("malloc", ptr, {i64});
    vars_[handle] = builder_.CreateCall(malloc, {bufferByteSize(buf)}, buf->name_hint());
  }
  owned_.insert(handle);
}

void KernelEmitter::visit(te::FreePtr v) {
  const te::VarPtr handle = v->buffer_var();
  if (vars_.count(handle) == 0) {
    throw std::runtime_error("aot codegen: Free of unknown buffer '" + handle->name_hint() + "'");
  }
  // A buffer that aliases another (PlacementAllocate) owns no memory of its own.
  if (owned_.erase(handle) != 0) {
    const bool planned = workspaceOffset(handle) != nullptr;
    llvm::FunctionCallee release =
        libcall(planned ? runtime::kWorkspaceReleaseFunction : "free", builder_.getVoidTy(),
                {builder_.getPtrTy()});
    builder_.CreateCall(release, {vars_.at(handle)});
  }
  vars_.erase(handle);
}

void KernelEmitter::visit(te::FreeExtPtr v) {
  llvm::FunctionCallee free = libcall("free", builder_.getVoidTy(), {builder_.getPtrTy()});
  for (const te::BufPtr& buf : v->bufs()) {
    const te::VarPtr handle = buf->base_handle();
    if (owned_.erase(handle) == 0) {
      unsupported("FreeExt of buffer '" + buf->name_hint() + "' not allocated by the kernel");
    }
    builder_.CreateCall(free, {vars_.at(handle)});
    vars_.erase(handle);
  }
}

void KernelEmitter::visit(te::PlacementAllocatePtr v) {
  vars_[v->buf()->base_handle()] = bufferPointer(v->buf_to_reuse());
}

void KernelEmitter::visit(te::TermPtr) { unsupported("Term (simplifier-internal node)"); }
void KernelEmitter::visit(te::PolynomialPtr) { unsupported("Polynomial (simplifier-internal node)"); }
void KernelEmitter::visit(te::RoundOffPtr) { unsupported("RoundOff (simplifier-internal node)"); }
void KernelEmitter::visit(te::MaxTermPtr) { unsupported("MaxTerm (simplifier-internal node)"); }
void KernelEmitter::visit(te::MinTermPtr) { unsupported("MinTerm (simplifier-internal node)"); }
void KernelEmitter::visit(te::ReduceOpPtr) { unsupported("ReduceOp (reductions must be expanded)"); }
void KernelEmitter::visit(te::AtomicAddPtr) { unsupported("AtomicAdd"); }
void KernelEmitter::visit(te::SyncThreadsPtr) { unsupported("SyncThreads"); }
void KernelEmitter::visit(te::ExternalCallWithAllocPtr) { unsupported("ExternalCallWithAlloc"); }

}  // namespace aotc::codegen
