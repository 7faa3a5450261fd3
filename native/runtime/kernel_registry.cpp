#include "runtime/kernel_registry.h"

#include <mutex>
#include <unordered_map>

namespace aotc::runtime {
namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_map<std::string, KernelEntry> kernels;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void registerKernel(const std::string& kernelId, KernelEntry entry) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.kernels[kernelId] = entry;
}

KernelEntry findRegisteredKernel(const std::string& kernelId) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.kernels.find(kernelId);
  return it == r.kernels.end() ? nullptr : it->second;
}

}  // namespace aotc::runtime
