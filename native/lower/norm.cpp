// aten::norm over dims (x.norm(p, dim), F.normalize's denominator) and aten::linalg_vector_norm,
// which NNC 1.13 does not lower, as TensorExpr reductions: p = 2 the root of the sum of squares,
// 1 the sum of magnitudes, inf / -inf the largest / smallest magnitude (NaN-propagating), 0 the
// count of nonzeros, any other p the p-th root of the sum of |x|^p.
#include <cmath>
#include <limits>
#include <set>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

te::Tensor vectorNorm(const char* op, const te::BufHandle& x, double p, std::vector<int64_t> dims,
                      bool keepdim, const std::vector<te::ExprHandle>& outputShape,
                      const c10::optional<c10::ScalarType>& outputType) {
  const int64_t rank = static_cast<int64_t>(x.ndim());
  if (dims.empty()) {  // all dims
    for (int64_t d = 0; d < rank; ++d) dims.push_back(d);
  }
  std::set<int64_t> reduced;
  for (int64_t d : dims) {
    if (d < -rank || d >= std::max<int64_t>(rank, 1)) {
      throw std::runtime_error(std::string(op) + ": dim " + std::to_string(d) + " is out of range");
    }
    reduced.insert(d < 0 ? d + rank : d);
  }
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (!dtype.is_floating_point()) throw std::runtime_error(std::string(op) + ": needs a floating-point result");

  std::vector<te::ExprHandle> kept, reducedSizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced.count(d)) {
      reducedSizes.push_back(x.dim(d));
    } else {
      kept.push_back(x.dim(d));
    }
  }
  // v: the kept axes, then the reduced ones, in dim order.
  auto element = [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index(rank);
    size_t nextKept = 0, nextReduced = kept.size();
    for (int64_t d = 0; d < rank; ++d) index[d] = reduced.count(d) ? v[nextReduced++] : v[nextKept++];
    te::ExprHandle value = x.load(index);
    if (x.dtype() != dtype) value = te::Cast::make(dtype, value);
    return te::abs(value);
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
  // The kept dims of the output position (the reduced ones are size 1 when keepdim).
  te::Tensor out = te::Compute("aotc_norm_out", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index;
    for (int64_t d = 0; d < static_cast<int64_t>(v.size()); ++d) {
      if (keepdim && reduced.count(d)) continue;
      index.push_back(v[d]);
    }
    te::ExprHandle t = total.load(index);
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

std::vector<int64_t> dimsArg(const std::vector<te::ArgValue>& args, size_t i) {
  if (i < args.size()) {
    if (auto dims = c10::get_if<te::IntList>(&args[i])) return *dims;
    if (auto dim = c10::get_if<int64_t>(&args[i])) return {*dim};
  }
  return {};  // None or absent: every dim
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
