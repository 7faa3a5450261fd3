#include "runtime/compiled_model.h"

#include <stdexcept>

#include <sys/stat.h>

#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/mobile/module.h>

#include "runtime/nnc_backend.h"

namespace aotc::runtime {
namespace {

void checkFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw std::invalid_argument("compiled model '" + path + "' does not exist");
  }
}

}  // namespace

struct CompiledModel::Impl {
  torch::jit::mobile::Module module;
};

CompiledModel::CompiledModel(std::unique_ptr<Impl> impl,
                             std::shared_ptr<CompiledFunction> function)
    : impl_(std::move(impl)), function_(std::move(function)) {}

CompiledModel::~CompiledModel() = default;

std::shared_ptr<CompiledModel> CompiledModel::load(const std::string& path) {
  registerNncBackend();
  checkFile(path);
  auto impl = std::make_unique<Impl>();
  try {
    impl->module = torch::jit::_load_for_mobile(path);
  } catch (const c10::Error& error) {
    std::string message = error.what_without_backtrace();
    // A TorchScript model saved by torch.jit.save has no mobile bytecode.
    std::string hint = message.find("bytecode.pkl") != std::string::npos
                           ? " (this looks like a TorchScript model that was not compiled: "
                             "compile it first)"
                           : "";
    throw std::invalid_argument("cannot load compiled model '" + path + "': " + message + hint);
  }
  // Loading ran the backend's compile(), which bound the kernels; find that backend.
  auto functions = findCompiledFunctions(impl->module._ivalue());
  if (functions.empty()) {
    throw std::invalid_argument("'" + path + "' is a mobile model but not one compiled for the "
                                "nnc backend");
  }
  return std::make_shared<CompiledModel>(std::move(impl), std::move(functions.front()));
}

void collectTensors(const c10::IValue& value, std::vector<at::Tensor>& out) {
  if (value.isTensor()) {
    out.push_back(value.toTensor());
  } else if (value.isTuple()) {
    for (const auto& item : value.toTupleRef().elements()) collectTensors(item, out);
  } else if (value.isList()) {
    for (const auto& item : value.toListRef()) collectTensors(item, out);
  } else {
    throw std::runtime_error(std::string("model output of type ") + value.tagKind() +
                             " is not a tensor");
  }
}

}  // namespace aotc::runtime
