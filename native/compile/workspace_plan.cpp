#include "compile/workspace_plan.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>
#include <torch/csrc/jit/tensorexpr/ir_visitor.h>

#include "runtime/workspace_calls.h"

namespace aotc::compile {
namespace te = torch::jit::tensorexpr;
namespace {

// A planned buffer with the aliases placed on it, and where it is live.
struct Group {
  te::AllocatePtr allocate;
  std::vector<te::PlacementAllocatePtr> aliases;
  std::vector<te::FreePtr> frees;
  int64_t bytes = 0;
  int first = -1;  // indices of the first and last top-level statements using it
  int last = -1;
  int64_t offset = 0;
};

// The buffer's size in bytes, rounded up to the workspace alignment, when it is known at
// compile time.
std::optional<int64_t> staticBytes(const te::BufPtr& buf) {
  constexpr int64_t kLimit = int64_t{1} << 40;
  int64_t bytes = buf->dtype().byte_size();
  for (const te::ExprPtr& dim : buf->dims()) {
    auto size = te::intValue(te::IRSimplifier::simplify(dim));
    if (!size || *size < 0 || (*size > 0 && bytes > kLimit / *size)) return std::nullopt;
    bytes *= *size;
  }
  const int64_t align = runtime::kWorkspaceAlignment;
  return std::max<int64_t>(align, (bytes + align - 1) / align * align);
}

// Every variable a statement mentions, buffers' base handles included.
class VariablesUsed : public te::IRVisitor {
 public:
  std::unordered_set<te::VarPtr> vars;

 private:
  void visit(te::VarPtr v) override { vars.insert(v); }
  void visit(te::BufPtr v) override {
    vars.insert(v->base_handle());
    te::IRVisitor::visit(v);
  }
};

// Base handles allocated, placed or freed anywhere below the top level: such buffers are left
// alone (moving their top-level statements could separate them from the nested ones).
class NestedMemoryStatements : public te::IRVisitor {
 public:
  std::unordered_set<te::VarPtr> handles;

 private:
  void visit(te::AllocatePtr v) override { handles.insert(v->buffer_var()); }
  void visit(te::FreePtr v) override { handles.insert(v->buffer_var()); }
  void visit(te::PlacementAllocatePtr v) override {
    handles.insert(v->buf()->base_handle());
    handles.insert(v->buf_to_reuse()->base_handle());
  }
};

bool livesOverlap(const Group& a, const Group& b) { return a.first <= b.last && b.first <= a.last; }

// Offsets: largest buffers first, each at the lowest offset clear of the buffers already placed
// that are live at the same time. Returns the workspace size.
int64_t assignOffsets(std::vector<Group*> groups) {
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group* a, const Group* b) { return a->bytes > b->bytes; });
  std::vector<const Group*> placed;
  int64_t total = 0;
  for (Group* group : groups) {
    std::vector<std::pair<int64_t, int64_t>> taken;  // [begin, end) of overlapping lives
    for (const Group* other : placed) {
      if (livesOverlap(*group, *other)) {
        taken.emplace_back(other->offset, other->offset + other->bytes);
      }
    }
    std::sort(taken.begin(), taken.end());
    int64_t offset = 0;
    for (const auto& [begin, end] : taken) {
      if (offset + group->bytes <= begin) break;
      offset = std::max(offset, end);
    }
    group->offset = offset;
    total = std::max(total, offset + group->bytes);
    placed.push_back(group);
  }
  return total;
}

}  // namespace

