#include "addon/compiled_model_wrap.h"

#include <chrono>

#include "addon/addon_data.h"
#include "addon/compute_job.h"
#include "addon/compute_thread.h"
#include "addon/errors.h"
#include "addon/inline_outputs.h"
#include "addon/output_pool.h"
#include "addon/promise_worker.h"
#include "addon/spec_convert.h"
#include "addon/tensor_convert.h"
#include "addon/time_worker.h"
#include "runtime/dtype_names.h"
#include "runtime/output_allocator.h"
#include "runtime/threads.h"

namespace aotc::addon {
namespace {

class LoadWorker : public PromiseWorker {
 public:
  LoadWorker(Napi::Env env, std::string path) : PromiseWorker(env), path_(std::move(path)) {}

 private:
  void Run() override { model_ = runtime::CompiledModel::load(path_); }
  Napi::Value Resolve(Napi::Env env) override {
    return CompiledModelWrap::NewInstance(env, std::move(model_));
  }
  std::string path_;
  std::shared_ptr<runtime::CompiledModel> model_;
};

using SharedRunTimes = std::shared_ptr<RunTimes>;

// Where a run's outputs go: buffers from the model's pool, or the caller's own tensors
// (run(inputs, { outputs })), which must have the shapes and dtypes the run produces.
class OutputTarget {
 public:
  OutputTarget(OutputPool& pool, std::vector<at::Tensor> given)
      : pool_(pool), given_(std::move(given)) {}

  at::Tensor allocate(at::IntArrayRef sizes, at::ScalarType dtype) {
    if (given_.empty()) return pool_.allocate(sizes, dtype);
    size_t index = next_++;
    if (index >= given_.size()) {
      throw std::invalid_argument("the model produces more outputs than were given");
    }
    const at::Tensor& out = given_[index];
    if (out.sizes() != sizes || out.scalar_type() != dtype) {
      throw std::invalid_argument(
          "output " + std::to_string(index + 1) + ": the run produces " +
          runtime::dtypeName(dtype) + shapeText(sizes) + ", the given tensor is " +
          runtime::dtypeName(out.scalar_type()) + shapeText(out.sizes()));
    }
    return out;
  }

 private:
  static std::string shapeText(at::IntArrayRef sizes) {
    std::string text = "[";
    for (size_t d = 0; d < sizes.size(); ++d) text += (d ? "," : "") + std::to_string(sizes[d]);
    return text + "]";
  }

  OutputPool& pool_;
  std::vector<at::Tensor> given_;
  size_t next_ = 0;
};

// Runs `body` and records its duration in `times`.
template <class Body>
void timed(RunTimes& times, Body body) {
  auto start = std::chrono::steady_clock::now();
  body();
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                  .count();
  times.lastUs.store(us, std::memory_order_relaxed);
  double previous = times.recentUs.load(std::memory_order_relaxed);
  times.recentUs.store(previous < 0 ? us : 0.75 * previous + 0.25 * us,
                       std::memory_order_relaxed);
}

// Runs `run` right here with one intra-op thread (no OpenMP team to keep on one thread), else
// on the compute thread while this one waits.
template <class Run>
void runWaiting(Run&& run) {
  if (runtime::numThreads() == 1) {
    run();
  } else {
    runOnComputeThread(run);
  }
}

// Runs the compiled function (what the mobile module's method calls through the nnc backend,
// without the lite interpreter's few microseconds in between), its outputs allocated by
// `target`, and records the run's duration in `times`.
std::vector<at::Tensor> timedRun(const runtime::CompiledModel& model,
                                 const std::vector<at::Tensor>& inputs, RunTimes& times,
                                 OutputTarget& target) {
  runtime::OutputAllocator allocate = [&target](at::IntArrayRef sizes, at::ScalarType dtype) {
    return target.allocate(sizes, dtype);
  };
  runtime::ScopedOutputAllocator scope(&allocate);
  std::vector<at::Tensor> outputs;
  timed(times, [&] { outputs = model.runFunction(inputs); });
  return outputs;
}

// Where a run's tensors must fit: the function's inputs, or its outputs.
template <class Spec>
std::vector<DataSpec> dataSpecs(const std::vector<Spec>& specs) {
  std::vector<DataSpec> result;
  result.reserve(specs.size());
  for (const Spec& spec : specs) result.push_back({spec.dtype, &spec.sizes});
  return result;
}

// A run's tensors from JavaScript, passed as TypedArrays and shapes (tensor_convert.h): input
// views, and the caller's outputs if given (`outputDatas` undefined or an array); for an async
// run (`async`), with references that keep their memory alive until it settles.
struct RunArguments {
  std::vector<at::Tensor> inputs;
  std::vector<at::Tensor> outputs;
  std::vector<Napi::ObjectReference> keepAlive;
  Napi::ObjectReference outputArray;  // returned as the run's result when set
  bool withShapes;                    // the result carries the outputs' shapes

