// Outputs of a run, allocated before it as the JavaScript arrays they will be, so the kernel
// writes straight into them: for runs the main thread waits for (runSync, and run() when it
// runs inline), and for async runs, whose completion then only settles the promise. Large
// outputs take a buffer from the model's output pool while its buffers come back (their
// finalizers run when the event loop turns: recycled memory, already resident); a loop of runs
// that never yields soon has too many out, and then gets memory V8 owns (uninitialised, as
// Buffer.allocUnsafe), which V8 frees and reuses when it collects the arrays, without waiting
// for the event loop. Small outputs always live in V8's memory.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <ATen/core/Tensor.h>
#include <napi.h>

#include "addon/output_pool.h"
#include "runtime/compilation_unit.h"

namespace aotc::addon {

class InlineOutputs {
 public:
  // The outputs for `sizes` (CompiledModel::outputSizesFor); none when sizes is nullopt (the
  // run then refuses its inputs before allocating anything). The handles are local: use the
  // result within the current call from JavaScript.
  static InlineOutputs allocate(Napi::Env env, const runtime::FunctionSpec& spec,
                                const std::optional<std::vector<std::vector<int64_t>>>& sizes,
                                const std::shared_ptr<OutputPool>& pool);

  bool empty() const { return outputs_.empty(); }
  // The outputs' memory, for the run to write into: as pointers, or as tensors viewing it.
  std::vector<void*> pointers() const;
  std::vector<at::Tensor> tensors() const;
  // The run's result for the TypeScript layer (tensor_convert.h's dataToJsNoCopy layout).
  Napi::Array toJs(Napi::Env env, bool withShapes) const;

 private:
  struct Output {
    Napi::ArrayBuffer buffer;
    size_t byteOffset;
    void* data;
    std::vector<int64_t> sizes;
    at::ScalarType dtype;
  };
  std::vector<Output> outputs_;
};

}  // namespace aotc::addon
