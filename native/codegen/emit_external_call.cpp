// KernelEmitter: ExternalCall, a call into a libtorch bridge (nnc_aten_*) with the
// NNCExternalFunction signature of external_functions_registry.h:
//   void f(int64 bufs_num, void** buf_data, int64* buf_ranks, int64* buf_dims,
//          int64* buf_strides, int8* buf_dtypes, int64 args_num, int64* extra_args)
#include "codegen/emitter.h"

namespace aotc::codegen {

namespace {

// Contiguous strides as expressions, for a buffer that carries none.
std::vector<te::ExprPtr> stridesOf(const te::BufPtr& buf) {
  std::vector<te::ExprPtr> strides = buf->strides();
  if (strides.size() == buf->dims().size()) return strides;
  return te::make_contiguous_strides(te::ExprVectorToExprHandleVector(buf->dims()));
}

}  // namespace

void KernelEmitter::visit(te::ExternalCallPtr v) {
  // Buffer 0 is the output, then the inputs.
  std::vector<te::BufPtr> bufs = v->buf_args();
  bufs.insert(bufs.begin(), v->buf());
  size_t dimCount = 0;
  for (const te::BufPtr& buf : bufs) dimCount += buf->dims().size();
  const std::vector<te::ExprPtr> args = v->args();

  llvm::Type* i64 = builder_.getInt64Ty();
  llvm::Type* i8 = builder_.getInt8Ty();
  llvm::Type* ptr = builder_.getPtrTy();
  const std::string& name = v->func_name();
  llvm::AllocaInst* data = entryAlloca(ptr, bufs.size(), name + ".data");
  llvm::AllocaInst* ranks = entryAlloca(i64, bufs.size(), name + ".ranks");
  llvm::AllocaInst* dims = entryAlloca(i64, std::max<size_t>(dimCount, 1), name + ".dims");
  llvm::AllocaInst* strides = entryAlloca(i64, std::max<size_t>(dimCount, 1), name + ".strides");
  llvm::AllocaInst* dtypes = entryAlloca(i8, bufs.size(), name + ".dtypes");
  llvm::AllocaInst* extra = entryAlloca(i64, std::max<size_t>(args.size(), 1), name + ".args");

  auto storeAt = [&](llvm::Type* type, llvm::Value* array, size_t i, llvm::Value* value) {
    builder_.CreateStore(value, builder_.CreateConstInBoundsGEP1_64(type, array, i));
  };
  size_t dimIndex = 0;
  for (size_t b = 0; b < bufs.size(); ++b) {
    const te::BufPtr& buf = bufs[b];
    storeAt(ptr, data, b, bufferPointer(buf));
    storeAt(i64, ranks, b, builder_.getInt64(buf->dims().size()));
    storeAt(i8, dtypes, b,
            builder_.getInt8(static_cast<int8_t>(buf->dtype().scalar_type())));
    const std::vector<te::ExprPtr> bufDims = buf->dims();  // returned by value
    const std::vector<te::ExprPtr> bufStrides = stridesOf(buf);
    for (size_t d = 0; d < bufDims.size(); ++d, ++dimIndex) {
      const te::ExprPtr& dim = bufDims[d];
      storeAt(i64, dims, dimIndex, toInt64(emitExpr(dim), dim->dtype()));
      const te::ExprPtr& stride = bufStrides[d];
      storeAt(i64, strides, dimIndex, toInt64(emitExpr(stride), stride->dtype()));
    }
  }
  // extra_args, as libtorch 1.13 encodes them: integers sign-extended to int64; doubles as
  // their bit pattern (bridges read them back through a double*). Floats are widened to
  // double first, so a bridge reading a double gets the right value.
  for (size_t i = 0; i < args.size(); ++i) {
    const te::ExprPtr& arg = args[i];
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
    storeAt(i64, extra, i, value);
  }

  llvm::FunctionCallee callee = libcall(
      name, builder_.getVoidTy(), {i64, ptr, ptr, ptr, ptr, ptr, i64, ptr});
  builder_.CreateCall(callee, {builder_.getInt64(bufs.size()), data, ranks, dims, strides,
                               dtypes, builder_.getInt64(args.size()), extra});
}

}  // namespace aotc::codegen