  RunArguments(const RunSpecs& specs, const Napi::Value& inputDatas,
               const Napi::Value& inputShapes, const Napi::Value& outputDatas,
               const Napi::Value& outputShapes, bool async)
      : withShapes(specs.dynamicOutputs) {
    std::vector<Napi::ObjectReference>* references = async ? &keepAlive : nullptr;
    inputs = tensorViewsFromData(inputDatas, inputShapes, specs.inputs, references, "input");
    if (!outputDatas.IsUndefined() && !outputDatas.IsNull()) {
      outputs = tensorViewsFromData(outputDatas, outputShapes, specs.outputs, references,
                                    "output");
      outputArray = Napi::Persistent(outputDatas.As<Napi::Object>());
    }
  }

  // For an async run without given outputs: its outputs and their TypedArrays, made now, on
  // the caller's call into the addon, and then written by the run like given outputs, so that
  // the run's completion only settles the promise. Nothing when the output sizes are not known
  // before the run (the run then allocates them).
  void prepareOutputs(Napi::Env env, const runtime::CompiledModel& model,
                      const std::shared_ptr<OutputPool>& pool) {
    InlineOutputs fresh =
        InlineOutputs::allocate(env, model.function(), model.outputSizesFor(inputs), pool);
    if (fresh.empty()) return;
    outputs = fresh.tensors();
    outputArray = Napi::Persistent(fresh.toJs(env, withShapes).As<Napi::Object>());
  }

  // The environment has gone: its references must not be deleted through it.
  void abandon() {
    for (auto& reference : keepAlive) reference.SuppressDestruct();
    outputArray.SuppressDestruct();
  }

