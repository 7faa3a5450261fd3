// One compiled method at run time: checks inputs against the specs, lays out the kernel's
// argument array (inputs, symbolic shapes, outputs, parameters, buffers) and calls it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <ATen/core/Tensor.h>

#include "runtime/compilation_unit.h"
#include "runtime/kernel_provider.h"
#include "runtime/kernel_registry.h"
#include "runtime/workspace_pool.h"

namespace aotc::runtime {

class CompiledFunction {
 public:
  explicit CompiledFunction(FunctionSpec spec);
  ~CompiledFunction();

  const FunctionSpec& spec() const { return spec_; }

  // Resolves the kernel's machine code (a kernel linked in for its id, else the installed
  // kernel provider, e.g. the JIT of kernel_ir). Called
  // at load; run() calls it when the load deferred it. Thread-safe.
  void bind();

  // Thread-safe: concurrent runs share only read-only state.
  std::vector<at::Tensor> run(const std::vector<at::Tensor>& inputs);

  // Each output's sizes for these inputs, as run() allocates them; nullopt for inputs run()
  // refuses outright (it then says why).
  std::optional<std::vector<std::vector<int64_t>>> outputSizesFor(
      const std::vector<at::Tensor>& inputs) const;

 private:
  std::vector<at::Tensor> prepareInputs(const std::vector<at::Tensor>& inputs,
                                        std::vector<int64_t>& symbolValues) const;

  FunctionSpec spec_;
  std::vector<void*> parameterPointers_;
  std::unique_ptr<WorkspacePool> workspaces_;  // memory_plan buffers, reused across runs
  std::once_flag bound_;
  KernelBinding binding_;
};

}  // namespace aotc::runtime
