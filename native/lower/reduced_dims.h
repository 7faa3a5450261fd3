// The dims a reduction over a list of dims reduces (aten::norm, aten::amax / amin, aten::prod):
// the list may count from the end, and an empty one means every dim. Maps the positions of
// the reduction (the kept axes, then the reduced ones in dim order) to the input's index, and
// the output's positions (with or without the reduced axes kept as size 1) to the reduction's.
#pragma once

#include <set>
#include <vector>

#include "lower/ops.h"

namespace aotc::lower {

class ReducedDims {
 public:
  // Throws naming `op` for a dim out of range.
  ReducedDims(const te::BufHandle& x, std::vector<int64_t> dims, const char* op);

  // The sizes of the kept axes (the reduction's output) and of the reduced ones.
  const std::vector<te::ExprHandle>& keptSizes() const { return kept_; }
  const std::vector<te::ExprHandle>& reducedSizes() const { return reducedSizes_; }

  // The input's index at a position of the reduction: `v` holds the kept axes, then the
  // reduced ones.
  std::vector<te::ExprHandle> inputIndex(const std::vector<te::VarHandle>& v) const;
  // The reduction's index at an output position (`keepdim`: the output has the reduced axes,
  // of size 1).
  std::vector<te::ExprHandle> resultIndex(const std::vector<te::VarHandle>& v, bool keepdim) const;

 private:
  int64_t rank_;
  std::set<int64_t> reduced_;
  std::vector<te::ExprHandle> kept_, reducedSizes_;
};

// A dims argument: an int list, one int, or None / absent for every dim.
std::vector<int64_t> dimsArg(const std::vector<te::ArgValue>& args, size_t i);

}  // namespace aotc::lower
