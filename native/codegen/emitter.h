// The IRVisitor that emits LLVM IR for a TensorExpr statement into one function body.
// Split by concern over emit_*.cpp files: types/values, expressions, statements, intrinsics,
// external calls.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_visitor.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "codegen/workspace_layout.h"

namespace aotc::codegen {

namespace te = torch::jit::tensorexpr;

[[noreturn]] void unsupported(const std::string& what);

// The LLVM type of one element of `type` (Bool is i8 holding 0/1). Throws for Half,
// BFloat16 and quantized types.
llvm::Type* llvmScalarType(llvm::LLVMContext& context, c10::ScalarType type);

class KernelEmitter : public te::IRVisitor {
 public:
  // Emits into `function`, whose entry block must exist; code is appended at `builder`'s
  // insertion point.
  KernelEmitter(llvm::Module& module, llvm::Function& function, llvm::IRBuilder<>& builder);

  // Binds a kernel argument: a buffer's base handle to its data pointer, or a scalar var to
  // its value.
  void bind(const te::VarPtr& var, llvm::Value* value);

  void emit(const te::StmtPtr& stmt);

  // Planned buffers (`layout`) are placed in the workspace `base` points to instead of being
  // malloc'ed. `layout` must outlive the emitter.
  void useWorkspace(llvm::Value* base, const WorkspaceLayout* layout);

  llvm::Type* scalarType(c10::ScalarType type) const {
    return llvmScalarType(context_, type);
  }

  // --- expressions (emit_expr.cpp) ---
  void visit(te::AddPtr v) override;
  void visit(te::SubPtr v) override;
  void visit(te::MulPtr v) override;
  void visit(te::DivPtr v) override;
  void visit(te::ModPtr v) override;
  void visit(te::MaxPtr v) override;
  void visit(te::MinPtr v) override;
  void visit(te::AndPtr v) override;
  void visit(te::OrPtr v) override;
  void visit(te::XorPtr v) override;
  void visit(te::LshiftPtr v) override;
  void visit(te::RshiftPtr v) override;
  void visit(te::CompareSelectPtr v) override;
#define AOTC_IMM_VISIT(Type, Name) void visit(te::Name##ImmPtr v) override;
  AT_FORALL_SCALAR_TYPES_AND3(Bool, Half, BFloat16, AOTC_IMM_VISIT)
#undef AOTC_IMM_VISIT
  void visit(te::CastPtr v) override;
  void visit(te::BitCastPtr v) override;
  void visit(te::VarPtr v) override;
  void visit(te::BufPtr v) override;
  void visit(te::RampPtr v) override;
  void visit(te::BroadcastPtr v) override;
  void visit(te::LoadPtr v) override;
  void visit(te::IfThenElsePtr v) override;
  void visit(te::IntrinsicsPtr v) override;  // emit_intrinsics.cpp

  // --- statements (emit_stmt.cpp) ---
  void visit(te::ForPtr v) override;
  void visit(te::BlockPtr v) override;
  void visit(te::StorePtr v) override;
  void visit(te::LetPtr v) override;
  void visit(te::CondPtr v) override;
  void visit(te::AllocatePtr v) override;
  void visit(te::FreePtr v) override;
  void visit(te::FreeExtPtr v) override;
  void visit(te::PlacementAllocatePtr v) override;
  void visit(te::ExternalCallPtr v) override;  // emit_external_call.cpp

  // --- rejected constructs (emit_stmt.cpp) ---
  void visit(te::TermPtr v) override;
  void visit(te::PolynomialPtr v) override;
  void visit(te::RoundOffPtr v) override;
  void visit(te::MaxTermPtr v) override;
  void visit(te::MinTermPtr v) override;
  void visit(te::ReduceOpPtr v) override;
  void visit(te::AtomicAddPtr v) override;
  void visit(te::SyncThreadsPtr v) override;
  void visit(te::ExternalCallWithAllocPtr v) override;

 private:
  // --- loops (emit_stmt.cpp, emit_parallel.cpp) ---
  // A loop of `var` from `start` to `stop` (values of var's type) running `body` in order;
  // `interleave` > 1 asks LLVM to interleave that many vector iterations
  // (codegen/loop_interleave.h).
  void emitSerialLoop(const te::VarPtr& var, llvm::Value* start, llvm::Value* stop,
                      const te::StmtPtr& body, int interleave);
  // A loop marked parallel: its body is outlined into a chunk function (running any range of
  // its iterations, in order) that the runtime's aotc_parallel_for runs on the intra-op threads.
  void emitParallelLoop(const te::ForPtr& loop, llvm::Value* start, llvm::Value* stop);

