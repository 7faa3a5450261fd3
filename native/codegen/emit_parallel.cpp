// KernelEmitter: parallel loops. A loop marked parallel (compile/parallel_loops.cpp) becomes
//
//   call void @aotc_parallel_for(ptr @<kernel>.chunk, ptr %context, i64 start, i64 stop, i64 grain)
//
// where %context is a stack struct of every value the loop body uses from around it (buffer
// pointers, scalar arguments, symbolic sizes, enclosing loop indices), and
//
//   void @<kernel>.chunk(i64 begin, i64 end, ptr context)
//
// unpacks it and calls an always-inlined function that runs iterations [begin, end) of the body
// as a serial loop (so LLVM vectorises it as before), taking each buffer as its own noalias
// argument where the kernel's own body does.
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <torch/csrc/jit/tensorexpr/ir_visitor.h>

#include "codegen/emitter.h"
#include "codegen/loop_interleave.h"
#include "codegen/loop_cost.h"
#include "runtime/parallel_for.h"

namespace aotc::codegen {
namespace {

// The variables a statement refers to, in the order first met (deterministic, unlike the
// emitter's hash map): expression variables and the base handles of the buffers it reads and
// writes, with their sizes and strides (element addresses are computed from them).
class VariableUses : public te::IRVisitor {
 public:
  std::vector<te::VarPtr> order;

 private:
  void visit(te::VarPtr v) override {
    if (seen_.insert(v).second) order.push_back(v);
  }
  void visit(te::BufPtr v) override {
    v->base_handle()->accept(this);
    for (const te::ExprPtr& dim : v->dims()) dim->accept(this);
    for (const te::ExprPtr& stride : v->strides()) stride->accept(this);
  }
  std::unordered_set<te::VarPtr> seen_;
};


}  // namespace

void KernelEmitter::emitParallelLoop(const te::ForPtr& loop, llvm::Value* start,
                                     llvm::Value* stop) {
  // What the body uses from around it, each distinct LLVM value once.
  VariableUses uses;
  loop->body()->accept(&uses);
  std::vector<llvm::Value*> captured;
  std::unordered_map<llvm::Value*, unsigned> slotOf;
  std::vector<std::pair<te::VarPtr, unsigned>> bindings;
  for (const te::VarPtr& var : uses.order) {
    auto found = vars_.find(var);
    if (found == vars_.end()) continue;  // defined inside the body
    auto [slot, inserted] = slotOf.emplace(found->second, captured.size());
    if (inserted) captured.push_back(found->second);
    bindings.emplace_back(var, slot->second);
  }
  // A pointer is passed noalias when the kernel knows it to be the only way to its memory: a
  // noalias argument of the body function, or a buffer the kernel allocated itself (owned_) or
  // placed on one (a PlacementAllocate alias has its value: the memory planner reuses buffers),
  // bound to one variable of the body only (a buffer and its alias both used share a slot).
  std::unordered_set<llvm::Value*> allocations;
  for (const te::VarPtr& var : owned_) allocations.insert(vars_.at(var));
  std::vector<unsigned> bindingsPerSlot(captured.size(), 0);
  std::vector<bool> unaliased(captured.size(), false);
  for (const auto& [var, slot] : bindings) {
    bindingsPerSlot[slot]++;
    auto* argument = llvm::dyn_cast<llvm::Argument>(captured[slot]);
    if (allocations.count(captured[slot]) != 0 || (argument && argument->hasNoAliasAttr())) {
      unaliased[slot] = true;
    }
  }

  std::vector<llvm::Type*> capturedTypes;
  for (llvm::Value* value : captured) capturedTypes.push_back(value->getType());
  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* ptr = builder_.getPtrTy();
  const std::string base = function_.getName().str();

  // void body(i64 begin, i64 end, captured...): the iterations [begin, end), always inlined.
  std::vector<llvm::Type*> bodyParams{i64, i64};
  bodyParams.insert(bodyParams.end(), capturedTypes.begin(), capturedTypes.end());
  llvm::Function* body = llvm::Function::Create(
      llvm::FunctionType::get(builder_.getVoidTy(), bodyParams, false),
      llvm::GlobalValue::InternalLinkage, base + ".parallel.body", module_);
  const llvm::AttrBuilder functionAttributes(context_, function_.getAttributes().getFnAttrs());
  body->addFnAttrs(functionAttributes);  // target CPU and features, nounwind
  body->addFnAttr(llvm::Attribute::AlwaysInline);
  {
    llvm::IRBuilder<> bodyBuilder(llvm::BasicBlock::Create(context_, "entry", body));
    KernelEmitter bodyEmitter(module_, *body, bodyBuilder);
    for (unsigned slot = 0; slot < captured.size(); ++slot) {
      llvm::Argument* argument = body->getArg(2 + slot);
      argument->setName(captured[slot]->getName());
      if (captured[slot]->getType()->isPointerTy() && bindingsPerSlot[slot] == 1 &&
          unaliased[slot]) {
        argument->addAttr(llvm::Attribute::NoAlias);
      }
    }
    for (const auto& [var, slot] : bindings) bodyEmitter.bind(var, body->getArg(2 + slot));
    llvm::Type* indexType = typeOf(loop->var()->dtype());
    llvm::Value* begin = bodyBuilder.CreateIntCast(body->getArg(0), indexType, true, "begin");
    llvm::Value* end = bodyBuilder.CreateIntCast(body->getArg(1), indexType, true, "end");
    bodyEmitter.emitSerialLoop(loop->var(), begin, end, loop->body(), interleaveCount(loop));
    bodyBuilder.CreateRetVoid();
  }

  // void chunk(i64 begin, i64 end, ptr context): what aotc_parallel_for calls.
  llvm::StructType* contextType = llvm::StructType::get(context_, capturedTypes);
  llvm::Function* chunk = llvm::Function::Create(
      llvm::FunctionType::get(builder_.getVoidTy(), {i64, i64, ptr}, false),
      llvm::GlobalValue::InternalLinkage, base + ".parallel.chunk", module_);
  chunk->addFnAttrs(functionAttributes);
  chunk->removeFnAttr(llvm::Attribute::AlwaysInline);
  {
    llvm::IRBuilder<> chunkBuilder(llvm::BasicBlock::Create(context_, "entry", chunk));
    std::vector<llvm::Value*> arguments{chunk->getArg(0), chunk->getArg(1)};
    for (unsigned slot = 0; slot < captured.size(); ++slot) {
      llvm::Value* field = chunkBuilder.CreateStructGEP(contextType, chunk->getArg(2), slot);
      arguments.push_back(chunkBuilder.CreateLoad(capturedTypes[slot], field));
    }
    chunkBuilder.CreateCall(body, arguments);
    chunkBuilder.CreateRetVoid();
  }

  // Here: fill the context and run the chunks.
  llvm::AllocaInst* contextSlot = entryAlloca(contextType, 1, "parallel.context");
  for (unsigned slot = 0; slot < captured.size(); ++slot) {
    builder_.CreateStore(captured[slot], builder_.CreateStructGEP(contextType, contextSlot, slot));
  }
  const bool isUns = loop->var()->dtype().scalar_type() == c10::ScalarType::Byte;
  llvm::FunctionCallee parallelFor =
      libcall(runtime::kParallelForFunction, builder_.getVoidTy(), {ptr, ptr, i64, i64, i64});
  builder_.CreateCall(parallelFor, {chunk, contextSlot, builder_.CreateIntCast(start, i64, !isUns),
                                    builder_.CreateIntCast(stop, i64, !isUns),
                                    builder_.getInt64(parallelGrain(loop))});
}

}  // namespace aotc::codegen
