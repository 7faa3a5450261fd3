#include "compile/parallel_loops.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <torch/csrc/jit/tensorexpr/eval.h>
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>
#include <torch/csrc/jit/tensorexpr/ir_visitor.h>

#include "codegen/checked_division.h"
#include "codegen/loop_cost.h"

namespace aotc::compile {
namespace {

namespace te = torch::jit::tensorexpr;

// What a loop body does, as far as running its iterations in parallel is concerned: its
// buffer accesses, the ranges of its inner loops' variables, and whether it does anything but
// plain computation (calls into libtorch or oneDNN, themselves parallel; buffer allocation or
// release, owned by the enclosing kernel body; an integer division that may fail).
class BodyFacts : public te::IRVisitor {
 public:
  struct Access {
    te::BufPtr buf;
    std::vector<te::ExprPtr> indices;
    bool isStore;
  };
  std::vector<Access> accesses;
  std::unordered_map<te::VarPtr, std::pair<int64_t, int64_t>> innerRanges;  // [min, max]
  bool plain = true;

 private:
  void visit(te::LoadPtr v) override {
    accesses.push_back({v->buf(), v->indices(), false});
    te::IRVisitor::visit(v);
  }
  void visit(te::StorePtr v) override {
    accesses.push_back({v->buf(), v->indices(), true});
    te::IRVisitor::visit(v);
  }
  void visit(te::ForPtr v) override {
    auto start = te::intValue(v->start());
    auto stop = te::intValue(v->stop());
    if (start && stop && *stop > *start) innerRanges[v->var()] = {*start, *stop - 1};
    te::IRVisitor::visit(v);
  }
  // A checked integer division reports a zero divisor for the calling thread
  // (runtime/kernel_errors.h), which a worker thread's report would not reach.
  void visit(te::DivPtr v) override {
    if (v->dtype().is_integral() && codegen::divisorNeedsCheck(v->rhs())) plain = false;
    te::IRVisitor::visit(v);
  }
  void visit(te::ModPtr v) override {
    if (v->dtype().is_integral() && codegen::divisorNeedsCheck(v->rhs())) plain = false;
    te::IRVisitor::visit(v);
  }
  void visit(te::IntrinsicsPtr v) override {
    if (v->op_type() == te::kFmod && v->param(0)->dtype().is_integral() &&
        codegen::divisorNeedsCheck(v->param(1))) {
      plain = false;
    }
    te::IRVisitor::visit(v);
  }
  void visit(te::ExternalCallPtr) override { plain = false; }
  void visit(te::ExternalCallWithAllocPtr) override { plain = false; }
  void visit(te::AllocatePtr) override { plain = false; }
  void visit(te::FreePtr) override { plain = false; }
  void visit(te::FreeExtPtr) override { plain = false; }
  void visit(te::PlacementAllocatePtr) override { plain = false; }
  void visit(te::AtomicAddPtr) override { plain = false; }
  void visit(te::SyncThreadsPtr) override { plain = false; }
};

std::optional<int64_t> constantOf(const te::ExprPtr& e) {
  auto value = te::intValue(te::IRSimplifier::simplify(e));
  return value ? std::optional<int64_t>(*value) : std::nullopt;
}

using Range = std::pair<int64_t, int64_t>;

// The values `e` takes while the inner loops run (interval arithmetic over +, -, *), or
// nullopt when it depends on anything else.
std::optional<Range> rangeOf(const te::ExprPtr& e,
                             const std::unordered_map<te::VarPtr, Range>& ranges) {
  if (auto value = te::intValue(e)) return Range{*value, *value};
  if (auto var = te::to<te::Var>(e)) {
    auto found = ranges.find(var);
    if (found == ranges.end()) return std::nullopt;
    return found->second;
  }
  if (auto cast = te::to<te::Cast>(e)) {
    if (!cast->dtype().is_integral()) return std::nullopt;
    return rangeOf(cast->src_value(), ranges);
  }
  auto operands = [&](auto op) -> std::optional<std::pair<Range, Range>> {
    auto l = rangeOf(op->lhs(), ranges);
    auto r = rangeOf(op->rhs(), ranges);
    if (!l || !r) return std::nullopt;
    return std::make_pair(*l, *r);
  };
  if (auto add = te::to<te::Add>(e)) {
    auto lr = operands(add);
    if (!lr) return std::nullopt;
    return Range{lr->first.first + lr->second.first, lr->first.second + lr->second.second};
  }
  if (auto sub = te::to<te::Sub>(e)) {
    auto lr = operands(sub);
    if (!lr) return std::nullopt;
    return Range{lr->first.first - lr->second.second, lr->first.second - lr->second.first};
  }
  if (auto mul = te::to<te::Mul>(e)) {
    auto lr = operands(mul);
    if (!lr) return std::nullopt;
    const int64_t products[] = {lr->first.first * lr->second.first,
                                lr->first.first * lr->second.second,
                                lr->first.second * lr->second.first,
                                lr->first.second * lr->second.second};
    return Range{*std::min_element(std::begin(products), std::end(products)),
                 *std::max_element(std::begin(products), std::end(products))};
  }
  return std::nullopt;
}

// How `index` (one flattened index) moves with `loopVar`: index = loopVar * step + rest, with
// the step and the values `rest` takes while the inner loops run; nullopt when it is not of
// that form or the step is 0.
struct IndexWalk {
  int64_t step;
  Range rest;
};

std::optional<IndexWalk> walkOf(const te::ExprPtr& index, const te::VarPtr& loopVar,
                                const std::unordered_map<te::VarPtr, Range>& ranges) {
  te::ExprPtr next = te::SubstituteInClone(
      index, {{loopVar, te::alloc<te::Add>(loopVar, te::immLike(loopVar, 1))}});
  auto step = constantOf(te::alloc<te::Sub>(next, index));
  if (!step || *step == 0) return std::nullopt;
  te::ExprPtr rest = te::IRSimplifier::simplify(
      te::SubstituteInClone(index, {{loopVar, te::immLike(loopVar, 0)}}));
  auto span = rangeOf(rest, ranges);
  if (!span) return std::nullopt;
  return IndexWalk{*step, *span};
}

// Buffers sharing memory (PlacementAllocate at the top level) count as one.
using AliasRoots = std::unordered_map<te::VarPtr, te::VarPtr>;

te::VarPtr memoryOf(const te::BufPtr& buf, const AliasRoots& roots) {
  te::VarPtr handle = buf->base_handle();
  for (auto found = roots.find(handle); found != roots.end(); found = roots.find(handle)) {
    handle = found->second;
  }
  return handle;
}

// No iteration reads or writes memory another iteration writes: every access to a buffer the
// body stores to moves by the same step with the loop variable, and all of them together stay
// within a window narrower than that step (the passes over a row of softmax or layer_norm
// each index the row with a loop variable of their own).
bool iterationsIndependent(const te::ForPtr& loop, const BodyFacts& facts,
                           const AliasRoots& roots) {
  std::unordered_map<te::VarPtr, std::vector<const BodyFacts::Access*>> byMemory;
  for (const auto& access : facts.accesses) {
    byMemory[memoryOf(access.buf, roots)].push_back(&access);
  }
  for (const auto& [memory, accesses] : byMemory) {
    const bool written = std::any_of(accesses.begin(), accesses.end(),
                                     [](const BodyFacts::Access* a) { return a->isStore; });
    if (!written) continue;
    const auto& first = *accesses.front();
    std::optional<IndexWalk> window;
    for (const auto* access : accesses) {
      // Kernels index flattened buffers.
      if (access->buf != first.buf || access->indices.size() != 1) return false;
      auto walk = walkOf(access->indices[0], loop->var(), facts.innerRanges);
      if (!walk || (window && walk->step != window->step)) return false;
      if (!window) {
        window = walk;
      } else {
        window->rest = {std::min(window->rest.first, walk->rest.first),
                        std::max(window->rest.second, walk->rest.second)};
      }
    }
    if (window->rest.second - window->rest.first >= std::abs(window->step)) return false;
  }
  return true;
}

}  // namespace

void markParallelLoops(const te::StmtPtr& stmt) {
  auto block = te::to<te::Block>(stmt);
  if (!block) return;
  AliasRoots roots;
  for (const te::StmtPtr& child : *block) {
    if (auto placement = te::to<te::PlacementAllocate>(child)) {
      roots[placement->buf()->base_handle()] = placement->buf_to_reuse()->base_handle();
      continue;
    }
    auto loop = te::to<te::For>(child);
    if (!loop || !loop->loop_options().isDefault()) continue;
    if (codegen::statementCost(loop) < codegen::kMinParallelCost) continue;
    BodyFacts facts;
    loop->body()->accept(&facts);
    if (!facts.plain || !iterationsIndependent(loop, facts, roots)) continue;
    loop->set_parallel();
  }
}

}  // namespace aotc::compile
