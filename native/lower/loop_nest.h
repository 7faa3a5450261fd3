// Building explicit loop nests for the lowerings that write their own statements (softmax,
// cumsum) instead of Compute / Reduce.
#pragma once

#include <functional>
#include <vector>

#include "lower/ops.h"

namespace aotc::lower {

// Nested loops over `vars` from 0 to `sizes` (outermost first) around `body`; the body itself
// when there are none.
te::StmtPtr loopsAround(const std::vector<te::VarHandle>& vars,
                        const std::vector<te::ExprHandle>& sizes, te::StmtPtr body);

// The loops of a lowering that works row by row, a row being the elements along `dim`: the
// axes before `dim` are the row loops, shared by all passes; each pass over a row loops over
// `dim`, then over the axes after it (innermost and contiguous, so a pass over a non-last dim
// vectorises across them), with variables of its own (NNC's passes want a variable per loop).
// A row's statistics (max, sum, running sum) are indexed by the axes before and after `dim`.
class RowLoops {
 public:
  // `dim` may count from the end; a rank-0 shape is one row of one element. Throws, naming
  // `op`, when `dim` is out of range.
  RowLoops(const std::vector<te::ExprHandle>& shape, int64_t dim, const char* op);

  struct Indices {
    std::vector<te::ExprHandle> element;  // into a tensor of the shape
    std::vector<te::ExprHandle> stat;     // into a tensor of statsShape()
  };

  const std::vector<te::ExprHandle>& statsShape() const { return statsShape_; }
  // One pass over a row's elements, in order along `dim`.
  te::StmtPtr overRow(const std::function<te::StmtPtr(const Indices&)>& body) const;
  // One pass over a row's statistics (a single one when `dim` is the last axis).
  te::StmtPtr perStat(const std::function<te::StmtPtr(const Indices&)>& body) const;
  // The row loops around a row's passes.
  te::StmtPtr aroundRows(te::StmtPtr passes) const;

 private:
  std::vector<te::VarHandle> freshAfter() const;
  Indices indicesOf(const te::VarHandle* along, const std::vector<te::VarHandle>& after) const;

  bool scalar_;
  te::Dtype indexType_;
  te::ExprHandle length_;
  std::vector<te::VarHandle> before_;
  std::vector<te::ExprHandle> beforeSizes_, afterSizes_, statsShape_;
};

}  // namespace aotc::lower
