// aten::softmax and aten::log_softmax as one loop nest per row (the elements along `dim`):
// the row's max, then exp(x - max) stored and summed, then scaled by 1 / sum (softmax), or
// x - (max + log(sum)) (log_softmax). All passes of a row run back to back, on data still in
// L1, and exp is evaluated once per element.
//
// NNC's own lowering is replaced for two reasons. Its max starts from the smallest positive
// float instead of -inf, so a row whose values are all below about -88 (exp underflows to 0)
// came out as NaN, and rows below zero lost precision. And it makes three sweeps over the
// whole tensor, inlining exp into two of them.
#include <functional>
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

  // A rank-0 tensor is a row of one element.
  int64_t dim = rank == 0 ? 0 : intArg(args, 1, op);
  if (rank > 0) {
    if (dim < -rank || dim >= rank) {
      throw std::runtime_error(std::string(op) + ": dim " + std::to_string(dim) +
                               " is out of range for a tensor of rank " + std::to_string(rank));
    }
    if (dim < 0) dim += rank;
  }
  // The output's axes: those before `dim` (the row loops), `dim`, those after it (the
  // innermost loops, contiguous, so a reduction over a non-last dim vectorises across them).
  // Each pass over a row gets loop variables of its own (NNC's passes want a variable per
  // loop); the row loops' are shared.
  const te::Dtype indexType = rank > 0 ? outputShape[0].dtype() : te::kLong;
  std::vector<te::VarHandle> before;
  std::vector<te::ExprHandle> beforeSizes, afterSizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (d < dim) {
      before.emplace_back("i" + std::to_string(d), indexType);
      beforeSizes.push_back(outputShape[d]);
    } else if (d > dim) {
      afterSizes.push_back(outputShape[d]);
    }
  }
  te::ExprHandle length = rank > 0 ? outputShape[dim] : te::ExprHandle(te::LongImm::make(1));
  std::vector<te::ExprHandle> statsShape = beforeSizes;
  statsShape.insert(statsShape.end(), afterSizes.begin(), afterSizes.end());

  te::BufHandle out(log ? "aotc_log_softmax" : "aotc_softmax", outputShape, dtype);
  te::BufHandle rowMax(log ? "aotc_log_softmax_max" : "aotc_softmax_max", statsShape, dtype);
  te::BufHandle rowSum(log ? "aotc_log_softmax_sum" : "aotc_softmax_sum", statsShape, dtype);
  auto constant = [&](double v) { return te::Cast::make(dtype, te::ExprHandle(v)); };

  // An element's and its row statistic's indices, for one pass's variables.
  struct Indices {
    std::vector<te::ExprHandle> element, stat;
  };
  auto freshAfter = [&] {
    std::vector<te::VarHandle> vars;
    for (size_t d = 0; d < afterSizes.size(); ++d) vars.emplace_back("j" + std::to_string(d), indexType);
    return vars;
  };
  auto indicesOf = [&](const te::VarHandle* l, const std::vector<te::VarHandle>& after) {
    Indices at;
    at.element.assign(before.begin(), before.end());
    at.stat.assign(before.begin(), before.end());
    if (l != nullptr && rank > 0) at.element.push_back(*l);
    for (const auto& var : after) {
      at.element.push_back(var);
      at.stat.push_back(var);
    }
    return at;
  };
  // One pass over the row: over `dim`, then the axes after it.
  auto overRow = [&](const std::function<te::StmtPtr(const Indices&)>& body) {
    te::VarHandle l("l", indexType);
    std::vector<te::VarHandle> after = freshAfter();
    return te::For::make(l, te::ExprHandle(te::immLike(length, 0)), length,
                         loopsAround(after, afterSizes, body(indicesOf(&l, after))));
  };
  // One pass over the row's statistics (a single one when `dim` is the last axis).
  auto perStat = [&](const std::function<te::StmtPtr(const Indices&)>& body) {
    std::vector<te::VarHandle> after = freshAfter();
    return loopsAround(after, afterSizes, body(indicesOf(nullptr, after)));
  };
  auto valueAt = [&](const Indices& at) {
    te::ExprHandle value = x.load(at.element);
    return x.dtype() == dtype ? value : te::Cast::make(dtype, value);
  };

  std::vector<te::StmtPtr> row;
  // NaN-propagating max, from -inf: a NaN in the row makes the row NaN, as in ATen.
  row.push_back(perStat([&](const Indices& at) {
    return te::Store::make(rowMax, at.stat, constant(-std::numeric_limits<double>::infinity()));
  }));
  row.push_back(overRow([&](const Indices& at) {
    return te::Store::make(rowMax, at.stat, te::Max::make(rowMax.load(at.stat), valueAt(at), true));
  }));
  row.push_back(perStat([&](const Indices& at) {
    return te::Store::make(rowSum, at.stat, constant(0.0));
  }));
  if (log) {
    row.push_back(overRow([&](const Indices& at) {
      te::ExprHandle e = te::exp(valueAt(at) - rowMax.load(at.stat));
      return te::Store::make(rowSum, at.stat, rowSum.load(at.stat) + e);
    }));
    // The row's log-sum-exp, kept where the sum was.
    row.push_back(perStat([&](const Indices& at) {
      return te::Store::make(rowSum, at.stat, rowMax.load(at.stat) + te::log(rowSum.load(at.stat)));
    }));
    row.push_back(overRow([&](const Indices& at) {
      return te::Store::make(out, at.element, valueAt(at) - rowSum.load(at.stat));
    }));
  } else {
    row.push_back(overRow([&](const Indices& at) {
      return te::Block::make({
          te::Store::make(out, at.element, te::exp(valueAt(at) - rowMax.load(at.stat))),
          te::Store::make(rowSum, at.stat, rowSum.load(at.stat) + out.load(at.element)),
      });
    }));
    // One division per row, then a multiplication per element.
    row.push_back(perStat([&](const Indices& at) {
      return te::Store::make(rowSum, at.stat, constant(1.0) / rowSum.load(at.stat));
    }));
    row.push_back(overRow([&](const Indices& at) {
      return te::Store::make(out, at.element, out.load(at.element) * rowSum.load(at.stat));
    }));
  }
  return te::Tensor(out.node(), loopsAround(before, beforeSizes, te::Block::make(row)));
}

}  // namespace

AOTC_LOWERING(lowerSoftmax) { return lowerSoftmaxOf(args, outputShape, outputType, false); }

AOTC_LOWERING(lowerLogSoftmax) { return lowerSoftmaxOf(args, outputShape, outputType, true); }

}  // namespace aotc::lower
