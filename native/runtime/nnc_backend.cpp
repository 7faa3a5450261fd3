#include "runtime/nnc_backend.h"

#include <mutex>
#include <stdexcept>

#include <torch/csrc/jit/backends/backend.h>

namespace aotc::runtime {
namespace {

thread_local bool deferBinding = false;

class NncBackend : public torch::jit::PyTorchBackendInterface {
 public:
  bool is_available() override { return true; }

  c10::impl::GenericDict compile(c10::IValue processed,
                                 c10::impl::GenericDict methodCompileSpec) override {
    for (auto& spec : deserializeCompilationUnit(processed)) {
      auto name = spec.name;
      auto function = std::make_shared<CompiledFunction>(std::move(spec));
      if (!deferBinding) function->bind();
      functions_[name] = std::move(function);
    }
    c10::impl::GenericDict handles(c10::StringType::get(), c10::AnyType::get());
    for (const auto& entry : methodCompileSpec) {
      const auto& method = entry.key().toStringRef();
      if (!functions_.count(method)) {
        throw std::runtime_error("nnc backend: the compiled model has no kernel for method '" +
                                 method + "'");
      }
      handles.insert(method, method);  // the handle of a method is its name
    }
    return handles;
  }

  c10::impl::GenericList execute(c10::IValue handle, c10::impl::GenericList inputs) override {
    auto it = functions_.find(handle.toStringRef());
    if (it == functions_.end()) {
      throw std::runtime_error("nnc backend: unknown method handle '" + handle.toStringRef() + "'");
    }
    std::vector<at::Tensor> tensors;
    tensors.reserve(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      c10::IValue input = inputs.get(i);
      // Optional inputs given no dims were bound to None at compile time: the kernel has none.
      if (input.isNone()) continue;
      if (!input.isTensor()) throw std::invalid_argument("nnc backend: inputs must be tensors");
      tensors.push_back(input.toTensor());
    }
    c10::impl::GenericList outputs(c10::TensorType::get());
    for (auto& output : it->second->run(tensors)) outputs.push_back(std::move(output));
    return outputs;
  }

  std::vector<std::shared_ptr<CompiledFunction>> functions() const {
    std::vector<std::shared_ptr<CompiledFunction>> all;
    for (const auto& entry : functions_) all.push_back(entry.second);
    return all;
  }

 private:
  // Written by compile() (once, at load), then only read.
  std::unordered_map<std::string, std::shared_ptr<CompiledFunction>> functions_;
};

}  // namespace

std::vector<std::shared_ptr<CompiledFunction>> findCompiledFunctions(const c10::IValue& module) {
  std::vector<const c10::IValue*> pending{&module};
  for (size_t depth = 0; depth < 16 && !pending.empty(); ++depth) {
    std::vector<const c10::IValue*> next;
    for (const auto* value : pending) {
      if (value->isCapsule()) {
        auto holder = value->toCapsule();
        if (auto* backend = dynamic_cast<NncBackend*>(holder.get())) return backend->functions();
      } else if (value->isObject()) {
        for (const auto& slot : value->toObjectRef().slots()) next.push_back(&slot);
      }
    }
    pending = std::move(next);
  }
  return {};
}

void registerNncBackend() {
  static std::once_flag once;
  std::call_once(once, [] { static torch::jit::backend<NncBackend> backend("nnc"); });
}

DeferKernelBinding::DeferKernelBinding() : previous_(deferBinding) { deferBinding = true; }
DeferKernelBinding::~DeferKernelBinding() { deferBinding = previous_; }

}  // namespace aotc::runtime
