#include "compile/list_mutation.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "lower/classify.h"

namespace aotc::compile {
namespace {

using torch::jit::Node;
using torch::jit::Value;

bool isAppend(const Node* node) { return node->kind() == c10::aten::append; }

// Whether `node` writes what it takes as input `index`, as its schema says (prim:: nodes
// without one, ListUnpack and the like, only read).
bool writesInput(const Node* node, size_t index) {
  const c10::FunctionSchema* schema = node->maybeSchema();
  if (!schema) return false;
  if (index >= schema->arguments().size()) return false;  // a vararg: read only
  const c10::AliasInfo* alias = schema->arguments()[index].alias_info();
  return alias != nullptr && alias->isWrite();
}

std::string describe(const Node* node) {
  std::string line = lower::sourceLineOf(node);
  return std::string(node->kind().toQualString()) + (line.empty() ? "" : " at " + line);
}

[[noreturn]] void refuse(const Node* node, const std::string& why) {
  throw std::invalid_argument("unsupported list mutation: " + describe(node) + " " + why +
                              "; only lists built by prim::ListConstruct and grown by "
                              "aten::append can be compiled");
}

// Rewrites the reads of one list built by `construct`, if it is appended to.
void rewriteList(torch::jit::Graph& graph, Node* construct) {
  Value* list = construct->output();
  std::vector<Node*> appends;
  for (const auto& use : list->uses()) {
    Node* user = use.user;
    if (isAppend(user) && use.offset == 0) {
      appends.push_back(user);
    } else if (writesInput(user, use.offset)) {
      refuse(user, "changes a list in place");
    }
  }
  if (appends.empty()) return;
  for (const auto& use : list->uses()) {
    Node* user = use.user;
    if (user->owningBlock() != graph.block()) refuse(user, "uses an appended-to list in a block");
    if (user->kind() == c10::prim::Return) refuse(construct, "builds a list that is returned");
    if (isAppend(user) && user->output()->hasUses()) refuse(user, "has its result used");
  }
  // In graph order: the list's contents grow at each append; each other use reads a snapshot.
  std::vector<Value*> contents(construct->inputs().begin(), construct->inputs().end());
  for (Node* node = construct->next(); node != graph.return_node(); node = node->next()) {
    bool reads = false;
    for (Value* input : node->inputs()) reads = reads || input == list;
    if (!reads) continue;
    if (isAppend(node)) {
      contents.push_back(node->input(1));
      continue;
    }
    Node* snapshot = graph.createList(list->type()->expectRef<c10::ListType>().getElementType(),
                                      contents);
    snapshot->insertBefore(node);
    snapshot->setSourceRange(construct->sourceRange());
    for (size_t i = 0; i < node->inputs().size(); ++i) {
      if (node->input(i) == list) node->replaceInput(i, snapshot->output());
    }
  }
  for (Node* append : appends) append->destroy();
  if (!list->hasUses()) construct->destroy();
}

}  // namespace

void removeListAppends(torch::jit::Graph& graph) {
  std::vector<Node*> constructs;
  for (Node* node : graph.nodes()) {
    if (node->kind() == c10::prim::ListConstruct) constructs.push_back(node);
  }
  for (Node* construct : constructs) rewriteList(graph, construct);
  // A list that does not come from a prim::ListConstruct (aten::list's copy, say) and is
  // changed in place is refused too. (The traced graph has no nested blocks.)
  for (Node* node : graph.nodes()) {
    for (size_t i = 0; i < node->inputs().size(); ++i) {
      if (node->input(i)->type()->kind() == c10::TypeKind::ListType && writesInput(node, i)) {
        refuse(node, "changes a list in place");
      }
    }
  }
}

}  // namespace aotc::compile
