// aten::cumsum, which NNC 1.13 does not lower: per row (the elements along `dim`) a running
// sum, in double for float inputs as ATen accumulates, stored at each step. The axes after
// `dim` are the innermost loops, so a cumsum over a non-last dim vectorises across them.
#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/loop_nest.h"

namespace aotc::lower {

// cumsum(self, dim, *, dtype=None)
AOTC_LOWERING(lowerCumsum) {
  const char* op = "aten::cumsum";
  const te::BufHandle x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(outputShape.size());
  int64_t dim = intArg(args, 1, op);
  if (dim < -std::max<int64_t>(rank, 1) || dim >= std::max<int64_t>(rank, 1)) {
    throw std::runtime_error("aten::cumsum: dim " + std::to_string(dim) + " is out of range");
  }
  if (dim < 0) dim += rank;
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  const te::Dtype accumulator = dtype.is_floating_point() ? te::kDouble : dtype;
  const te::Dtype indexType = rank > 0 ? outputShape[0].dtype() : te::kLong;

  std::vector<te::VarHandle> before, after;
  std::vector<te::ExprHandle> beforeSizes, afterSizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == dim) continue;
    te::VarHandle var("i" + std::to_string(d), indexType);
    (d < dim ? before : after).push_back(var);
    (d < dim ? beforeSizes : afterSizes).push_back(outputShape[d]);
  }
  // The running sums of one row: one per position of the axes after `dim`.
  std::vector<te::ExprHandle> statsShape = beforeSizes;
  statsShape.insert(statsShape.end(), afterSizes.begin(), afterSizes.end());
  te::BufHandle out("aotc_cumsum", outputShape, dtype);
  te::BufHandle running("aotc_cumsum_running", statsShape, accumulator);

  auto indices = [&](const std::vector<te::VarHandle>& afterVars, const te::VarHandle* l) {
    std::pair<std::vector<te::ExprHandle>, std::vector<te::ExprHandle>> at;  // element, stat
    at.first.assign(before.begin(), before.end());
    at.second.assign(before.begin(), before.end());
    if (l != nullptr && rank > 0) at.first.push_back(*l);
    for (const auto& var : afterVars) {
      at.first.push_back(var);
      at.second.push_back(var);
    }
    return at;
  };
  std::vector<te::VarHandle> zeroVars;
  for (size_t d = 0; d < afterSizes.size(); ++d) zeroVars.emplace_back("z" + std::to_string(d), indexType);
  auto zeroAt = indices(zeroVars, nullptr);
  te::StmtPtr reset = loopsAround(zeroVars, afterSizes,
                                  te::Store::make(running, zeroAt.second, te::Cast::make(accumulator, te::LongImm::make(0))));

  te::VarHandle l("l", indexType);
  auto stepAt = indices(after, &l);
  te::ExprHandle value = x.load(stepAt.first);
  if (x.dtype() != accumulator) value = te::Cast::make(accumulator, value);
  te::ExprHandle sum = running.load(stepAt.second) + value;
  te::StmtPtr step = te::Block::make({
      te::Store::make(running, stepAt.second, sum),
      te::Store::make(out, stepAt.first, te::Cast::make(dtype, running.load(stepAt.second))),
  });
  te::ExprHandle length = rank > 0 ? outputShape[dim] : te::ExprHandle(te::LongImm::make(1));
  te::StmtPtr scan = te::For::make(l, te::ExprHandle(te::immLike(length, 0)), length,
                                   loopsAround(after, afterSizes, step));
  return te::Tensor(out.node(), loopsAround(before, beforeSizes, te::Block::make({reset, scan})));
}

}  // namespace aotc::lower