  Napi::Value result(Napi::Env env, std::vector<at::Tensor> produced) {
    if (!outputArray.IsEmpty()) return outputArray.Value();
    return dataToJsNoCopy(env, std::move(produced), withShapes);
  }
};

// An async run: queued on the compute thread by the main thread, settled back on it.
class RunJob : public ComputeJob {
 public:
  RunJob(Napi::Env env, std::shared_ptr<runtime::CompiledModel> model, SharedRunTimes times,
         std::shared_ptr<OutputPool> pool, std::unique_ptr<RunArguments> arguments)
      : deferred_(Napi::Promise::Deferred::New(env)), model_(std::move(model)),
        times_(std::move(times)), pool_(std::move(pool)), arguments_(std::move(arguments)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void execute() override {
    try {
      OutputTarget target(*pool_, arguments_->outputs);
      outputs_ = timedRun(*model_, arguments_->inputs, *times_, target);
    } catch (...) {
      error_ = describeException();
      failed_ = true;
    }
  }

  void abandon() override { arguments_->abandon(); }

  void complete(Napi::Env env) override {
    try {
      if (failed_) {
        deferred_.Reject(Napi::Error::New(env, error_).Value());
      } else {
        deferred_.Resolve(arguments_->result(env, std::move(outputs_)));
      }
    } catch (const Napi::Error& error) {
      deferred_.Reject(error.Value());
    } catch (...) {
      deferred_.Reject(Napi::Error::New(env, describeException()).Value());
    }
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<runtime::CompiledModel> model_;
  SharedRunTimes times_;
  std::shared_ptr<OutputPool> pool_;
  std::unique_ptr<RunArguments> arguments_;  // its references are released on the main thread
  std::vector<at::Tensor> outputs_;
  std::string error_;
  bool failed_ = false;
};

}  // namespace

RunSpecs RunSpecs::of(const runtime::CompiledModel& model) {
  const runtime::FunctionSpec& function = model.function();
  RunSpecs specs;
  specs.inputs = dataSpecs(function.inputs);
  specs.outputs = dataSpecs(function.outputs);
  for (const auto& output : function.outputs) {
    for (int64_t size : output.sizes) specs.dynamicOutputs = specs.dynamicOutputs || size == 0;
  }
  specs.rowMajorInputs = model.compiledFunction().rowMajorInputs();
  return specs;
}

void CompiledModelWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = DefineClass(env, "CompiledModel",
                                   {InstanceMethod<&CompiledModelWrap::Run>("run"),
                                    InstanceMethod<&CompiledModelWrap::RunSync>("runSync"),
                                    InstanceMethod<&CompiledModelWrap::TimeRuns>("timeRuns"),
                                    InstanceMethod<&CompiledModelWrap::LastRunUs>("lastRunUs"),
                                    InstanceMethod<&CompiledModelWrap::Dispose>("dispose")});
  AddonData::of(env).compiledModelClass = Napi::Persistent(cls);
  exports.Set("loadCompiled", Napi::Function::New(env, Load, "loadCompiled"));
}

CompiledModelWrap::CompiledModelWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<CompiledModelWrap>(info) {}

Napi::Object CompiledModelWrap::NewInstance(Napi::Env env,
                                            std::shared_ptr<runtime::CompiledModel> model) {
  Napi::Object object = AddonData::of(env).compiledModelClass.New({});
  const auto& fn = model->function();
  auto readOnly = [&](const char* name, Napi::Value value) {
    object.DefineProperty(Napi::PropertyDescriptor::Value(name, value, napi_enumerable));
  };
  readOnly("methodName", Napi::String::New(env, fn.name));
  readOnly("kernelId", Napi::String::New(env, fn.kernelId));
  readOnly("inputSpecs", inputSpecsToJs(env, fn.inputs));
  readOnly("outputSpecs", outputSpecsToJs(env, fn.outputs));
  readOnly("matmulPrecision", Napi::String::New(env, runtime::matmulPrecisionName(fn.matmulPrecision)));
  auto* wrap = Unwrap(object);
  wrap->runSpecs_ = RunSpecs::of(*model);
  wrap->model_ = std::move(model);
  return object;
}

Napi::Value CompiledModelWrap::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "loadCompiled: path must be a string");
  auto* worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value());  // Node frees it
  worker->Queue();
  return worker->promise();
}

// run(inputDatas, inputShapes, inlineBelowUs[, outputDatas, outputShapes]), tensors in
// tensor_convert.h's layout both ways: the compute thread runs the model and settles the
// promise returned, unless its recent runs took less than inlineBelowUs: then handing it over
// (a thread wake-up each way, and the run on another core's cold cache) would cost more than
// it saves the event loop, so it runs here and the result itself is returned.
Napi::Value CompiledModelWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "run: the model has been disposed");
  double inlineBelowUs = info[2].IsNumber() ? info[2].As<Napi::Number>().DoubleValue() : 0;
  double recent = runTimes_->recentUs.load(std::memory_order_relaxed);
  // Inline: the result itself (the TypeScript layer makes the settled promise, around the
  // tensors it builds), and errors thrown.
  if (recent >= 0 && recent < inlineBelowUs) {
    return runHere(env, info[0], info[1], info[3], info[4]);
  }
  auto arguments = std::make_unique<RunArguments>(runSpecs_, info[0], info[1], info[3], info[4],
                                                  /*async=*/true);
  if (arguments->outputs.empty()) arguments->prepareOutputs(env, *model_, outputPool_);
  auto job = std::make_unique<RunJob>(env, model_, runTimes_, outputPool_, std::move(arguments));
  Napi::Promise promise = job->promise();
  dispatchToComputeThread(env, std::move(job));
  return promise;
}

// runSync(inputDatas, inputShapes[, outputDatas, outputShapes]): the run without a worker, for
// models known to be short.
Napi::Value CompiledModelWrap::RunSync(const Napi::CallbackInfo& info) {
  if (!model_) throw Napi::Error::New(info.Env(), "runSync: the model has been disposed");
  return runHere(info.Env(), info[0], info[1], info[2], info[3]);
}

