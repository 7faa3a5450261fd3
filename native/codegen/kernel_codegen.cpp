#include "codegen/kernel_codegen.h"

#include <stdexcept>
#include <unordered_map>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/emitter.h"
#include "codegen/llvm_target.h"
#include "codegen/optimize.h"
#include "runtime/workspace_calls.h"

namespace aotc::codegen {

namespace {

using BufferArg = te::CodeGen::BufferArg;

void setTargetAttributes(llvm::Function& function, const TargetSpec& target) {
  function.addFnAttr("target-cpu", target.cpu);
  if (!target.features.empty()) function.addFnAttr("target-features", target.features);
  // LLVM prefers 256-bit vectors on AVX-512 CPUs by default; use the full width.
  if (llvm::StringRef(target.features).contains("+avx512f")) {
    function.addFnAttr("prefer-vector-width", "512");
  }
  function.addFnAttr(llvm::Attribute::NoUnwind);
}

// The kernel body as an internal function taking each argument directly, so buffer pointers
// can be marked noalias (inputs, outputs and constants are distinct allocations); the
// inliner turns that into alias scopes inside the exported entry.
llvm::Function* emitBody(llvm::Module& module, const KernelSource& source,
                         const TargetSpec& target) {
  llvm::LLVMContext& context = module.getContext();
  llvm::IRBuilder<> builder(context);
  std::vector<llvm::Type*> params;
  std::unordered_map<te::VarPtr, int> uses;
  for (const BufferArg& arg : source.bufferArgs) uses[arg.var()]++;

  for (const BufferArg& arg : source.bufferArgs) {
    if (!arg.isVar()) {
      params.push_back(builder.getPtrTy());
    } else if (arg.dtype().lanes() != 1) {
      unsupported("vector scalar argument");
    } else {
      params.push_back(llvmScalarType(context, arg.dtype().scalar_type()));
    }
  }
  const bool hasWorkspace = source.workspace.bytes > 0;
  if (hasWorkspace) params.push_back(builder.getPtrTy());

  llvm::Function* body = llvm::Function::Create(
      llvm::FunctionType::get(builder.getVoidTy(), params, false),
      llvm::GlobalValue::InternalLinkage, source.kernelFuncName + ".body", module);
  setTargetAttributes(*body, target);
  body->addFnAttr(llvm::Attribute::AlwaysInline);
  auto* entry = llvm::BasicBlock::Create(context, "entry", body);
  builder.SetInsertPoint(entry);
  KernelEmitter emitter(module, *body, builder);
  for (size_t i = 0; i < source.bufferArgs.size(); ++i) {
    const BufferArg& arg = source.bufferArgs[i];
    llvm::Argument* value = body->getArg(i);
    value->setName(arg.var()->name_hint());
    emitter.bind(arg.var(), value);
    if (arg.isVar()) continue;
    if (uses[arg.var()] == 1) value->addAttr(llvm::Attribute::NoAlias);
    const int elementSize = arg.buf()->dtype().byte_size();
    if (elementSize > 0) {
      value->addAttr(llvm::Attribute::getWithAlignment(context, llvm::Align(elementSize)));
    }
  }
  if (hasWorkspace) {
    llvm::Argument* workspace = body->getArg(source.bufferArgs.size());
    workspace->setName("workspace");
    // Reached only through aotc_workspace_buffer, which hands out disjoint pieces of it.
    workspace->addAttr(llvm::Attribute::NoAlias);
    workspace->addAttr(llvm::Attribute::getWithAlignment(
        context, llvm::Align(runtime::kWorkspaceAlignment)));
    emitter.useWorkspace(workspace, &source.workspace);
  } else if (!source.workspace.offsets.empty()) {
    throw std::runtime_error("aot codegen: buffers planned in an empty workspace");
  }
  emitter.emit(source.stmt);
  builder.CreateRetVoid();
  return body;
}

// i32 @<kernelFuncName>(ptr %args): unpacks args[i] (a data pointer, or a pointer to a
// scalar; then the workspace pointer, if any) and calls the body.
void emitEntry(llvm::Module& module, llvm::Function& body, const KernelSource& source,
               const TargetSpec& target) {
  llvm::LLVMContext& context = module.getContext();
  llvm::IRBuilder<> builder(context);
  auto* type = llvm::FunctionType::get(builder.getInt32Ty(), {builder.getPtrTy()}, false);
  llvm::Function* entry = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                                 source.kernelFuncName, module);
  if (entry->getName() != source.kernelFuncName) {
    throw std::runtime_error("aot codegen: kernel name '" + source.kernelFuncName +
                             "' clashes with a symbol the kernel uses");
  }
  setTargetAttributes(*entry, target);
  llvm::Argument* args = entry->getArg(0);
  args->setName("args");
  builder.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", entry));
  std::vector<llvm::Value*> values;
  for (size_t i = 0; i < source.bufferArgs.size(); ++i) {
    llvm::Value* slot = builder.CreateConstInBoundsGEP1_64(builder.getPtrTy(), args, i);
    llvm::Value* pointer = builder.CreateAlignedLoad(builder.getPtrTy(), slot, llvm::Align(8));
    if (source.bufferArgs[i].isVar()) {
      llvm::Type* scalar = body.getArg(i)->getType();
      values.push_back(builder.CreateLoad(scalar, pointer));
    } else {
      values.push_back(pointer);
    }
  }
  if (source.workspace.bytes > 0) {
    llvm::Value* slot =
        builder.CreateConstInBoundsGEP1_64(builder.getPtrTy(), args, source.bufferArgs.size());
    values.push_back(builder.CreateAlignedLoad(builder.getPtrTy(), slot, llvm::Align(8)));
  }
  builder.CreateCall(&body, values);
  builder.CreateRet(builder.getInt32(0));
}

}  // namespace

std::string generateKernelAssembly(const KernelSource& source, const TargetSpec& target) {
  if (!source.stmt) throw std::runtime_error("aot codegen: no statement to compile");
  if (source.kernelFuncName.empty()) throw std::runtime_error("aot codegen: empty kernel name");
  const TargetSpec resolved = resolveTarget(target);
  std::unique_ptr<llvm::TargetMachine> machine = createTargetMachine(resolved);

  llvm::LLVMContext context;
  llvm::Module module("aotc_kernel", context);
  module.setTargetTriple(machine->getTargetTriple().str());
  module.setDataLayout(machine->createDataLayout());

  llvm::Function* body = emitBody(module, source, resolved);
  emitEntry(module, *body, source, resolved);

  std::string problems;
  llvm::raw_string_ostream problemStream(problems);
  if (llvm::verifyModule(module, &problemStream)) {
    throw std::runtime_error("aot codegen: generated an invalid module: " + problemStream.str());
  }
  optimizeModule(module, *machine, resolved);

  std::string assembly;
  llvm::raw_string_ostream stream(assembly);
  module.print(stream, nullptr);
  return stream.str();
}

}  // namespace aotc::codegen
