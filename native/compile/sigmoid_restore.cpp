#include "compile/sigmoid_restore.h"

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_mutator.h>

namespace aotc::compile {
namespace {

namespace te = torch::jit::tensorexpr;

bool isConstant(const te::ExprPtr& e, double value) {
  return e->isConstant() && te::immediateAs<double>(e) == value;
}

// x when `e` is 1 / (1 + exp(0 - x)) (the sum in either order), else null.
te::ExprPtr expandedSigmoidArgument(const te::ExprPtr& e) {
  auto div = te::to<te::Div>(e);
  if (!div || !div->dtype().is_floating_point() || !isConstant(div->lhs(), 1.0)) return nullptr;
  auto sum = te::to<te::Add>(div->rhs());
  if (!sum) return nullptr;
  te::ExprPtr other = isConstant(sum->lhs(), 1.0)   ? sum->rhs()
                      : isConstant(sum->rhs(), 1.0) ? sum->lhs()
                                                    : nullptr;
  auto exp = te::to<te::Intrinsics>(other);
  if (!exp || exp->op_type() != te::kExp) return nullptr;
  auto negated = te::to<te::Sub>(exp->param(0));
  if (!negated || !isConstant(negated->lhs(), 0.0)) return nullptr;
  te::ExprPtr x = negated->rhs();
  return x->dtype() == div->dtype() ? x : nullptr;
}

class SigmoidRestorer : public te::IRMutator {
 public:
  te::ExprPtr mutate(te::DivPtr v) override {
    te::ExprPtr mutated = te::IRMutator::mutate(v);
    te::ExprPtr x = expandedSigmoidArgument(mutated);
    return x ? te::sigmoid(te::ExprHandle(x)).node() : mutated;
  }
};

}  // namespace

te::StmtPtr restoreSigmoids(const te::StmtPtr& stmt) {
  // The statement is shared with the kernel's evaluator, and mutators change statements in place.
  SigmoidRestorer restorer;
  return te::Stmt::clone(stmt)->accept_mutator(&restorer);
}

}  // namespace aotc::compile
