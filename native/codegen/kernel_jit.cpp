#include "codegen/kernel_jit.h"

#include <stdexcept>
#include <utility>

#include <llvm/AsmParser/Parser.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/llvm_target.h"

namespace aotc::codegen {

struct JitKernel::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

namespace {

constexpr const char* kSleefLibrary = "libsleef.so.3";

[[noreturn]] void fail(const std::string& what, llvm::Error error) {
  throw std::runtime_error("aot jit: " + what + ": " + llvm::toString(std::move(error)));
}

template <typename T>
T unwrap(llvm::Expected<T> value, const std::string& what) {
  if (!value) fail(what, value.takeError());
  return std::move(*value);
}

void check(llvm::Error error, const std::string& what) {
  if (error) fail(what, std::move(error));
}

// Parses into a fresh context owned by the returned ThreadSafeModule (one per kernel, so
// kernels can be compiled concurrently).
llvm::orc::ThreadSafeModule parseModule(const std::string& assembly) {
  auto context = std::make_unique<llvm::LLVMContext>();
  llvm::SMDiagnostic diagnostic;
  std::unique_ptr<llvm::Module> module =
      llvm::parseAssemblyString(assembly, diagnostic, *context);
  if (!module) {
    std::string message;
    llvm::raw_string_ostream stream(message);
    diagnostic.print("kernel.ll", stream);
    throw std::runtime_error("aot jit: invalid LLVM assembly: " + stream.str());
  }
  return llvm::orc::ThreadSafeModule(std::move(module), std::move(context));
}

}  // namespace

JitKernel::JitKernel(std::unique_ptr<Impl> impl, KernelEntry entry)
    : impl_(std::move(impl)), entry_(entry) {}

JitKernel::~JitKernel() = default;

std::unique_ptr<JitKernel> JitKernel::compile(
    const std::string& llvmAssembly,
    const std::string& kernelFuncName,
    const std::unordered_map<std::string, void*>& externalSymbols) {
  initializeTargets();
  llvm::orc::ThreadSafeModule module = parseModule(llvmAssembly);

  auto machineBuilder = unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(),
                               "cannot detect the host");
  machineBuilder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto impl = std::make_unique<Impl>();
  impl->jit = unwrap(llvm::orc::LLJITBuilder()
                         .setJITTargetMachineBuilder(std::move(machineBuilder))
                         .create(),
                     "cannot create the JIT");
  llvm::orc::LLJIT& jit = *impl->jit;
  llvm::orc::JITDylib& dylib = jit.getMainJITDylib();

  llvm::orc::SymbolMap symbols;
  for (const auto& [name, address] : externalSymbols) {
    symbols[jit.mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  }
  if (!symbols.empty()) {
    check(dylib.define(llvm::orc::absoluteSymbols(std::move(symbols))),
          "cannot define external symbols");
  }
  // Everything else (malloc, free, expf, ...) comes from the libraries already loaded.
  char prefix = jit.getDataLayout().getGlobalPrefix();
  dylib.addGenerator(unwrap(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix),
                            "cannot search the current process"));
  // Node loads addons without RTLD_GLOBAL, so libsleef (loaded by libtorch_cpu, providing the
  // vector math kernels call) is not visible process-wide: search it by name.
  if (auto sleef = llvm::orc::DynamicLibrarySearchGenerator::Load(kSleefLibrary, prefix)) {
    dylib.addGenerator(std::move(*sleef));
  } else {
    llvm::consumeError(sleef.takeError());  // without it, kernels using SLEEF fail to link, by name
  }

  check(jit.addIRModule(std::move(module)), "cannot add the kernel module");
  auto address = unwrap(jit.lookup(kernelFuncName), "cannot find " + kernelFuncName);
  return std::make_unique<JitKernel>(std::move(impl), address.toPtr<KernelEntry>());
}

}  // namespace aotc::codegen