// On the calling (main) thread when runs use one intra-op thread, else the main thread waits
// for the compute thread. Outputs not given are allocated first (inline_outputs.h).
Napi::Value CompiledModelWrap::runHere(Napi::Env env, const Napi::Value& inputDatas,
                                       const Napi::Value& inputShapes,
                                       const Napi::Value& outputDatas,
                                       const Napi::Value& outputShapes) {
  const bool outputsGiven = !outputDatas.IsUndefined() && !outputDatas.IsNull();
  if (!outputsGiven && runSpecs_.rowMajorInputs) return runOnMemory(env, inputDatas, inputShapes);
  // Views used before returning.
  RunArguments arguments(runSpecs_, inputDatas, inputShapes, outputDatas, outputShapes,
                         /*async=*/false);
  InlineOutputs fresh;
  Napi::Value result;
  if (arguments.outputs.empty()) {
    fresh = InlineOutputs::allocate(env, model_->function(),
                                    model_->outputSizesFor(arguments.inputs), outputPool_);
    // The result's JS objects are made now, while V8's caches are warm (a kernel streaming
    // megabytes of weights leaves them cold); a failed run leaves them to the collector.
    if (!fresh.empty()) result = fresh.toJs(env, arguments.withShapes);
  }
  std::vector<at::Tensor> produced;
  try {
    runWaiting([&] {
      OutputTarget target(*outputPool_, fresh.empty() ? arguments.outputs : fresh.tensors());
      produced = timedRun(*model_, arguments.inputs, *runTimes_, target);
    });
  } catch (...) {
    throw Napi::Error::New(env, describeException());
  }
  if (!fresh.empty()) return result;
  return arguments.result(env, std::move(produced));
}

// The common inline run (row-major inputs, outputs allocated here) over plain memory: the
// inputs' and outputs' TypedArrays are handed to the kernel as pointers, with no at::Tensor
// made around them (a tensor's construction and destruction run libtorch code that a
// cache-evicting model leaves cold: microseconds per tensor).
Napi::Value CompiledModelWrap::runOnMemory(Napi::Env env, const Napi::Value& inputDatas,
                                           const Napi::Value& inputShapes) {
  const runtime::FunctionSpec& function = model_->function();
  runtime::CompiledFunction& compiled = model_->compiledFunction();
  std::vector<DataView> inputs =
      dataViewsFromJs(inputDatas, inputShapes, runSpecs_.inputs, nullptr, "input");
  std::vector<runtime::CompiledFunction::InputView> views;
  views.reserve(inputs.size());
  for (const DataView& input : inputs) views.push_back({input.data, input.dtype, input.sizes});
  std::vector<int64_t> symbols;
  std::vector<std::vector<int64_t>> outputSizes;
  try {
    symbols = compiled.checkInputs(views);
    for (size_t o = 0; o < function.outputs.size(); ++o) {
      outputSizes.push_back(compiled.outputSizes(o, symbols));
    }
  } catch (...) {
    throw Napi::Error::New(env, describeException());
  }
  InlineOutputs outputs = InlineOutputs::allocate(env, function, outputSizes, outputPool_);
  // Made before the run, while V8's caches are warm; a failed run leaves them to the collector.
  Napi::Array result = outputs.toJs(env, runSpecs_.dynamicOutputs);
  const std::vector<void*> pointers = outputs.pointers();
  try {
    runWaiting([&] { timed(*runTimes_, [&] { compiled.runOn(views, symbols, pointers); }); });
  } catch (...) {
    throw Napi::Error::New(env, describeException());
  }
  return result;
}

// The bench's native loop: CompiledFunction::run (input checks, output allocation, the kernel)
// `iterations` times on the compute thread, without Node or the mobile module in between.
Napi::Value CompiledModelWrap::TimeRuns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!model_) throw Napi::Error::New(env, "timeRuns: the model has been disposed");
  auto inputs = tensorsFromJs(info[0]);
  int iterations = iterationsArg(info, 1);
  auto body = [model = model_, inputs = std::move(inputs)] { model->runFunction(inputs); };
  auto* worker = new TimeWorker(env, iterations, std::move(body));  // Node frees it
  worker->Queue();
  return worker->promise();
}

// The bench's overhead column: how long the latest run took inside the addon (the compiled
// function: input checks, output allocation, the kernel; over plain memory, the kernel call
// alone), -1 before the first.
Napi::Value CompiledModelWrap::LastRunUs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), runTimes_->lastUs.load(std::memory_order_relaxed));
}

Napi::Value CompiledModelWrap::Dispose(const Napi::CallbackInfo& info) {
  runSpecs_ = RunSpecs();  // it points into the model's specs
  model_.reset();
  return info.Env().Undefined();
}

}  // namespace aotc::addon
