// JS class CompiledModel: loadCompiled(path) resolves to one; run(inputs, inlineBelowUs[,
// outputs]) -> Promise<tensors>, runSync(inputs[, outputs]) -> tensors. Given outputs are
// filled in place and returned.
#pragma once

#include <atomic>
#include <memory>

#include <napi.h>

#include "addon/output_pool.h"
#include "addon/tensor_convert.h"
#include "runtime/compiled_model.h"

namespace aotc::addon {

// Durations of a model's runs in microseconds, written by whichever thread ran them.
struct RunTimes {
  // An exponential average (< 0 before the first run): decides whether run() hands the next
  // run to the compute thread or runs it inline.
  std::atomic<double> recentUs{-1.0};
  // The latest run alone: the bench subtracts it from the wall time run() took.
  std::atomic<double> lastUs{-1.0};
};

// What every run checks its tensors against (tensor_convert.h), derived once from the compiled
// function's specs, which it points into.
struct RunSpecs {
  std::vector<DataSpec> inputs, outputs;
  bool dynamicOutputs = false;  // a run's result carries its outputs' shapes
  bool rowMajorInputs = false;  // inline runs may go over plain memory (runOnMemory)

  static RunSpecs of(const runtime::CompiledModel& model);
};

class CompiledModelWrap : public Napi::ObjectWrap<CompiledModelWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value Load(const Napi::CallbackInfo& info);
  static Napi::Object NewInstance(Napi::Env env, std::shared_ptr<runtime::CompiledModel> model);

  explicit CompiledModelWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Run(const Napi::CallbackInfo& info);
  Napi::Value RunSync(const Napi::CallbackInfo& info);
  Napi::Value runHere(Napi::Env env, const Napi::Value& inputDatas, const Napi::Value& inputShapes,
                      const Napi::Value& outputDatas, const Napi::Value& outputShapes);
  Napi::Value runOnMemory(Napi::Env env, const Napi::Value& inputDatas,
                          const Napi::Value& inputShapes);
  Napi::Value TimeRuns(const Napi::CallbackInfo& info);
  Napi::Value LastRunUs(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);

  // Shared with in-flight runs, so dispose() never frees a model a worker still uses.
  std::shared_ptr<runtime::CompiledModel> model_;
  RunSpecs runSpecs_;  // derived from model_'s specs when it is set
  std::shared_ptr<RunTimes> runTimes_ = std::make_shared<RunTimes>();  // shared with async runs
  std::shared_ptr<OutputPool> outputPool_ = OutputPool::create();  // outputs' buffers, recycled
};

}  // namespace aotc::addon
