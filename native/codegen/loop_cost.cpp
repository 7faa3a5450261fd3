#include "codegen/loop_cost.h"

#include <algorithm>

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_visitor.h>

namespace aotc::codegen {
namespace {

constexpr int64_t kDivisionCost = 4;

// Sums the cost of one evaluation of an expression tree.
class ExpressionCost : public te::IRVisitor {
 public:
  int64_t total = 0;

 private:
  void add(const te::ExprPtr& e, int64_t perLane) { total += perLane * e->dtype().lanes(); }
  template <typename Op>
  void binary(Op v, int64_t perLane = 1) {
    te::IRVisitor::visit(v);
    add(v, perLane);
  }
  void visit(te::AddPtr v) override { binary(v); }
  void visit(te::SubPtr v) override { binary(v); }
  void visit(te::MulPtr v) override { binary(v); }
  void visit(te::DivPtr v) override { binary(v, kDivisionCost); }
  void visit(te::ModPtr v) override { binary(v, kDivisionCost); }
  void visit(te::MaxPtr v) override { binary(v); }
  void visit(te::MinPtr v) override { binary(v); }
  void visit(te::AndPtr v) override { binary(v); }
  void visit(te::OrPtr v) override { binary(v); }
  void visit(te::XorPtr v) override { binary(v); }
  void visit(te::LshiftPtr v) override { binary(v); }
  void visit(te::RshiftPtr v) override { binary(v); }
  void visit(te::CompareSelectPtr v) override { binary(v); }
  void visit(te::CastPtr v) override { binary(v); }
  void visit(te::LoadPtr v) override {
    for (const auto& index : v->indices()) index->accept(this);  // not the buffer's dims
    add(v, 1);
  }
  void visit(te::IntrinsicsPtr v) override {
    te::IRVisitor::visit(v);
    const bool cheap = v->op_type() == te::kAbs || v->op_type() == te::kIsNan ||
                       v->op_type() == te::kFloor || v->op_type() == te::kCeil ||
                       v->op_type() == te::kTrunc || v->op_type() == te::kRound ||
                       v->op_type() == te::kSqrt;
    add(v, cheap ? 1 : kMathFunctionCost);
  }
};

int64_t expressionCost(const te::ExprPtr& e) {
  ExpressionCost cost;
  e->accept(&cost);
  return cost.total;
}

int64_t saturatingMultiply(int64_t a, int64_t b) {
  constexpr int64_t kMax = int64_t{1} << 60;
  if (a == 0 || b == 0) return 0;
  return a > kMax / b ? kMax : a * b;
}

int64_t tripCount(const te::ForPtr& loop) {
  auto start = te::intValue(loop->start());
  auto stop = te::intValue(loop->stop());
  if (start && stop) return std::max<int64_t>(0, *stop - *start);
  return kUnknownTrips;
}

}  // namespace

int64_t statementCost(const te::StmtPtr& stmt) {
  if (!stmt) return 0;
  if (auto block = te::to<te::Block>(stmt)) {
    int64_t total = 0;
    for (const te::StmtPtr& child : *block) total += statementCost(child);
    return total;
  }
  if (auto loop = te::to<te::For>(stmt)) {
    return saturatingMultiply(tripCount(loop), statementCost(loop->body()));
  }
  if (auto store = te::to<te::Store>(stmt)) {
    int64_t indices = 0;
    for (const auto& index : store->indices()) indices += expressionCost(index);
    return expressionCost(store->value()) + indices + store->value()->dtype().lanes();
  }
  if (auto let = te::to<te::Let>(stmt)) return expressionCost(let->value());
  if (auto cond = te::to<te::Cond>(stmt)) {
    return expressionCost(cond->condition()) +
           std::max(statementCost(cond->true_stmt()), statementCost(cond->false_stmt()));
  }
  return 0;
}

int64_t parallelGrain(const te::ForPtr& loop) {
  const int64_t perIteration = std::max<int64_t>(1, statementCost(loop->body()));
  return std::max<int64_t>(1, (kMinChunkCost + perIteration - 1) / perIteration);
}

}  // namespace aotc::codegen
