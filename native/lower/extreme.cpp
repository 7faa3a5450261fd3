// aotc::extreme_values and aotc::extreme_index (lower/extreme_rewrite.cpp) as reductions over
// one dim: the max (min) from -inf (+inf; an integer type's limits), NaN-propagating as
// torch.amax; the index, as a second reduction, is the first position holding that value, or
// holding a NaN when the extreme is NaN (torch.argmax's answer). And aten::amax / aten::amin
// over several dims (or all), which the rewrite leaves: the same reduction over those dims.
#include <limits>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"
#include "lower/reduced_dims.h"

namespace aotc::lower {
namespace {

struct ExtremeArgs {
  te::BufHandle x;
  int64_t dim;
  bool keepdim;
  bool maximum;
};

ExtremeArgs extremeArgs(const std::vector<te::ArgValue>& args, const char* op) {
  ExtremeArgs parsed{bufArg(args, 0, op), intArg(args, 1, op), boolArg(args, 2, false),
                     boolArg(args, 3, true)};
  const int64_t rank = static_cast<int64_t>(parsed.x.ndim());
  if (parsed.dim < -rank || parsed.dim >= std::max<int64_t>(rank, 1)) {
    throw std::runtime_error(std::string(op) + ": dim " + std::to_string(parsed.dim) +
                             " is out of range for a tensor of rank " + std::to_string(rank));
  }
  if (parsed.dim < 0) parsed.dim += rank;
  return parsed;
}

// The input index of an output position `v` (the output's axes, then the reduction axis `r`).
std::vector<te::ExprHandle> inputIndex(const ExtremeArgs& a, const std::vector<te::VarHandle>& v,
                                       const te::ExprHandle& r) {
  std::vector<te::ExprHandle> index;
  const size_t rank = a.x.ndim();
  size_t next = 0;
  for (size_t d = 0; d < rank; ++d) {
    if (static_cast<int64_t>(d) == a.dim) {
      index.push_back(r);
      if (a.keepdim) ++next;  // the kept size-1 axis
    } else {
      index.push_back(v[next++]);
    }
  }
  return index;
}

// The stats tensor's index of an output position (the output's axes without the kept axis).
std::vector<te::ExprHandle> statIndex(const ExtremeArgs& a, const std::vector<te::VarHandle>& v) {
  std::vector<te::ExprHandle> index;
  for (size_t d = 0; d < v.size(); ++d) {
    if (a.keepdim && static_cast<int64_t>(d) == a.dim) continue;
    index.push_back(v[d]);
  }
  return index;
}

te::ExprHandle extremeStart(te::Dtype dtype, bool maximum) {
  if (dtype.is_floating_point()) {
    const double inf = std::numeric_limits<double>::infinity();
    return te::Cast::make(dtype, te::ExprHandle(maximum ? -inf : inf));
  }
  // An integer type's limits (NNC's minimumVal / maximumVal: numeric_limits' min and max).
  return maximum ? te::minimumVal(dtype.scalar_type()) : te::maximumVal(dtype.scalar_type());
}

// The extreme over `dim`, shaped as the output without the kept axis (the dims but `dim`).
te::Tensor extremeOf(const ExtremeArgs& a, const std::string& name) {
  std::vector<te::ExprHandle> dims;
  for (size_t d = 0; d < a.x.ndim(); ++d) {
    if (static_cast<int64_t>(d) != a.dim) dims.push_back(a.x.dim(d));
  }
  const te::Dtype dtype = a.x.dtype();
  te::ExprHandle start = extremeStart(dtype, a.maximum);
  ExtremeArgs flat = a;
  flat.keepdim = false;
  auto body = [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::VarHandle> outer(v.begin(), v.end() - 1);
    return a.x.load(inputIndex(flat, outer, v.back()));
  };
  te::ExprHandle length = a.x.ndim() > 0 ? a.x.dim(a.dim) : te::ExprHandle(te::LongImm::make(1));
  if (a.maximum) return te::Reduce(name, dims, te::Maximum(start), body, {length});
  return te::Reduce(name, dims, te::Minimum(start), body, {length});
}

// amax / amin(self, dim=[], keepdim=False)
te::Tensor extremeOverDims(const std::vector<te::ArgValue>& args,
                           const std::vector<te::ExprHandle>& outputShape, bool maximum) {
  const char* op = maximum ? "aten::amax" : "aten::amin";
  const te::BufHandle x = bufArg(args, 0, op);
  const ReducedDims reduction(x, dimsArg(args, 1), op);
  const bool keepdim = boolArg(args, 2, false);
  for (const te::ExprHandle& size : reduction.reducedSizes()) {
    // PyTorch's error: there is no extreme of nothing.
    if (knownDim(size) == int64_t{0}) {
      throw std::runtime_error(std::string(op) + ": a reduced dimension has size 0");
    }
  }
  const te::ExprHandle start = extremeStart(x.dtype(), maximum);
  auto body = [&](const std::vector<te::VarHandle>& v) { return x.load(reduction.inputIndex(v)); };
  te::Tensor extreme =
      maximum ? te::Reduce("aotc_amax", reduction.keptSizes(), te::Maximum(start), body, reduction.reducedSizes())
              : te::Reduce("aotc_amin", reduction.keptSizes(), te::Minimum(start), body, reduction.reducedSizes());
  if (!keepdim) return extreme;
  te::Tensor out = te::Compute("aotc_extreme_kept", outputShape, [&](const std::vector<te::VarHandle>& v) {
    return extreme.load(reduction.resultIndex(v, true));
  });
  return te::Tensor(out.buf(), te::Block::make({extreme.stmt(), out.stmt()}));
}

}  // namespace

AOTC_LOWERING(lowerAmax) { return extremeOverDims(args, outputShape, true); }
AOTC_LOWERING(lowerAmin) { return extremeOverDims(args, outputShape, false); }

AOTC_LOWERING(lowerExtremeValues) {
  const ExtremeArgs a = extremeArgs(args, "aotc::extreme_values");
  te::Tensor extreme = extremeOf(a, "aotc_extreme");
  if (!a.keepdim) return extreme;
  // The kept size-1 axis: read the reduction through it.
  te::Tensor out = te::Compute("aotc_extreme_kept", outputShape, [&](const std::vector<te::VarHandle>& v) {
    return extreme.load(statIndex(a, v));
  });
  return te::Tensor(out.buf(), te::Block::make({extreme.stmt(), out.stmt()}));
}

AOTC_LOWERING(lowerExtremeIndex) {
  const ExtremeArgs a = extremeArgs(args, "aotc::extreme_index");
  te::Tensor extreme = extremeOf(a, "aotc_extreme_of_index");
  te::ExprHandle length = a.x.ndim() > 0 ? a.x.dim(a.dim) : te::ExprHandle(te::LongImm::make(1));
  const bool isFloat = a.x.dtype().is_floating_point();
  // min over r of (x[r] is the extreme ? r : length): the first such r.
  te::Tensor index = te::Reduce(
      "aotc_extreme_index", outputShape, te::Minimum(te::ExprHandle(te::LongImm::make(std::numeric_limits<int64_t>::max()))),
      [&](const std::vector<te::VarHandle>& v) {
        std::vector<te::VarHandle> out(v.begin(), v.end() - 1);
        const te::VarHandle& r = v.back();
        te::ExprHandle value = a.x.load(inputIndex(a, out, r));
        te::ExprHandle m = extreme.load(statIndex(a, out));
        te::ExprHandle one = te::IntImm::make(1), zero = te::IntImm::make(0);
        te::ExprHandle hit = te::CompareSelect::make(value, m, one, zero, te::kEQ);
        if (isFloat) {
          // A NaN extreme: the first NaN (NaN != NaN).
          te::ExprHandle bothNan = te::And::make(te::CompareSelect::make(m, m, one, zero, te::kNE),
                                                 te::CompareSelect::make(value, value, one, zero, te::kNE));
          hit = te::Or::make(hit, bothNan);
        }
        te::ExprHandle position = te::Cast::make(te::kLong, r);
        return te::CompareSelect::make(hit, zero, position, te::Cast::make(te::kLong, length), te::kNE);
      },
      {length});
  return te::Tensor(index.buf(), te::Block::make({extreme.stmt(), index.stmt()}));
}

}  // namespace aotc::lower
