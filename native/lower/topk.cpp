// aotc::topk_indices (lower/topk_rewrite.cpp) -> one call of the runtime's aotc_topk_indices
// (runtime/topk.h), writing the int64 indices.
#include "lower/ops.h"
#include "runtime/topk.h"

namespace aotc::lower {

AOTC_LOWERING(lowerTopkIndices) {
  const char* op = "aten::topk";
  const te::BufHandle x = bufArg(args, 0, op);
  const int64_t k = intArg(args, 1, op);
  const int64_t rank = static_cast<int64_t>(x.ndim());
  const int64_t dim = normalizedDim(intArg(args, 2, op), std::max<int64_t>(rank, 1), op);
  const c10::ScalarType type = x.dtype().scalar_type();
  if (type != c10::ScalarType::Float && type != c10::ScalarType::Double &&
      type != c10::ScalarType::Int && type != c10::ScalarType::Long) {
    throw std::runtime_error(std::string("aten::topk: inputs of type ") + c10::toString(type) +
                             " are not supported (float32, float64, int32, int64)");
  }
  const te::ExprHandle length = rank == 0 ? te::ExprHandle(int64_t{1}) : x.dim(dim);
  if (auto size = knownDim(length); size && (k < 0 || k > *size)) {
    throw std::runtime_error("aten::topk: k (" + std::to_string(k) + ") is out of range for a dimension of size " +
                             std::to_string(*size));
  }
  std::vector<te::ExprHandle> extra(runtime::kTopkArgCount);
  extra[runtime::kTopkK] = k;
  extra[runtime::kTopkDim] = dim;
  extra[runtime::kTopkLargest] = static_cast<int64_t>(boolArg(args, 3, true));
  te::BufHandle result("aotc_topk_indices", outputShape, te::kLong);
  return te::Tensor(result.node(),
                    te::ExternalCall::make(result, runtime::kTopkIndicesFunction, {x}, extra));
}

}  // namespace aotc::lower
