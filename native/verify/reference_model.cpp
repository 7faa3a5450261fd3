#include "verify/reference_model.h"

#include <stdexcept>

#include <sys/stat.h>

#include <c10/core/GradMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

#include "runtime/compiled_model.h"
#include "runtime/threads.h"

namespace aotc::verify {

struct ReferenceModel::Impl {
  torch::jit::Module module;
};

ReferenceModel::ReferenceModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReferenceModel::~ReferenceModel() = default;

std::shared_ptr<ReferenceModel> ReferenceModel::load(const std::string& path, bool optimize) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw std::invalid_argument("model file '" + path + "' does not exist");
  }
  auto impl = std::make_unique<Impl>();
  try {
    impl->module = torch::jit::load(path);
  } catch (const c10::Error& error) {
    throw std::invalid_argument("cannot load TorchScript model '" + path +
                                "': " + error.what_without_backtrace());
  }
  impl->module.eval();
  if (optimize) {
    c10::NoGradGuard noGrad;
    auto frozen = torch::jit::freeze(impl->module);
    impl->module = torch::jit::optimize_for_inference(frozen);
  }
  return std::make_shared<ReferenceModel>(std::move(impl));
}

std::vector<at::Tensor> ReferenceModel::run(const std::string& method,
                                            const std::vector<at::Tensor>& inputs) const {
  c10::NoGradGuard noGrad;
  runtime::applyNumThreads();
  auto found = impl_->module.find_method(method);
  if (!found) throw std::invalid_argument("the model has no method '" + method + "'");
  std::vector<c10::IValue> stack(inputs.begin(), inputs.end());
  auto result = (*found)(std::move(stack));
  std::vector<at::Tensor> outputs;
  runtime::collectTensors(result, outputs);
  return outputs;
}

}  // namespace aotc::verify
