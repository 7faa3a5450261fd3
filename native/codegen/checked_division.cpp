#include "codegen/checked_division.h"

#include <torch/csrc/jit/tensorexpr/analysis.h>
#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>

namespace aotc::codegen {

namespace te = torch::jit::tensorexpr;

bool divisorNeedsCheck(const te::ExprPtr& divisor) {
  if (auto value = te::intValue(te::IRSimplifier::simplify(divisor))) {
    return *value == 0 || *value == -1;
  }
  return !te::NodeFinder<te::Load>::find(divisor).empty();
}

}  // namespace aotc::codegen
