#include "codegen/target.h"

#include <mutex>
#include <stdexcept>
#include <string>

#include <llvm/ADT/StringMap.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include "codegen/llvm_target.h"

namespace aotc::codegen {

namespace {

std::string hostFeatureString() {
  std::string features;
  for (const auto& feature : llvm::sys::getHostCPUFeatures()) {
    if (!features.empty()) features += ',';
    features += (feature.getValue() ? '+' : '-');
    features += feature.getKey().str();
  }
  return features;
}

}  // namespace

TargetSpec hostTarget() {
  return TargetSpec{llvm::sys::getProcessTriple(), llvm::sys::getHostCPUName().str(),
                    hostFeatureString()};
}

void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

TargetSpec resolveTarget(const TargetSpec& spec) {
  TargetSpec resolved = spec;
  if (resolved.triple.empty()) resolved.triple = llvm::sys::getProcessTriple();
  // Host CPU features only make sense together with the host CPU name.
  if (resolved.cpu.empty()) {
    resolved.cpu = llvm::sys::getHostCPUName().str();
    if (resolved.features.empty()) resolved.features = hostFeatureString();
  }
  return resolved;
}

std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetSpec& spec) {
  initializeNativeTarget();
  const TargetSpec resolved = resolveTarget(spec);
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(resolved.triple, error);
  if (target == nullptr) {
    throw std::runtime_error("aot codegen: unknown target '" + resolved.triple + "': " + error);
  }
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      resolved.triple, resolved.cpu, resolved.features, options, llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine) {
    throw std::runtime_error("aot codegen: cannot create a target machine for " +
                             resolved.triple);
  }
  return machine;
}

}  // namespace aotc::codegen
