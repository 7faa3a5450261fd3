#include "compile/aot_compiler.h"

#include <fstream>
#include <future>
#include <stdexcept>

#include <sys/stat.h>

#include <torch/csrc/jit/backends/backend_detail.h>
#include <torch/csrc/jit/passes/freeze_module.h>
#include <torch/csrc/jit/serialization/import.h>

#include "codegen/jit_kernel_provider.h"
#include "codegen/object_emitter.h"
#include "codegen/target.h"
#include "compile/nnc_preprocess.h"
#include "compile/output_file.h"
#include "compile/receiver_name.h"
#include "runtime/nnc_backend.h"

namespace aotc::compile {
namespace {

std::string withoutBacktrace(const c10::Error& error) { return error.what_without_backtrace(); }

void checkModelFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw std::invalid_argument("model file '" + path + "' does not exist");
  }
  if (!S_ISREG(info.st_mode)) throw std::invalid_argument("model path '" + path + "' is not a file");
  if (info.st_size == 0) throw std::invalid_argument("model file '" + path + "' is empty");
}

bool sameFile(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// libtorch's reader messages name zip internals; say what that means for the user's file.
std::string describeLoadError(const std::string& message) {
  std::string text = message;
  const std::string boilerplate = "  (Could this error message be improved?";
  auto cut = text.find(boilerplate);
  if (cut != std::string::npos) text.erase(cut);
  bool notAnArchive = text.find("PytorchStreamReader") != std::string::npos ||
                      text.find("hasRecord") != std::string::npos;
  if (notAnArchive) {
    text += " (the file is not a complete TorchScript archive: save the model with "
            "torch.jit.save, and check the file was not truncated)";
  }
  return text;
}

torch::jit::Module loadModel(const std::string& path) {
  try {
    return torch::jit::load(path);
  } catch (const c10::Error& error) {
    throw std::invalid_argument("cannot load TorchScript model '" + path +
                                "': " + describeLoadError(withoutBacktrace(error)));
  }
}

// codegen_backend_module keeps the preprocess result as the `__processed_module` attribute of
// the lowered module, which sits inside the wrapper it returns.
c10::IValue findProcessedModule(const torch::jit::Module& module) {
  if (module.hasattr("__processed_module")) return module.attr("__processed_module");
  for (const auto& child : module.children()) {
    auto found = findProcessedModule(child);
    if (!found.isNone()) return found;
  }
  return c10::IValue();
}

}  // namespace

std::string defaultObjectPath(const std::string& llvmPath) {
  const std::string suffix = ".ll";
  bool hasSuffix = llvmPath.size() > suffix.size() &&
                   llvmPath.compare(llvmPath.size() - suffix.size(), suffix.size(), suffix) == 0;
  return (hasSuffix ? llvmPath.substr(0, llvmPath.size() - suffix.size()) : llvmPath) + ".o";
}

void registerNncBackendAndPreprocess() {
  registerNncPreprocess();
  runtime::registerNncBackend();
  codegen::installJitKernelProvider();
}

runtime::FunctionSpec compileModel(const CompileRequest& originalRequest,
                                   const ProgressReporter& progress) {
  CompileRequest request = originalRequest;
  if (request.outputObject.empty()) request.outputObject = defaultObjectPath(request.outputLlvm);
  registerNncBackendAndPreprocess();
  ProgressScope progressScope(progress);
  checkModelFile(request.modelPath);
  const std::string* outputs[] = {&request.outputLlvm, &request.outputModel, &request.outputObject};
  for (size_t i = 0; i < 3; ++i) {
    if (sameFile(*outputs[i], request.modelPath)) {
      throw std::invalid_argument("output path '" + *outputs[i] + "' is the input model itself");
    }
    for (size_t j = 0; j < i; ++j) {
      if (*outputs[i] == *outputs[j]) {
        throw std::invalid_argument("two outputs have the same path '" + *outputs[i] + "'");
      }
    }
  }
  // An unknown target or CPU is refused before any work.
  auto target = codegen::resolveTarget({request.spec.target, request.spec.cpu, ""});
  OutputFile llvmFile(request.outputLlvm);
  OutputFile modelFile(request.outputModel);
  OutputFile objectFile(request.outputObject);

  reportProgress("load");
  auto module = loadModel(request.modelPath);
  module.eval();
  if (!module.find_method(request.spec.methodName)) {
    std::string names;
    for (const auto& method : module.get_methods()) names += (names.empty() ? "" : ", ") + method.name();
    throw std::invalid_argument("the model has no method '" + request.spec.methodName +
                                "' (its methods: " + (names.empty() ? "none" : names) + ")");
  }

  reportProgress("freeze");
  std::vector<std::string> preserved;
  if (request.spec.methodName != "forward") preserved.push_back(request.spec.methodName);
  auto frozen = torch::jit::freeze_module(module.clone(), preserved);
  nameReceiverSelf(frozen, request.spec.methodName);

  auto spec = request.spec;
  spec.asmFile = request.outputLlvm;
  c10::Dict<c10::IValue, c10::IValue> compileSpec(c10::StringType::get(), c10::AnyType::get());
  compileSpec.insert(spec.methodName, toMethodSpecDict(spec));

  torch::jit::Module lowered;
  {
    runtime::DeferKernelBinding deferred;
    try {
      lowered = torch::jit::detail::codegen_backend_module(
          "nnc", frozen, compileSpec,
          c10::DictType::create(c10::StringType::get(), c10::AnyType::get()));
    } catch (const c10::Error& error) {
      throw std::runtime_error(withoutBacktrace(error));
    }
  }

  reportProgress("write");
  auto functions = runtime::deserializeCompilationUnit(findProcessedModule(lowered));
  if (functions.size() != 1) throw std::runtime_error("expected one compiled function");
  // The object file (LLVM's backend run over the kernel) and the mobile model (the weights
  // serialised) do not depend on each other: the object is emitted on another thread meanwhile.
  const std::string& kernelIr = functions.front().kernelIr;
  auto object = std::async(std::launch::async,
                           [&kernelIr, &target] { return codegen::emitObjectFile(kernelIr, target); });
  llvmFile.write(kernelIr);
  try {
    lowered._save_for_mobile(modelFile.temporaryPath());
  } catch (const c10::Error& error) {
    throw std::runtime_error("cannot save the compiled model: " + withoutBacktrace(error));
  }
  objectFile.write(object.get());
  llvmFile.commit();
  objectFile.commit();
  modelFile.commit();
  return functions.front();
}

}  // namespace aotc::compile
