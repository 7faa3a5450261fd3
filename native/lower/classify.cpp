#include "lower/classify.h"

#include <map>
#include <tuple>
#include <sstream>
#include <stdexcept>

#include <torch/csrc/jit/tensorexpr/lowerings.h>

#include "lower/lowerings.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;

bool isLowered(const Node* node) {
  auto kind = node->kind();
  if (kind == c10::prim::Constant || kind == c10::prim::ListConstruct) return false;
  for (const auto* output : node->outputs()) {
    if (output->hasUses()) return true;
  }
  return false;
}

std::string schemaOf(const Node* node) {
  const auto* schema = node->maybeSchema();
  return schema ? c10::toString(*schema) : std::string();
}

// Why NNC's lowering of `node` cannot be used here, or "" when it can. A lowering makes one
// tensor, the node's first output (only prim::ConstantChunk is lowered per output), so a model
// reading another output (aten::max.dim's indices) would read memory nothing wrote. And
// aten::max.dim's external call, nnc_aten_max_red, returns a new tensor instead of writing its
// output buffer (NNC reaches it only through an allocating call this code generator lacks).
std::string whyNativeUnusable(const Node* node) {
  if (node->kind() == c10::prim::ConstantChunk) return "";
  for (size_t i = 1; i < node->outputs().size(); ++i) {
    if (!node->outputs()[i]->hasUses()) continue;
    const auto* schema = node->maybeSchema();
    const bool named = schema && i < schema->returns().size() && !schema->returns()[i].name().empty();
    return "NNC lowers only its first output; the model uses output " +
           (named ? "'" + schema->returns()[i].name() + "'" : std::to_string(i + 1));
  }
  if (node->kind() == c10::aten::max && node->outputs().size() == 2) {
    return "NNC lowers it through nnc_aten_max_red, which leaves the output unwritten";
  }
  return "";
}

bool nncHasLowering(const Node* node) {
  std::string schema = schemaOf(node);
  return !schema.empty() && torch::jit::tensorexpr::getStandardLoweringFor(schema);
}

OpStatus statusOf(const Node* node, const LoweringMap& ours) {
  if (ours.count(node->kind())) return OpStatus::Project;
  if (node->kind() == c10::prim::ConstantChunk) return OpStatus::Native;
  if (nncHasLowering(node) && whyNativeUnusable(node).empty()) return OpStatus::Native;
  return OpStatus::Unsupported;
}

// The model's own source when the serialized code records it (torch.jit.save keeps the
// original Python source as debug info), else the serialized code's.
torch::jit::SourceRange originalRange(const Node* node) {
  const auto& range = node->sourceRange();
  if (auto original = range.findSourceRangeThatGenerated()) return *original;
  return range;
}

// The model code at the node's source range, trimmed to its first line.
std::string sourceTextOf(const Node* node) {
  auto range = originalRange(node);
  if (!range.source()) return "";
  std::string text = range.text().str();
  auto newline = text.find('\n');
  if (newline != std::string::npos) text = text.substr(0, newline) + " ...";
  return text;
}

// Where the model called into the op, outermost first, from the inlined call stack
// (freezing inlines submodules' methods and records their call sites).
std::vector<std::string> callSitesOf(const Node* node) {
  std::vector<std::string> sites;
  auto stack = node->callstack();
  if (!stack) return sites;
  for (const auto& entry : (*stack)->vec()) {
    auto range = std::get<1>(entry);
    if (auto original = range.findSourceRangeThatGenerated()) range = *original;
    auto location = range.file_line_col();
    if (!location) continue;
    const auto& [file, line, col] = *location;
    sites.push_back(file + ":" + std::to_string(line) + ":" + std::to_string(col));
  }
  return sites;
}

}  // namespace

std::string sourceLineOf(const Node* node) {
  auto location = originalRange(node).file_line_col();
  if (!location) return "";
  const auto& [file, line, col] = *location;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

const char* opStatusName(OpStatus status) {
  switch (status) {
    case OpStatus::Native: return "native";
    case OpStatus::Project: return "project";
    case OpStatus::Unsupported: return "unsupported";
  }
  return "unsupported";
}

std::vector<OpInfo> classifyGraph(const torch::jit::Graph& graph) {
  auto ours = customLowerings();
  std::vector<OpInfo> ops;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto* node : graph.nodes()) {
    if (!isLowered(node)) continue;
    OpInfo info;
    info.kind = node->kind().toQualString();
    info.schema = schemaOf(node);
    auto key = std::make_pair(info.kind, info.schema);
    auto found = index.find(key);
    if (found != index.end()) {
      auto& existing = ops[found->second];
      ++existing.count;
      if (existing.sourceLine.empty()) existing.sourceLine = sourceLineOf(node);
      continue;
    }
    info.count = 1;
    info.status = statusOf(node, ours);
    info.sourceLine = sourceLineOf(node);
    index.emplace(key, ops.size());
    ops.push_back(std::move(info));
  }
  return ops;
}

void requireSupported(const torch::jit::Graph& graph) {
  auto ours = customLowerings();
  std::ostringstream message;
  int unsupported = 0;
  for (const auto* node : graph.nodes()) {
    if (!isLowered(node) || statusOf(node, ours) != OpStatus::Unsupported) continue;
    ++unsupported;
    message << "\n  " << node->kind().toQualString();
    std::string schema = schemaOf(node);
    message << "\n    schema: " << (schema.empty() ? "(none)" : schema);
    if (nncHasLowering(node)) message << "\n    why: " << whyNativeUnusable(node);
    std::string line = sourceLineOf(node);
    message << "\n    at: " << (line.empty() ? "(unknown source line)" : line);
    std::string text = sourceTextOf(node);
    if (!text.empty()) message << "\n    code: " << text;
    for (const auto& site : callSitesOf(node)) message << "\n    called from: " << site;
  }
  if (unsupported > 0) {
    throw std::runtime_error("unsupported op" + std::string(unsupported > 1 ? "s" : "") +
                             " (neither NNC nor aot-model-compiler lowers " +
                             (unsupported > 1 ? "them" : "it") + "):" + message.str());
  }
}

std::string whereOpsAre(const torch::jit::Graph& graph, const std::string& kind) {
  std::ostringstream where;
  for (const auto* node : graph.nodes()) {
    if (node->kind().toQualString() != kind) continue;
    std::string line = sourceLineOf(node);
    where << "\n    " << (line.empty() ? "(unknown source line)" : line);
    std::string text = sourceTextOf(node);
    if (!text.empty()) where << ": " << text;
  }
  if (where.tellp() == 0) return "";
  return "\n  the model's " + kind + " ops:" + where.str();
}

}  // namespace aotc::lower
