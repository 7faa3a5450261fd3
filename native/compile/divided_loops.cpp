#include "compile/divided_loops.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <torch/csrc/jit/tensorexpr/analysis.h>
#include <torch/csrc/jit/tensorexpr/eval.h>
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_mutator.h>
#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>

namespace aotc::compile {
namespace {

namespace te = torch::jit::tensorexpr;

struct Range {
  int64_t lo, hi;  // inclusive
};

// sum(coefficient * var) + constant; terms in the order their variables first appear (the
// rewritten indices, and so the generated code, do not depend on pointer values).
struct Affine {
  std::vector<std::pair<te::VarPtr, int64_t>> terms;
  int64_t constant = 0;

  int64_t& coefficientOf(const te::VarPtr& var) {
    for (auto& term : terms) {
      if (term.first == var) return term.second;
    }
    return terms.emplace_back(var, 0).second;
  }
};

std::optional<Affine> scaled(std::optional<Affine> form, int64_t factor) {
  if (!form) return std::nullopt;
  for (auto& term : form->terms) term.second *= factor;
  form->constant *= factor;
  return form;
}

std::optional<Affine> affineForm(const te::ExprPtr& e) {
  if (!e->dtype().is_integral()) return std::nullopt;
  if (auto value = te::intValue(e)) return Affine{{}, *value};
  if (auto var = te::to<te::Var>(e)) return Affine{{{var, 1}}, 0};
  if (auto cast = te::to<te::Cast>(e)) {
    // Index casts between int32 and int64: value-preserving for the ranges of loop indices.
    return affineForm(cast->src_value());
  }
  auto sum = [](std::optional<Affine> a, std::optional<Affine> b) -> std::optional<Affine> {
    if (!a || !b) return std::nullopt;
    for (const auto& [var, coefficient] : b->terms) a->coefficientOf(var) += coefficient;
    a->constant += b->constant;
    return a;
  };
  if (auto add = te::to<te::Add>(e)) return sum(affineForm(add->lhs()), affineForm(add->rhs()));
  if (auto sub = te::to<te::Sub>(e)) {
    return sum(affineForm(sub->lhs()), scaled(affineForm(sub->rhs()), -1));
  }
  if (auto mul = te::to<te::Mul>(e)) {
    if (auto factor = te::intValue(mul->rhs())) return scaled(affineForm(mul->lhs()), *factor);
    if (auto factor = te::intValue(mul->lhs())) return scaled(affineForm(mul->rhs()), *factor);
  }
  return std::nullopt;
}

// floor(a / b) for b > 0.
int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Rewrites integer divisions and remainders by positive constants whose dividend is affine in
// loop variables of known range: e = c*Q + R with every coefficient of Q's terms a multiple of
// c and 0 <= R < c over the whole range gives e / c = Q and e % c = R (e >= 0, so truncating
// and flooring division agree).
class DivisionFolder : public te::IRMutator {
 public:
  void setRange(const te::VarPtr& var, Range range) { ranges_[var] = range; }
  void clearRange(const te::VarPtr& var) { ranges_.erase(var); }

  te::StmtPtr mutate(te::ForPtr v) override {
    auto lo = te::intValue(v->start()), hi = te::intValue(v->stop());
    const bool known = lo && hi && *hi > *lo;
    if (known) setRange(v->var(), {*lo, *hi - 1});
    te::StmtPtr result = te::IRMutator::mutate(v);
    if (known) clearRange(v->var());
    return result;
  }

  te::ExprPtr mutate(te::DivPtr v) override { return fold(te::IRMutator::mutate(v)); }
  te::ExprPtr mutate(te::ModPtr v) override { return fold(te::IRMutator::mutate(v)); }

 private:
  std::optional<Range> rangeOf(const Affine& form) const {
    Range range{form.constant, form.constant};
    for (const auto& [var, coefficient] : form.terms) {
      auto found = ranges_.find(var);
      if (found == ranges_.end()) return std::nullopt;
      int64_t a = coefficient * found->second.lo, b = coefficient * found->second.hi;
      range.lo += std::min(a, b);
      range.hi += std::max(a, b);
    }
    return range;
  }

  static te::ExprHandle build(const Affine& form, te::Dtype dtype) {
    te::ExprHandle e(te::getImmediateByType<int64_t>(dtype, form.constant));
    for (const auto& [var, coefficient] : form.terms) {
      if (coefficient == 0) continue;
      te::ExprHandle v(var);
      if (v.dtype() != dtype) v = te::Cast::make(dtype, v);
      e = e + v * te::ExprHandle(te::getImmediateByType<int64_t>(dtype, coefficient));
    }
    return e;
  }

