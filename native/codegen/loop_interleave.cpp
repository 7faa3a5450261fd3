#include "codegen/loop_interleave.h"

#include <torch/csrc/jit/tensorexpr/analysis.h>
#include <torch/csrc/jit/tensorexpr/ir.h>

#include "codegen/loop_cost.h"

namespace aotc::codegen {

int interleaveCount(const te::ForPtr& loop) {
  if (!te::NodeFinder<te::For>::find(loop->body()).empty()) return 0;  // not innermost
  if (!te::NodeFinder<te::ExternalCall>::find(loop->body()).empty()) return 0;
  if (statementCost(loop->body()) < kMathFunctionCost) return 0;
  auto start = te::intValue(loop->start());
  auto stop = te::intValue(loop->stop());
  if (start && stop && *stop - *start < kInterleavedTrips) return 0;
  return 4;
}

}  // namespace aotc::codegen
