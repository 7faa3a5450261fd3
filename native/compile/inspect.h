// The inspect entry point: the method's graph after the same passes the nnc preprocess runs
// (load, eval, freeze, specialise, trace, rewrite), and each op with who lowers it.
#pragma once

#include <string>
#include <vector>

#include "compile/method_spec.h"

namespace aotc::compile {

struct InspectedOp {
  std::string kind;
  std::string schema;
  int count = 0;
  std::string status;  // "native" (NNC), "project" (ours) or "unsupported"
  std::string sourceLine;
};

struct InspectResult {
  std::vector<InspectedOp> ops;
  std::string graph;  // the prepared graph, as TorchScript IR text
};

// Throws std::invalid_argument for a missing/unloadable model or a bad method name or spec,
// std::runtime_error for failures in the passes. Unsupported ops are reported, not thrown.
InspectResult inspectModel(const std::string& modelPath, const MethodSpec& spec);

}  // namespace aotc::compile
