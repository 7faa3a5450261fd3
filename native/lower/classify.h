// Which ops of a prepared graph the kernel can lower, and who lowers them: NNC's standard
// registry ("native"), this project ("project"), or nobody ("unsupported"). Used by the
// inspect command and by the compile error for unsupported ops.
#pragma once

#include <string>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

namespace aotc::lower {

enum class OpStatus { Native, Project, Unsupported };

const char* opStatusName(OpStatus status);

struct OpInfo {
  std::string kind;        // aten::max_pool2d
  std::string schema;      // the node's schema, "" for ops without one (prim::)
  int count = 0;           // nodes of this kind and schema
  OpStatus status = OpStatus::Unsupported;
  std::string sourceLine;  // file:line:col of the first such node, "" when unknown
};

// file:line:col of the model code a node comes from, "" when unknown.
std::string sourceLineOf(const torch::jit::Node* node);

// One entry per (kind, schema), in graph order. Constants and list constructions (bound by
// the kernel, not lowered) and nodes whose results are unused (skipped by the kernel) are
// not listed.
std::vector<OpInfo> classifyGraph(const torch::jit::Graph& graph);

// Throws std::runtime_error naming every unsupported op: kind, schema, source line and the
// model code there, instead of TensorExprKernel's bare "Unhandled node kind".
void requireSupported(const torch::jit::Graph& graph);

// The source line and code of every node of `kind` ("aten::select"), a line each under a
// heading, for errors a lowering raises without knowing its node; "" when there are none.
std::string whereOpsAre(const torch::jit::Graph& graph, const std::string& kind);

}  // namespace aotc::lower
