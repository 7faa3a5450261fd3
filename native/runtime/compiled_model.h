// A compiled model loaded for running: the mobile module (_load_for_mobile) whose method
// calls the nnc backend, plus the compiled function's specs read from its artifact.
// No Node here: the addon and native programs both use it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "runtime/compilation_unit.h"
#include "runtime/compiled_function.h"

namespace aotc::runtime {

class CompiledModel {
 public:
  // Throws std::invalid_argument when the file is missing or is not a compiled model.
  static std::shared_ptr<CompiledModel> load(const std::string& path);
  ~CompiledModel();

  const FunctionSpec& function() const { return function_->spec(); }
  // The compiled function itself, for runs over plain memory (CompiledFunction::runOn).
  CompiledFunction& compiledFunction() const { return *function_; }

  // Runs the compiled function (CompiledFunction::run: input checks, output allocation, the
  // kernel call): what the mobile module's method does through the nnc backend, without the
  // lite interpreter's few microseconds around it. Thread-safe.
  std::vector<at::Tensor> runFunction(const std::vector<at::Tensor>& inputs) const {
    return function_->run(inputs);
  }

  std::optional<std::vector<std::vector<int64_t>>> outputSizesFor(
      const std::vector<at::Tensor>& inputs) const {
    return function_->outputSizesFor(inputs);
  }

  struct Impl;  // defined in the .cpp: only load() can make one
  CompiledModel(std::unique_ptr<Impl> impl, std::shared_ptr<CompiledFunction> function);

 private:
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<CompiledFunction> function_;
};

// Flattens a method's result (a tensor, or tuples/lists of them) into tensors.
void collectTensors(const c10::IValue& value, std::vector<at::Tensor>& out);

}  // namespace aotc::runtime
