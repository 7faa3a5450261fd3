// aten::softmax and aten::log_softmax as one loop nest per row (the elements along `dim`):
// the row's max, then exp(x - max) stored and summed, then scaled by 1 / sum (softmax), or
// x - (max + log(sum)) (log_softmax). All passes of a row run back to back, on data still in
// L1, and exp is evaluated once per element.
//
// NNC's own lowering is replaced for two reasons. Its max starts from the smallest positive
// float instead of -inf, so a row whose values are all below about -88 (exp underflows to 0)
// came out as NaN, and rows below zero lost precision. And it makes three sweeps over the
// whole tensor, inlining exp into two of them.
#include <limits>

#include "lower/loop_nest.h"

namespace aotc::lower {
namespace {

te::Tensor lowerSoftmaxOf(const std::vector<te::ArgValue>& args,
                          const std::vector<te::ExprHandle>& outputShape,
                          const c10::optional<c10::ScalarType>& outputType, bool log) {
  const char* op = log ? "aten::log_softmax" : "aten::softmax";
  te::BufHandle x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(outputShape.size());
  // The dtype argument (args[2]) is what outputType carries.
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  if (!dtype.is_floating_point()) {
    throw std::runtime_error(std::string(op) + ": needs a floating-point result type");
  }

  const RowLoops rows(outputShape, rank == 0 ? 0 : intArg(args, 1, op), op);
  using Indices = RowLoops::Indices;
  te::BufHandle out(log ? "aotc_log_softmax" : "aotc_softmax", outputShape, dtype);
  te::BufHandle rowMax(log ? "aotc_log_softmax_max" : "aotc_softmax_max", rows.statsShape(), dtype);
  te::BufHandle rowSum(log ? "aotc_log_softmax_sum" : "aotc_softmax_sum", rows.statsShape(), dtype);
  auto constant = [&](double v) { return te::Cast::make(dtype, te::ExprHandle(v)); };
  auto valueAt = [&](const Indices& at) {
    return loadAs(x, at.element, dtype);
  };

  std::vector<te::StmtPtr> row;
  // NaN-propagating max, from -inf: a NaN in the row makes the row NaN, as in ATen.
  row.push_back(rows.perStat([&](const Indices& at) {
    return te::Store::make(rowMax, at.stat, constant(-std::numeric_limits<double>::infinity()));
  }));
  row.push_back(rows.overRow([&](const Indices& at) {
    return te::Store::make(rowMax, at.stat, te::Max::make(rowMax.load(at.stat), valueAt(at), true));
  }));
  row.push_back(rows.perStat([&](const Indices& at) {
    return te::Store::make(rowSum, at.stat, constant(0.0));
  }));
  if (log) {
    row.push_back(rows.overRow([&](const Indices& at) {
      te::ExprHandle e = te::exp(valueAt(at) - rowMax.load(at.stat));
      return te::Store::make(rowSum, at.stat, rowSum.load(at.stat) + e);
    }));
    // The row's log-sum-exp, kept where the sum was.
    row.push_back(rows.perStat([&](const Indices& at) {
      return te::Store::make(rowSum, at.stat, rowMax.load(at.stat) + te::log(rowSum.load(at.stat)));
    }));
    row.push_back(rows.overRow([&](const Indices& at) {
      return te::Store::make(out, at.element, valueAt(at) - rowSum.load(at.stat));
    }));
  } else {
    row.push_back(rows.overRow([&](const Indices& at) {
      return te::Block::make({
          te::Store::make(out, at.element, te::exp(valueAt(at) - rowMax.load(at.stat))),
          te::Store::make(rowSum, at.stat, rowSum.load(at.stat) + out.load(at.element)),
      });
    }));
    // One division per row, then a multiplication per element.
    row.push_back(rows.perStat([&](const Indices& at) {
      return te::Store::make(rowSum, at.stat, constant(1.0) / rowSum.load(at.stat));
    }));
    row.push_back(rows.overRow([&](const Indices& at) {
      return te::Store::make(out, at.element, out.load(at.element) * rowSum.load(at.stat));
    }));
  }
  return te::Tensor(out.node(), rows.aroundRows(te::Block::make(row)));
}

}  // namespace

AOTC_LOWERING(lowerSoftmax) { return lowerSoftmaxOf(args, outputShape, outputType, false); }

AOTC_LOWERING(lowerLogSoftmax) { return lowerSoftmaxOf(args, outputShape, outputType, true); }

}  // namespace aotc::lower
