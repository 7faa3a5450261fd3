// KernelEmitter: ExternalCall, a call into a libtorch bridge (nnc_aten_*) with the
// NNCExternalFunction signature of external_functions_registry.h:
//   void f(int64 bufs_num, void** buf_data, int64* buf_ranks, int64* buf_dims,
//          int64* buf_strides, int8* buf_dtypes, int64 args_num, int64* extra_args)
#include "codegen/emitter.h"

#include <algorithm>
#include <vector>

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>

namespace aotc::codegen {

namespace {

// Contiguous strides as expressions, for a buffer that carries none.
std::vector<te::ExprPtr> stridesOf(const te::BufPtr& buf) {
  std::vector<te::ExprPtr> strides = buf->strides();
  if (strides.size() == buf->dims().size()) return strides;
  return te::make_contiguous_strides(te::ExprVectorToExprHandleVector(buf->dims()));
}

}  // namespace

llvm::Value* KernelEmitter::argumentArray(llvm::Type* type,
                                          const std::vector<llvm::Value*>& values,
                                          const std::string& name) {
  // Bridges only read these arrays. Known values (every one, with static shapes) become a
  // private constant: no stores on each run, and a short straight-line block for LLVM's
  // passes (the SLP vectorizer's scheduling grows with the square of a block's stores).
  std::vector<llvm::Constant*> constants;
  for (llvm::Value* value : values) {
    auto* constant = llvm::dyn_cast<llvm::Constant>(value);
    if (!constant) break;
    constants.push_back(constant);
  }
  if (!values.empty() && constants.size() == values.size()) {
    auto* arrayType = llvm::ArrayType::get(type, values.size());
    auto* global = llvm::cast<llvm::GlobalVariable>(module_.getOrInsertGlobal(
        name + ".const" + std::to_string(module_.global_size()), arrayType));
    global->setInitializer(llvm::ConstantArray::get(arrayType, constants));
    global->setConstant(true);
    global->setLinkage(llvm::GlobalValue::PrivateLinkage);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }
  llvm::AllocaInst* array = entryAlloca(type, std::max<size_t>(values.size(), 1), name);
  for (size_t i = 0; i < values.size(); ++i) {
    builder_.CreateStore(values[i], builder_.CreateConstInBoundsGEP1_64(type, array, i));
  }
  return array;
}

void KernelEmitter::visit(te::ExternalCallPtr v) {
  // Buffer 0 is the output, then the inputs.
  std::vector<te::BufPtr> bufs = v->buf_args();
  bufs.insert(bufs.begin(), v->buf());

  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* i8 = builder_.getInt8Ty();
  llvm::Type* ptr = builder_.getPtrTy();
  const std::string& name = v->func_name();

  std::vector<llvm::Value*> data, ranks, dims, strides, dtypes, extra;
  for (const te::BufPtr& buf : bufs) {
    data.push_back(bufferPointer(buf));
    ranks.push_back(builder_.getInt64(buf->dims().size()));
    dtypes.push_back(builder_.getInt8(static_cast<int8_t>(buf->dtype().scalar_type())));
    const std::vector<te::ExprPtr> bufDims = buf->dims();  // returned by value
    const std::vector<te::ExprPtr> bufStrides = stridesOf(buf);
    for (size_t d = 0; d < bufDims.size(); ++d) {
      dims.push_back(toInt64(emitExpr(bufDims[d]), bufDims[d]->dtype()));
      strides.push_back(toInt64(emitExpr(bufStrides[d]), bufStrides[d]->dtype()));
    }
  }
  // extra_args, as libtorch 1.13 encodes them: integers sign-extended to int64; doubles as
  // their bit pattern (bridges read them back through a double*). Floats are widened to
  // double first, so a bridge reading a double gets the right value.
  for (const te::ExprPtr& arg : v->args()) {
    const te::Dtype dtype = arg->dtype();
    if (dtype.lanes() != 1) unsupported("vector argument to external call " + name);
    llvm::Value* value = emitExpr(arg);
    if (dtype.is_floating_point()) {
      if (dtype.scalar_type() != c10::ScalarType::Double) {
        value = builder_.CreateFPExt(value, builder_.getDoubleTy());
      }
      value = builder_.CreateBitCast(value, i64);
    } else if (dtype.is_integral()) {
      value = toInt64(value, dtype);
    } else {
      unsupported(std::string("external call argument of dtype ") +
                  c10::toString(dtype.scalar_type()));
    }
    extra.push_back(value);
  }

  llvm::FunctionCallee callee = libcall(
      name, builder_.getVoidTy(), {i64, ptr, ptr, ptr, ptr, ptr, i64, ptr});
  builder_.CreateCall(callee, {builder_.getInt64(bufs.size()),
                               argumentArray(ptr, data, name + ".data"),
                               argumentArray(i64, ranks, name + ".ranks"),
                               argumentArray(i64, dims, name + ".dims"),
                               argumentArray(i64, strides, name + ".strides"),
                               argumentArray(i8, dtypes, name + ".dtypes"),
                               builder_.getInt64(extra.size()),
                               argumentArray(i64, extra, name + ".args")});
}

}  // namespace aotc::codegen
