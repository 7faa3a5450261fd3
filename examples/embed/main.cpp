// Runs a compiled model from C++: embed <model.compiled.pt> <dims, e.g. 1,3,224,224>
// The one input is filled with sin(i) (i = flat index) so a caller can reproduce it; each
// output is printed as a line "shape d0 d1 ..." then one value per line.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/mobile/module.h>

#include "runtime/compiled_model.h"
#include "runtime/kernel_registry.h"
#include "runtime/nnc_backend.h"

// The kernel object defines it; its name is nnc_<model>_<version>_<method>.
extern "C" int32_t AOTC_KERNEL_FUNC(void** args);

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <model.compiled.pt> <dims>\n", argv[0]);
    return 2;
  }
  std::vector<int64_t> dims;
  std::stringstream text(argv[2]);
  for (std::string dim; std::getline(text, dim, ',');) dims.push_back(std::stoll(dim));

  try {
    // The nnc backend class must exist before loading; the kernel is found by its id.
    aotc::runtime::registerNncBackend();
    aotc::runtime::registerKernel(AOTC_KERNEL_ID, &AOTC_KERNEL_FUNC);

    torch::jit::mobile::Module module = torch::jit::_load_for_mobile(argv[1]);
    at::Tensor input = at::empty(dims, at::kFloat);
    float* data = input.data_ptr<float>();
    for (int64_t i = 0; i < input.numel(); ++i) data[i] = static_cast<float>(std::sin(static_cast<double>(i)));

    c10::IValue result = module.forward({input});
    std::vector<at::Tensor> outputs;
    aotc::runtime::collectTensors(result, outputs);
    for (const auto& output : outputs) {
      at::Tensor values = output.contiguous().to(at::kDouble);
      std::printf("shape");
      for (int64_t size : values.sizes()) std::printf(" %lld", static_cast<long long>(size));
      std::printf("\n");
      const double* v = values.data_ptr<double>();
      for (int64_t i = 0; i < values.numel(); ++i) std::printf("%.9g\n", v[i]);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
