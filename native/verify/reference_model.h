// The original TorchScript model, run by libtorch: the oracle compiled models are checked
// against (eval mode, no grad).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace aotc::verify {

class ReferenceModel {
 public:
  // With `optimize`, the model is torch::jit::freeze'd and optimize_for_inference'd: the best
  // the interpreter does (the bench's comparison), not the oracle.
  static std::shared_ptr<ReferenceModel> load(const std::string& path, bool optimize = false);
  ~ReferenceModel();
  std::vector<at::Tensor> run(const std::string& method, const std::vector<at::Tensor>& inputs) const;

  struct Impl;  // defined in the .cpp: only load() can make one
  explicit ReferenceModel(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace aotc::verify
