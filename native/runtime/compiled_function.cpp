#include "runtime/compiled_function.h"

#include <sstream>
#include <stdexcept>
#include <string>

#include <ATen/ATen.h>
#include "runtime/dnnl_context.h"
#include "runtime/dtype_names.h"
#include "runtime/external_call_error.h"
#include "runtime/output_allocator.h"
#include "runtime/threads.h"
#include "runtime/workspace_pool.h"

namespace aotc::runtime {
namespace {

std::string shapeText(c10::IntArrayRef sizes) {
  std::ostringstream out;
  out << '[';
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i) out << ',';
    if (sizes[i] == 0) {
      out << '?';
    } else {
      out << sizes[i];
    }
  }
  out << ']';
  return out.str();
}

// float32[s0,3,224,224]: dynamic dimensions by symbol, so shared ones are visible.
std::string describe(const InputSpec& spec) {
  std::string text = dtypeName(spec.dtype) + "[";
  for (size_t d = 0; d < spec.sizes.size(); ++d) {
    if (d) text += ',';
    bool dynamic = d < spec.dimSymbols.size() && spec.dimSymbols[d] >= 0;
    text += dynamic ? "s" + std::to_string(spec.dimSymbols[d])
                    : spec.sizes[d] == 0 ? std::string("?") : std::to_string(spec.sizes[d]);
  }
  return text + "]";
}

// "input 2 (b)": the 1-based position (as the TypeScript checks count), and the argument's
// name when the artifact records it.
std::string inputLabel(const std::vector<InputSpec>& inputs, size_t i) {
  std::string label = "input " + std::to_string(i + 1);
  if (i < inputs.size() && !inputs[i].name.empty()) label += " (" + inputs[i].name + ")";
  return label;
}

std::vector<int64_t> outputSizes(const OutputSpec& out, const std::vector<int64_t>& symbolValues) {
  std::vector<int64_t> sizes = out.sizes;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (out.dimSymbols[d] >= 0) sizes[d] = symbolValues.at(out.dimSymbols[d]);
  }
  return sizes;
}

}  // namespace

CompiledFunction::CompiledFunction(FunctionSpec spec)
    : spec_(std::move(spec)), workspaces_(std::make_unique<WorkspacePool>(spec_.bufferSizes)) {
  for (int64_t bytes : spec_.bufferSizes) {
    if (bytes < 0) {
      throw std::runtime_error("compiled function '" + spec_.name +
                               "': negative size in memory_plan.buffer_sizes");
    }
  }
  for (size_t i = 0; i < spec_.parameters.size(); ++i) {
    c10::IValue param = spec_.parameters.get(i);
    if (!param.isTensor()) {
      throw std::runtime_error("compiled function '" + spec_.name +
                               "': only tensor parameters are supported");
    }
    parameterPointers_.push_back(param.toTensor().data_ptr());
  }
}

CompiledFunction::~CompiledFunction() {
  // Primitives prepared for these weights must not outlive them (see dnnl_context.h).
  for (void* pointer : parameterPointers_) releaseDnnlPrimitives(pointer);
}

void CompiledFunction::bind() {
  std::call_once(bound_, [this] {
    if (auto linked = findRegisteredKernel(spec_.kernelId)) {
      binding_.entry = linked;
      return;
    }
    if (!kernelProvider()) {
      throw std::runtime_error("no kernel for '" + spec_.kernelId +
                               "': none is linked into this program (register it with "
                               "aotc::runtime::registerKernel) and no kernel provider is installed");
    }
    binding_ = kernelProvider()(spec_);
    if (!binding_.entry) throw std::runtime_error("no kernel for '" + spec_.kernelId + "'");
  });
}

std::vector<int64_t> CompiledFunction::checkInputs(const std::vector<InputView>& inputs) const {
  if (inputs.size() != spec_.inputs.size()) {
    throw std::invalid_argument("'" + spec_.name + "' expects " +
                                std::to_string(spec_.inputs.size()) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& spec = spec_.inputs[i];
    const c10::IntArrayRef sizes = inputs[i].sizes;
    bool sizesMatch = sizes.size() == spec.sizes.size();
    for (size_t d = 0; sizesMatch && d < spec.sizes.size(); ++d) {
      sizesMatch = spec.sizes[d] == 0 || spec.sizes[d] == sizes[d];
    }
    if (inputs[i].dtype != spec.dtype || !sizesMatch) {
      throw std::invalid_argument(inputLabel(spec_.inputs, i) + ": expected " + describe(spec) +
                                  ", got " + dtypeName(inputs[i].dtype) + shapeText(sizes));
    }
  }
  std::vector<int64_t> symbolValues;
  symbolValues.reserve(spec_.symbolicShapes.size());
  for (const auto& pos : spec_.symbolicShapes) {
    symbolValues.push_back(inputs.at(pos.inputIndex).sizes.at(pos.dimIndex));
  }
  // Dynamic dimensions sharing a symbol must agree (e.g. two inputs' batch dimensions).
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& symbols = spec_.inputs[i].dimSymbols;
    for (size_t d = 0; d < symbols.size(); ++d) {
      if (symbols[d] < 0) continue;
      int64_t expected = symbolValues.at(symbols[d]);
      if (inputs[i].sizes[d] != expected) {
        const auto& pos = spec_.symbolicShapes.at(symbols[d]);
        throw std::invalid_argument(
            inputLabel(spec_.inputs, i) + ": expected " + describe(spec_.inputs[i]) + ", got " +
            dtypeName(inputs[i].dtype) + shapeText(inputs[i].sizes) + ": dimension " +
            std::to_string(d) + " is s" + std::to_string(symbols[d]) + ", which " +
            inputLabel(spec_.inputs, pos.inputIndex) + " dimension " +
            std::to_string(pos.dimIndex) + " sets to " + std::to_string(expected));
      }
    }
  }
  return symbolValues;
}

