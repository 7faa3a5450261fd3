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
  const RowLoops rows(outputShape, intArg(args, 1, op), op);
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  const te::Dtype accumulator = dtype.is_floating_point() ? te::kDouble : dtype;
  te::BufHandle out("aotc_cumsum", outputShape, dtype);
  // The running sums of one row: one per position of the axes after `dim`.
  te::BufHandle running("aotc_cumsum_running", rows.statsShape(), accumulator);
  te::StmtPtr reset = rows.perStat([&](const RowLoops::Indices& at) {
    return te::Store::make(running, at.stat, te::Cast::make(accumulator, te::LongImm::make(0)));
  });
  te::StmtPtr scan = rows.overRow([&](const RowLoops::Indices& at) {
    te::ExprHandle value = x.load(at.element);
    if (x.dtype() != accumulator) value = te::Cast::make(accumulator, value);
    return te::Block::make({
        te::Store::make(running, at.stat, running.load(at.stat) + value),
        te::Store::make(out, at.element, te::Cast::make(dtype, running.load(at.stat))),
    });
  });
  return te::Tensor(out.node(), rows.aroundRows(te::Block::make({reset, scan})));
}

}  // namespace aotc::lower
