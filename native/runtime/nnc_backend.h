// The `nnc` runtime backend (`__torch__.torch.classes.__backends__.nnc`): the class the
// lowered module's methods call. compile() reads the nnc compilation unit and binds each
// function's kernel; execute() runs one.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <ATen/core/ivalue.h>

#include "runtime/compiled_function.h"

namespace aotc::runtime {

// Registers the backend class. Idempotent; must run before codegen_backend_module("nnc")
// or _load_for_mobile of a compiled model.
void registerNncBackend();

// The compiled functions of the nnc backend instance inside a loaded module (found by walking
// the module's object graph to the backend's capsule). Empty when there is none.
std::vector<std::shared_ptr<CompiledFunction>> findCompiledFunctions(const c10::IValue& module);

// While alive on this thread, backends created by compile() skip binding kernels (the AOT
// compiler lowers a module it only saves; binding happens when the saved model is loaded).
class DeferKernelBinding {
 public:
  DeferKernelBinding();
  ~DeferKernelBinding();
  DeferKernelBinding(const DeferKernelBinding&) = delete;
  DeferKernelBinding& operator=(const DeferKernelBinding&) = delete;

 private:
  bool previous_;
};

}  // namespace aotc::runtime
