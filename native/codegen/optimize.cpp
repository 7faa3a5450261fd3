#include "codegen/optimize.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/OptimizationLevel.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/TargetParser/Triple.h>

#include "codegen/vector_math.h"

namespace aotc::codegen {

void optimizeModule(llvm::Module& module, llvm::TargetMachine& machine,
                    const TargetSpec& target) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  tuning.LoopUnrolling = true;
  tuning.LoopInterleaving = true;

  llvm::LoopAnalysisManager loopAM;
  llvm::FunctionAnalysisManager functionAM;
  llvm::CGSCCAnalysisManager cgsccAM;
  llvm::ModuleAnalysisManager moduleAM;

  llvm::PassBuilder builder(&machine, tuning);
  // The target's cost model drives vectorisation; register it before the defaults so it wins.
  functionAM.registerPass([&] { return machine.getTargetIRAnalysis(); });
  const llvm::Triple triple(module.getTargetTriple());
  llvm::TargetLibraryInfoImpl libraryInfo(triple);
  if (target.sleefVectorMath) addSleefVectorMappings(libraryInfo, triple, target.features);
  functionAM.registerPass([&] { return llvm::TargetLibraryAnalysis(libraryInfo); });

  builder.registerModuleAnalyses(moduleAM);
  builder.registerCGSCCAnalyses(cgsccAM);
  builder.registerFunctionAnalyses(functionAM);
  builder.registerLoopAnalyses(loopAM);
  builder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);

  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, moduleAM);
}

}  // namespace aotc::codegen