  te::ExprPtr fold(te::ExprPtr e) {
    const bool isDiv = te::to<te::Div>(e) != nullptr;
    te::ExprPtr lhs, rhs;
    if (auto div = te::to<te::Div>(e)) {
      lhs = div->lhs();
      rhs = div->rhs();
    } else if (auto mod = te::to<te::Mod>(e)) {
      lhs = mod->lhs();
      rhs = mod->rhs();
    } else {
      return e;
    }
    auto divisor = te::intValue(rhs);
    auto form = affineForm(lhs);
    if (!e->dtype().is_integral() || !divisor || *divisor <= 0 || !form) return e;
    auto whole = rangeOf(*form);
    if (!whole || whole->lo < 0) return e;
    const int64_t c = *divisor;
    Affine quotient, remainder;
    quotient.constant = floorDiv(form->constant, c);
    remainder.constant = form->constant - quotient.constant * c;
    for (const auto& [var, coefficient] : form->terms) {
      if (coefficient % c == 0) {
        quotient.coefficientOf(var) = coefficient / c;
      } else {
        remainder.coefficientOf(var) = coefficient;
      }
    }
    auto rest = rangeOf(remainder);
    if (!rest || rest->lo < 0 || rest->hi >= c) return e;
    Affine result = isDiv ? quotient : remainder;
    return te::IRSimplifier::simplify(build(result, e->dtype()).node());
  }

  std::unordered_map<te::VarPtr, Range> ranges_;
};

// Integer divisions and remainders by constants whose dividend uses `var`, and their divisors.
struct DivisionsOf : te::IRVisitor {
  explicit DivisionsOf(te::VarPtr v) : var(std::move(v)) {}
  te::VarPtr var;
  int count = 0;
  std::set<int64_t> divisors;

  void record(const te::ExprPtr& e, const te::ExprPtr& lhs, const te::ExprPtr& rhs) {
    if (!e->dtype().is_integral() || te::VarFinder::find(lhs).count(var) == 0) return;
    ++count;
    if (auto c = te::intValue(rhs)) divisors.insert(*c);
  }
  void visit(te::DivPtr v) override {
    record(v, v->lhs(), v->rhs());
    te::IRVisitor::visit(v);
  }
  void visit(te::ModPtr v) override {
    record(v, v->lhs(), v->rhs());
    te::IRVisitor::visit(v);
  }
};

bool hasInnerLoop(const te::StmtPtr& body) {
  return !te::NodeFinder<te::For>::find(body).empty();
}

// Folds divisions everywhere, and splits innermost loops as the header says.
class LoopSplitter : public DivisionFolder {
 public:
  te::StmtPtr mutate(te::ForPtr v) override {
    te::StmtPtr folded = DivisionFolder::mutate(v);
    auto loop = te::to<te::For>(folded);
    if (!loop || hasInnerLoop(loop->body())) return folded;
    auto start = te::intValue(loop->start()), stop = te::intValue(loop->stop());
    if (!start || !stop || *start != 0 || *stop <= 1) return folded;
    DivisionsOf divisions(loop->var());
    loop->body()->accept(&divisions);
    if (divisions.count == 0) return folded;
    for (int64_t c : divisions.divisors) {
      if (c <= 1 || c >= *stop || *stop % c != 0) continue;
      if (auto split = trySplit(loop, *stop, c)) return split;
    }
    return folded;
  }

 private:
  // var = outer * c + inner; kept when the inner loop's indices no longer divide.
  te::StmtPtr trySplit(const te::ForPtr& loop, int64_t n, int64_t c) {
    const te::Dtype dtype = loop->var()->dtype();
    const std::string name = loop->var()->name_hint();
    te::VarHandle outer(name + "_outer", dtype), inner(name + "_inner", dtype);
    te::ExprHandle index =
        outer * te::ExprHandle(te::getImmediateByType<int64_t>(dtype, c)) + inner;
    te::StmtPtr body = te::SubstituteInClone(loop->body(), {{loop->var(), index.node()}});
    // The enclosing loops' ranges are still set: this mutate runs inside their visit.
    setRange(outer.node(), {0, n / c - 1});
    setRange(inner.node(), {0, c - 1});
    body = body->accept_mutator(this);
    clearRange(outer.node());
    clearRange(inner.node());
    DivisionsOf remaining(inner.node());
    body->accept(&remaining);
    if (remaining.count > 0) return nullptr;
    auto zero = te::ExprHandle(te::getImmediateByType<int64_t>(dtype, 0));
    return te::For::make(outer, zero, te::ExprHandle(te::getImmediateByType<int64_t>(dtype, n / c)),
                         te::For::make(inner, zero,
                                       te::ExprHandle(te::getImmediateByType<int64_t>(dtype, c)),
                                       body, loop->loop_options()));
  }
};

}  // namespace

te::StmtPtr splitDividedLoops(te::StmtPtr stmt) {
  LoopSplitter splitter;
  return te::IRSimplifier::simplify(stmt->accept_mutator(&splitter));
}

}  // namespace aotc::compile
