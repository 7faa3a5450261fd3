#include "compile/loop_flatten.h"

#include <vector>

#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>
#include <torch/csrc/jit/tensorexpr/loopnest.h>

namespace aotc::compile {
namespace {

namespace te = torch::jit::tensorexpr;

// The loops of the perfect nest rooted at `loop`, outermost first.
std::vector<te::ForPtr> perfectNest(te::ForPtr loop) {
  std::vector<te::ForPtr> nest{loop};
  while (true) {
    auto body = nest.back()->body();
    if (!body || body->nstmts() != 1) break;
    auto inner = te::to<te::For>(body->front());
    if (!inner) break;
    nest.push_back(inner);
  }
  return nest;
}

}  // namespace

te::StmtPtr flattenLoopNests(te::StmtPtr stmt) {
  auto block = te::to<te::Block>(stmt);
  if (!block) return stmt;
  for (const auto& child : block->stmts()) {
    auto loop = te::to<te::For>(child);
    if (!loop) continue;
    auto nest = perfectNest(loop);
    if (nest.size() < 2) continue;
    te::ForPtr flattened;
    te::LoopNest::flatten(nest, &flattened);  // leaves the nest as it was when it cannot
  }
  return te::IRSimplifier::simplify(stmt);
}

}  // namespace aotc::compile
