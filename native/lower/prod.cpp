// aten::prod (of every element, or over one dim), which NNC 1.13 does not lower: a reduction
// by multiplication from 1, in the result's dtype (integers and bools give int64 unless a
// dtype is asked for, as in PyTorch; the graph's output type already says which).
#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"
#include "lower/reduced_dims.h"

namespace aotc::lower {

// prod(self, *, dtype=None) or prod.dim_int(self, dim, keepdim=False, *, dtype=None)
AOTC_LOWERING(lowerProd) {
  const char* op = "aten::prod";
  const te::BufHandle x = bufArg(args, 0, op);
  const bool overDim = args.size() == 4;
  const ReducedDims reduction(x, overDim ? std::vector<int64_t>{intArg(args, 1, op)} : std::vector<int64_t>{}, op);
  const bool keepdim = overDim && boolArg(args, 2, false);
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (dtype.scalar_type() == c10::ScalarType::Bool) {
    throw std::runtime_error("aten::prod: a bool result is not supported");
  }
  const te::ExprHandle one = te::Cast::make(dtype, te::ExprHandle(int64_t{1}));
  te::Reducer product(one, [](const te::ExprHandle& a, const te::ExprHandle& b) { return a * b; });
  te::Tensor total = te::Reduce(
      "aotc_prod", reduction.keptSizes(), product,
      [&](const std::vector<te::VarHandle>& v) {
        return loadAs(x, reduction.inputIndex(v), dtype);
      },
      reduction.reducedSizes());
  if (!keepdim) return total;
  te::Tensor out = te::Compute("aotc_prod_kept", outputShape, [&](const std::vector<te::VarHandle>& v) {
    return total.load(reduction.resultIndex(v, true));
  });
  return te::Tensor(out.buf(), te::Block::make({total.stmt(), out.stmt()}));
}

}  // namespace aotc::lower