std::vector<at::Tensor> CompiledFunction::prepareInputs(const std::vector<at::Tensor>& inputs,
                                                        std::vector<int64_t>& symbolValues) const {
  std::vector<InputView> views;
  views.reserve(inputs.size());
  for (const auto& tensor : inputs) {
    views.push_back({nullptr, tensor.scalar_type(), tensor.sizes()});
  }
  symbolValues = checkInputs(views);
  std::vector<at::Tensor> prepared;
  prepared.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    // The kernel reads the layout it was compiled for; anything else is copied into it.
    prepared.push_back(inputs[i].contiguous(spec_.inputs[i].memoryFormat));
  }
  return prepared;
}

bool CompiledFunction::rowMajorInputs() const {
  for (const auto& input : spec_.inputs) {
    if (input.memoryFormat != c10::MemoryFormat::Contiguous) return false;
  }
  return true;
}

std::vector<int64_t> CompiledFunction::outputSizes(
    size_t output, const std::vector<int64_t>& symbolValues) const {
  return runtime::outputSizes(spec_.outputs.at(output), symbolValues);
}

std::optional<std::vector<std::vector<int64_t>>> CompiledFunction::outputSizesFor(
    const std::vector<at::Tensor>& inputs) const {
  if (inputs.size() != spec_.inputs.size()) return std::nullopt;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const InputSpec& spec = spec_.inputs[i];
    if (!inputs[i].defined() || inputs[i].dim() != static_cast<int64_t>(spec.sizes.size())) {
      return std::nullopt;
    }
  }
  std::vector<int64_t> symbolValues;
  for (const auto& pos : spec_.symbolicShapes) {
    if (pos.inputIndex < 0 || pos.inputIndex >= static_cast<int64_t>(inputs.size()) ||
        pos.dimIndex < 0 || pos.dimIndex >= inputs[pos.inputIndex].dim()) {
      return std::nullopt;
    }
    symbolValues.push_back(inputs[pos.inputIndex].size(pos.dimIndex));
  }
  std::vector<std::vector<int64_t>> sizes;
  for (const auto& out : spec_.outputs) sizes.push_back(runtime::outputSizes(out, symbolValues));
  return sizes;
}

std::vector<at::Tensor> CompiledFunction::run(const std::vector<at::Tensor>& inputs) {
  std::vector<int64_t> symbolValues;
  auto prepared = prepareInputs(inputs, symbolValues);
  std::vector<at::Tensor> outputs;
  outputs.reserve(spec_.outputs.size());
  for (const auto& out : spec_.outputs) {
    outputs.push_back(allocateOutput(runtime::outputSizes(out, symbolValues), out.dtype));
  }
  std::vector<const void*> inputData;
  inputData.reserve(prepared.size());
  for (auto& tensor : prepared) inputData.push_back(tensor.data_ptr());
  std::vector<void*> outputData;
  outputData.reserve(outputs.size());
  for (auto& tensor : outputs) outputData.push_back(tensor.data_ptr());
  callKernel(inputData, symbolValues, outputData);
  return outputs;
}

void CompiledFunction::runOn(const std::vector<InputView>& inputs,
                             std::vector<int64_t> symbolValues, const std::vector<void*>& outputs) {
  if (!rowMajorInputs()) {
    throw std::logic_error("'" + spec_.name + "' reads an input in another memory format");
  }
  if (outputs.size() != spec_.outputs.size()) {
    throw std::invalid_argument("'" + spec_.name + "' writes " +
                                std::to_string(spec_.outputs.size()) + " outputs, " +
                                std::to_string(outputs.size()) + " were given");
  }
  std::vector<const void*> inputData;
  inputData.reserve(inputs.size());
  for (const auto& input : inputs) inputData.push_back(input.data);
  callKernel(inputData, symbolValues, outputs);
}

void CompiledFunction::callKernel(const std::vector<const void*>& inputs,
                                  std::vector<int64_t>& symbolValues,
                                  const std::vector<void*>& outputs) {
  bind();
  applyNumThreads();
  SingleThreadedBlas blasOnThisThread;  // matrix products inside the kernel: see threads.h
  WorkspacePool::Lease workspace = workspaces_->acquire();

  std::vector<void*> args;
  args.reserve(inputs.size() + symbolValues.size() + outputs.size() +
               parameterPointers_.size() + spec_.bufferSizes.size());
  // The kernel only reads its inputs.
  for (const void* input : inputs) args.push_back(const_cast<void*>(input));
  for (auto& value : symbolValues) args.push_back(&value);
  args.insert(args.end(), outputs.begin(), outputs.end());
  args.insert(args.end(), parameterPointers_.begin(), parameterPointers_.end());
  for (size_t b = 0; b < spec_.bufferSizes.size(); ++b) args.push_back(workspace.data(b));

  takeExternalCallError();  // nothing left over from an earlier call on this thread
  int32_t status = binding_.entry(args.data());
  std::string externalError = takeExternalCallError();
  if (!externalError.empty()) {
    throw std::runtime_error("kernel '" + spec_.kernelFuncName + "' failed: " + externalError);
  }
  if (status != 0) {
    throw std::runtime_error("kernel '" + spec_.kernelFuncName + "' failed with status " +
                             std::to_string(status));
  }
}

}  // namespace aotc::runtime