  // --- types and values (emit_values.cpp) ---
  llvm::Type* typeOf(const te::Dtype& dtype) const;
  llvm::Value* emitExpr(const te::ExprPtr& expr);
  // Converts an integer value (scalar or vector) of `dtype` to i64 (vector of i64).
  llvm::Value* toInt64(llvm::Value* value, const te::Dtype& dtype);
  // value != 0, as i1 (or vector of i1).
  llvm::Value* toCondition(llvm::Value* value, const te::Dtype& dtype);
  // Widens an i1 (vector) to `dtype` (0/1).
  llvm::Value* fromCondition(llvm::Value* condition, const te::Dtype& dtype);
  llvm::Value* castValue(llvm::Value* value, const te::Dtype& from, const te::Dtype& to);
  llvm::Value* bufferPointer(const te::BufPtr& buf);
  // Element pointer(s) of buf at the indices (flattened, or flattened here with the buffer's
  // strides). For lanes > 1: a unit-stride ramp index gives the first element's pointer and
  // sets `contiguous`; any other vector index gives a vector of pointers (gather/scatter).
  llvm::Value* elementAddress(const te::BufPtr& buf, const std::vector<te::ExprPtr>& indices,
                              int lanes, bool& contiguous);
  llvm::Value* bufferByteSize(const te::BufPtr& buf);
  llvm::AllocaInst* entryAlloca(llvm::Type* type, uint64_t count, const std::string& name);
  // An array argument of an external call holding `values` (emit_external_call.cpp).
  llvm::Value* argumentArray(llvm::Type* type, const std::vector<llvm::Value*>& values,
                             const std::string& name);
  // Declares (once) an external C function. `pure`: a math function whose only side effect
  // is errno, which kernels never read, so it may be hoisted and vectorised.
  llvm::FunctionCallee libcall(const std::string& name, llvm::Type* ret,
                               llvm::ArrayRef<llvm::Type*> params, bool pure = false);
  // Calls a scalar function lane by lane when `args` are vectors.
  llvm::Value* callPerLane(llvm::FunctionCallee callee, llvm::ArrayRef<llvm::Value*> args);

  // --- expression helpers (emit_expr.cpp) ---
  enum class BinOp { Add, Sub, Mul, Div, Mod, And, Or, Xor, Shl, Shr };
  llvm::Value* checkedIntegerDivision(bool remainder, bool isUnsigned, llvm::Value* l,
                                     llvm::Value* r);
  llvm::Value* binary(BinOp op, const te::ExprPtr& lhs, const te::ExprPtr& rhs,
                      const te::Dtype& dtype);
  llvm::Value* minMax(bool isMax, const te::ExprPtr& lhs, const te::ExprPtr& rhs);
  llvm::Value* compare(te::CompareSelectOperation op, llvm::Value* lhs, llvm::Value* rhs,
                       const te::Dtype& dtype);
  llvm::Value* intrinsic(te::IntrinsicsOp op, llvm::ArrayRef<llvm::Value*> args,
                         const te::Dtype& dtype);
  // --- statement helpers (emit_stmt.cpp) ---
  llvm::Value* reductionUpdate(const te::StorePtr& store);
  // The buffer's offset in the workspace when it is planned there, else null.
  const int64_t* workspaceOffset(const te::VarPtr& handle) const;

  llvm::Module& module_;
  llvm::Function& function_;
  llvm::IRBuilder<>& builder_;
  llvm::LLVMContext& context_;
  llvm::Value* value_ = nullptr;
  // Vars (loop vars, lets, scalar args) and buffer base handles to their LLVM values.
  std::unordered_map<te::VarPtr, llvm::Value*> vars_;
  // Base handles of buffers this kernel allocated (malloc'ed, or placed in the workspace) and
  // must free or release, vs. aliases/arguments: each is a distinct allocation.
  std::unordered_set<te::VarPtr> owned_;
  llvm::Value* workspace_ = nullptr;
  const WorkspaceLayout* workspaceLayout_ = nullptr;
};

}  // namespace aotc::codegen
