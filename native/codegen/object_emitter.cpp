#include "codegen/object_emitter.h"

#include <stdexcept>

#include <llvm/ADT/SmallVector.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/llvm_target.h"

namespace aotc::codegen {

std::string emitObjectFile(const std::string& assembly, const TargetSpec& target) {
  auto machine = createTargetMachine(target);
  llvm::LLVMContext context;
  llvm::SMDiagnostic diagnostic;
  auto module = llvm::parseAssemblyString(assembly, diagnostic, context);
  if (!module) {
    std::string message;
    llvm::raw_string_ostream stream(message);
    diagnostic.print("kernel.ll", stream);
    throw std::runtime_error("aot codegen: cannot parse the kernel module: " + stream.str());
  }
  module->setDataLayout(machine->createDataLayout());

  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    throw std::runtime_error("aot codegen: " + module->getTargetTriple() +
                             " cannot emit object files");
  }
  passes.run(*module);
  return std::string(buffer.begin(), buffer.end());
}

}  // namespace aotc::codegen
