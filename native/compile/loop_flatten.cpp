#include "compile/loop_flatten.h"

#include <vector>

#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>
#include <torch/csrc/jit/tensorexpr/ir_visitor.h>
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

// Finds buffer indices that divide or take a remainder: what a flattened loop's index
// becomes when the nest did not walk its buffers in memory order (a transpose, a broadcast).
class DividedIndices : public te::IRVisitor {
 public:
  bool found = false;

 private:
  void check(const std::vector<te::ExprPtr>& indices) {
    for (const auto& index : indices) {
      HasDivision division;
      index->accept(&division);
      found = found || division.found;
    }
  }
  void visit(te::LoadPtr v) override {
    check(v->indices());
    te::IRVisitor::visit(v);
  }
  void visit(te::StorePtr v) override {
    check(v->indices());
    te::IRVisitor::visit(v);
  }
  struct HasDivision : te::IRVisitor {
    bool found = false;
    void visit(te::DivPtr) override { found = true; }
    void visit(te::ModPtr) override { found = true; }
  };
};

bool indicesStayAffine(const te::StmtPtr& loop) {
  DividedIndices check;
  te::IRSimplifier::simplify(te::Stmt::clone(loop))->accept(&check);
  return !check.found;
}

}  // namespace

te::StmtPtr flattenLoopNests(te::StmtPtr stmt) {
  auto block = te::to<te::Block>(stmt);
  if (!block) return stmt;
  std::vector<te::StmtPtr> children(block->begin(), block->end());
  for (const auto& child : children) {
    auto loop = te::to<te::For>(child);
    if (!loop) continue;
    auto nest = perfectNest(loop);
    if (nest.size() < 2) continue;
    te::StmtPtr original = te::Stmt::clone(loop);
    te::ForPtr flattened;
    if (!te::LoopNest::flatten(nest, &flattened)) continue;  // the nest is left as it was
    // Flattening pays when the one loop walks every buffer in memory order (an elementwise
    // kernel: one long unit-stride loop to vectorise). When the nest did not, the flattened
    // indices divide and take remainders, and vector loads become gathers: keep the nest,
    // whose innermost loop is unit-stride.
    if (!indicesStayAffine(flattened)) block->replace_stmt(flattened, original);
  }
  return te::IRSimplifier::simplify(stmt);
}

}  // namespace aotc::compile
