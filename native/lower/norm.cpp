// aten::norm over dims (x.norm(p, dim), F.normalize's denominator) and aten::linalg_vector_norm,
// which NNC 1.13 does not lower, as TensorExpr reductions: p = 2 the root of the sum of squares,
// 1 the sum of magnitudes, inf / -inf the largest / smallest magnitude (NaN-propagating), 0 the
// count of nonzeros, any other p the p-th root of the sum of |x|^p.
#include <cmath>
#include <limits>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"
#include "lower/reduced_dims.h"

namespace aotc::lower {
namespace {

te::Tensor vectorNorm(const char* op, const te::BufHandle& x, double p, std::vector<int64_t> dims,
                      bool keepdim, const std::vector<te::ExprHandle>& outputShape,
                      const c10::optional<c10::ScalarType>& outputType) {
  const ReducedDims reduction(x, std::move(dims), op);
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (!dtype.is_floating_point()) throw std::runtime_error(std::string(op) + ": needs a floating-point result");
  const std::vector<te::ExprHandle>& kept = reduction.keptSizes();
  const std::vector<te::ExprHandle>& reducedSizes = reduction.reducedSizes();
  auto element = [&](const std::vector<te::VarHandle>& v) {
    return te::abs(loadAs(x, reduction.inputIndex(v), dtype));
  };
  auto constant = [&](double v) { return te::Cast::make(dtype, te::DoubleImm::make(v)); };
  te::Tensor total = [&] {
    if (std::isinf(p)) {
      auto start = constant(p > 0 ? 0.0 : std::numeric_limits<double>::infinity());
      return p > 0 ? te::Reduce("aotc_norm", kept, te::Maximum(start), element, reducedSizes)
                   : te::Reduce("aotc_norm", kept, te::Minimum(start), element, reducedSizes);
    }
    return te::Reduce("aotc_norm_sum", kept, te::Sum(), [&](const std::vector<te::VarHandle>& v) {
      te::ExprHandle a = element(v);
      if (p == 0) return te::CompareSelect::make(a, constant(0.0), constant(1.0), constant(0.0), te::kNE);
      if (p == 1) return a;
      if (p == 2) return a * a;
      return te::pow(a, constant(p));
    }, reducedSizes);
  }();
  te::Tensor out = te::Compute("aotc_norm_out", outputShape, [&](const std::vector<te::VarHandle>& v) {
    te::ExprHandle t = total.load(reduction.resultIndex(v, keepdim));
    if (std::isinf(p) || p == 0 || p == 1) return t;
    if (p == 2) return te::sqrt(t);
    return te::pow(t, constant(1.0 / p));
  });
  return te::Tensor(out.buf(), te::Block::make({total.stmt(), out.stmt()}));
}

double orderArg(const std::vector<te::ArgValue>& args, size_t i) {
  if (i >= args.size()) return 2.0;
  if (auto value = c10::get_if<double>(&args[i])) return *value;
  if (auto value = c10::get_if<int64_t>(&args[i])) return static_cast<double>(*value);
  return 2.0;  // None: the 2-norm
}

}  // namespace

// norm(self, p=2[, dim, keepdim[, dtype]])
AOTC_LOWERING(lowerNorm) {
  return vectorNorm("aten::norm", bufArg(args, 0, "aten::norm"), orderArg(args, 1), dimsArg(args, 2),
                    boolArg(args, 3, false), outputShape, outputType);
}

// linalg_vector_norm(self, ord=2, dim=None, keepdim=False, *, dtype=None)
AOTC_LOWERING(lowerVectorNorm) {
  return vectorNorm("aten::linalg_vector_norm", bufArg(args, 0, "aten::linalg_vector_norm"),
                    orderArg(args, 1), dimsArg(args, 2), boolArg(args, 3, false), outputShape, outputType);
}

}  // namespace aotc::lower