codegen::WorkspaceLayout planWorkspace(const te::StmtPtr& stmt) {
  codegen::WorkspaceLayout layout;
  te::BlockPtr root = te::to<te::Block>(stmt);
  if (!root) return layout;
  const std::vector<te::StmtPtr> stmts(root->begin(), root->end());

  NestedMemoryStatements nested;
  for (const te::StmtPtr& s : stmts) {
    if (auto loop = te::to<te::For>(s)) loop->body()->accept(&nested);
    if (auto block = te::to<te::Block>(s)) block->accept(&nested);
    if (auto cond = te::to<te::Cond>(s)) cond->accept(&nested);
  }

  // Groups: static-size top-level allocations, then the aliases placed on them and the frees.
  std::vector<Group> groups;
  std::unordered_map<te::VarPtr, size_t> groupOf;  // root or alias handle -> group
  for (const te::StmtPtr& s : stmts) {
    auto allocate = te::to<te::Allocate>(s);
    if (!allocate || nested.handles.count(allocate->buffer_var()) != 0) continue;
    auto bytes = staticBytes(allocate->buf());
    if (!bytes || groupOf.count(allocate->buffer_var()) != 0) continue;
    groupOf[allocate->buffer_var()] = groups.size();
    groups.push_back(Group{allocate, {}, {}, *bytes});
  }
  std::vector<bool> isMemoryStatement(stmts.size(), false);
  for (size_t i = 0; i < stmts.size(); ++i) {
    if (auto place = te::to<te::PlacementAllocate>(stmts[i])) {
      auto target = groupOf.find(place->buf_to_reuse()->base_handle());
      if (target == groupOf.end()) continue;
      groupOf[place->buf()->base_handle()] = target->second;
      groups[target->second].aliases.push_back(place);
      isMemoryStatement[i] = true;
    } else if (auto free = te::to<te::Free>(stmts[i])) {
      auto owner = groupOf.find(free->buffer_var());
      if (owner == groupOf.end()) continue;
      groups[owner->second].frees.push_back(free);
      isMemoryStatement[i] = true;
    } else if (auto allocate = te::to<te::Allocate>(stmts[i])) {
      isMemoryStatement[i] = groupOf.count(allocate->buffer_var()) != 0;
    }
  }
  if (groups.empty()) return layout;

  // Live ranges over the other top-level statements.
  for (size_t i = 0; i < stmts.size(); ++i) {
    if (isMemoryStatement[i]) continue;
    VariablesUsed used;
    stmts[i]->accept(&used);
    for (const te::VarPtr& var : used.vars) {
      auto owner = groupOf.find(var);
      if (owner == groupOf.end()) continue;
      Group& group = groups[owner->second];
      if (group.first < 0) group.first = static_cast<int>(i);
      group.last = static_cast<int>(i);
    }
  }
  std::vector<Group*> planned;
  for (Group& group : groups) {
    if (group.first >= 0) planned.push_back(&group);
  }
  if (planned.empty()) return layout;
  layout.bytes = assignOffsets(planned);

  // The block again, each planned buffer's statements around its live range.
  std::unordered_set<te::StmtPtr> moved;
  for (const Group* group : planned) {
    moved.insert(group->allocate);
    moved.insert(group->aliases.begin(), group->aliases.end());
    moved.insert(group->frees.begin(), group->frees.end());
    layout.offsets[group->allocate->buffer_var()] = group->offset;
  }
  std::vector<te::StmtPtr> order;
  for (size_t i = 0; i < stmts.size(); ++i) {
    if (moved.count(stmts[i]) != 0) continue;
    for (const Group* group : planned) {
      if (group->first != static_cast<int>(i)) continue;
      order.push_back(group->allocate);
      order.insert(order.end(), group->aliases.begin(), group->aliases.end());
    }
    order.push_back(stmts[i]);
    for (const Group* group : planned) {
      if (group->last != static_cast<int>(i)) continue;
      if (group->frees.empty()) {
        order.push_back(te::alloc<te::Free>(group->allocate->buf()));
      } else {
        order.insert(order.end(), group->frees.begin(), group->frees.end());
      }
    }
  }
  root->clear();
  for (const te::StmtPtr& s : order) root->append_stmt(s);
  return layout;
}

}  // namespace aotc::compile
