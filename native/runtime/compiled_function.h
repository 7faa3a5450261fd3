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

  // The same run over plain memory, without at::Tensor: for a caller holding dense row-major
  // inputs that allocates the outputs itself (the Node addon's inline runs; making tensors
  // around its buffers cost microseconds per run once a large model has evicted libtorch's
  // code from the caches). Only where every input is read row-major (rowMajorInputs()).
  struct InputView {
    const void* data;
    c10::ScalarType dtype;
    c10::IntArrayRef sizes;
  };
  bool rowMajorInputs() const;
  // Checks the inputs as run() does (throws std::invalid_argument naming the input) and
  // returns the values of the shape symbols.
  std::vector<int64_t> checkInputs(const std::vector<InputView>& inputs) const;
  std::vector<int64_t> outputSizes(size_t output, const std::vector<int64_t>& symbolValues) const;
  // Runs on checked inputs, writing outputs[o] (outputSizes(o, symbolValues), dense).
  void runOn(const std::vector<InputView>& inputs, std::vector<int64_t> symbolValues,
             const std::vector<void*>& outputs);

 private:
  std::vector<at::Tensor> prepareInputs(const std::vector<at::Tensor>& inputs,
                                        std::vector<int64_t>& symbolValues) const;
  void callKernel(const std::vector<const void*>& inputs, std::vector<int64_t>& symbolValues,
                  const std::vector<void*>& outputs);

  FunctionSpec spec_;
  std::vector<void*> parameterPointers_;
  std::unique_ptr<WorkspacePool> workspaces_;  // memory_plan buffers, reused across runs
  std::once_flag bound_;
  KernelBinding binding_;
};

}  // namespace aotc::runtime
