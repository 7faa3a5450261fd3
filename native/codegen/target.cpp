#include "codegen/target.h"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <llvm/ADT/StringMap.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

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

std::string knownTargets() {
  std::string names;
  for (const auto& target : llvm::TargetRegistry::targets()) {
    names += names.empty() ? "" : ", ";
    names += target.getName();
  }
  return names;
}

const llvm::Target& lookupTarget(const std::string& triple) {
  initializeTargets();
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) {
    throw std::invalid_argument("unknown target '" + triple + "' (" + error +
                                "); architectures LLVM was built with: " + knownTargets() +
                                "; e.g. x86_64-linux-gnu, aarch64-linux-gnu, aarch64-linux-android");
  }
  return *target;
}

std::unique_ptr<llvm::MCSubtargetInfo> subtargetInfo(const TargetSpec& spec) {
  const llvm::Target& target = lookupTarget(spec.triple);
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target.createMCSubtargetInfo(spec.triple, spec.cpu, spec.features));
  if (!info) throw std::invalid_argument("LLVM has no subtarget information for " + spec.triple);
  return info;
}

void checkCpu(const TargetSpec& spec) {
  auto info = subtargetInfo({spec.triple, "", "", spec.sleefVectorMath});
  if (info->isCPUStringValid(spec.cpu)) return;
  std::string cpus;
  for (const auto& cpu : info->getAllProcessorDescriptions()) {
    cpus += cpus.empty() ? "" : ", ";
    cpus += cpu.Key;
  }
  throw std::invalid_argument("unknown CPU '" + spec.cpu + "' for " + spec.triple +
                              "; valid CPUs: " + cpus);
}

}  // namespace

TargetSpec hostTarget() {
  return TargetSpec{llvm::sys::getProcessTriple(), llvm::sys::getHostCPUName().str(),
                    hostFeatureString()};
}

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers();
  });
}

TargetSpec resolveTarget(const TargetSpec& spec) {
  TargetSpec resolved = spec;
  const std::string hostTriple = llvm::sys::getProcessTriple();
  if (resolved.triple.empty()) resolved.triple = hostTriple;
  resolved.triple = llvm::Triple::normalize(resolved.triple);
  lookupTarget(resolved.triple);
  bool hostArch = llvm::Triple(resolved.triple).getArch() == llvm::Triple(hostTriple).getArch();
  if (!resolved.cpu.empty()) {
    checkCpu(resolved);
  } else {
    if (hostArch) {
      // The host CPU's features are exact; its name alone may be unknown to LLVM's tables.
      resolved.cpu = llvm::sys::getHostCPUName().str();
      if (resolved.features.empty()) resolved.features = hostFeatureString();
    } else {
      resolved.cpu = "generic";
    }
  }
  return resolved;
}

std::vector<std::string> enabledFeatures(const TargetSpec& resolved) {
  auto info = subtargetInfo(resolved);
  const llvm::FeatureBitset& bits = info->getFeatureBits();
  std::vector<std::string> names;
  for (const auto& feature : info->getAllProcessorFeatures()) {
    if (bits.test(feature.Value)) names.emplace_back(feature.Key);
  }
  return names;
}

void checkRunsOnHost(const std::string& triple, const std::vector<std::string>& features) {
  const std::string hostTriple = llvm::sys::getProcessTriple();
  if (llvm::Triple(triple).getArch() != llvm::Triple(hostTriple).getArch()) {
    throw std::runtime_error("this model was compiled for " + triple +
                             " and cannot run on this machine (" + hostTriple +
                             "); compile it without --target to run it here");
  }
  // Only instruction-set features the host reports are checked: tuning flags in a CPU's
  // feature list are not something a host has or lacks.
  auto host = llvm::sys::getHostCPUFeatures();
  std::string missing;
  for (const auto& feature : features) {
    auto it = host.find(feature);
    if (it != host.end() && !it->getValue()) missing += (missing.empty() ? "" : ", ") + feature;
  }
  if (!missing.empty()) {
    throw std::runtime_error("this model's kernel uses CPU features this machine (" +
                             llvm::sys::getHostCPUName().str() + ") lacks: " + missing +
                             "; compile it for this CPU (without --cpu) to run it here");
  }
}

std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetSpec& spec) {
  const TargetSpec resolved = resolveTarget(spec);
  const llvm::Target& target = lookupTarget(resolved.triple);
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target.createTargetMachine(
      resolved.triple, resolved.cpu, resolved.features, options, llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine) {
    throw std::runtime_error("aot codegen: cannot create a target machine for " +
                             resolved.triple);
  }
  return machine;
}

}  // namespace aotc::codegen
