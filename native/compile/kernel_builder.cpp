#include "compile/kernel_builder.h"

#include <mutex>
#include <stdexcept>

#include <ATen/ATen.h>
#include <ATen/NativeFunctions.h>
#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>
#include <torch/csrc/jit/tensorexpr/kernel.h>

#include "compile/divided_loops.h"
#include "compile/loop_flatten.h"
#include "compile/parallel_loops.h"
#include "compile/sigmoid_restore.h"
#include "compile/workspace_plan.h"

#include "lower/classify.h"
#include "lower/lowerings.h"
#include "lower/lowering_options.h"

namespace aotc::compile {
namespace {

namespace te = torch::jit::tensorexpr;
using torch::jit::StrideInput;

std::unordered_map<const torch::jit::Value*, std::vector<StrideInput>> symbolicStrides(
    const torch::jit::Graph& graph, const MethodSpec& spec) {
  std::unordered_map<const torch::jit::Value*, std::vector<StrideInput>> strides;
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    strides[graph.inputs()[i]] = {spec.memoryFormats[i] == c10::MemoryFormat::ChannelsLast
                                      ? StrideInput::TENSOR_CONT_CHANNELS_LAST
                                      : StrideInput::TENSOR_CONT};
  }
  for (const auto* output : graph.outputs()) strides[output] = {StrideInput::TENSOR_CONT};
  return strides;
}

std::vector<int64_t> constantSizes(const te::BufPtr& buf) {
  std::vector<int64_t> sizes;
  for (const auto& dim : buf->dims()) {
    auto simplified = te::IRSimplifier::simplify(dim);
    if (!simplified->isConstant()) {
      throw std::runtime_error("constant buffer '" + buf->name_hint() + "' has a non-constant size");
    }
    sizes.push_back(te::immediateAs<int64_t>(simplified));
  }
  return sizes;
}

int64_t symbolIndex(const std::vector<int64_t>& symbols, int64_t symbol) {
  for (size_t s = 0; s < symbols.size(); ++s) {
    if (symbols[s] == symbol) return static_cast<int64_t>(s);
  }
  throw std::runtime_error("input dimension has an unknown shape symbol " + std::to_string(symbol));
}

std::vector<runtime::InputSpec> inputSpecs(const torch::jit::Graph& graph, const MethodSpec& spec,
                                           const std::vector<int64_t>& symbols) {
  std::vector<runtime::InputSpec> specs;
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    auto type = graph.inputs()[i]->type()->cast<c10::TensorType>();
    if (!type) throw std::invalid_argument("input " + std::to_string(i) + " is not a tensor");
    runtime::InputSpec in;
    auto symbolic = type->symbolic_sizes().sizes();
    for (size_t d = 0; d < spec.sizes[i].size(); ++d) {
      if (!symbolic || d >= symbolic->size()) {
        throw std::runtime_error("input " + std::to_string(i) + " has no shape after the passes");
      }
      const auto& dim = (*symbolic)[d];
      in.sizes.push_back(dim.is_static() ? dim.static_size() : 0);
      in.dimSymbols.push_back(dim.is_static() ? -1 : symbolIndex(symbols, dim.value()));
    }
    in.dtype = spec.types[i];
    in.memoryFormat = spec.memoryFormats[i];
    specs.push_back(std::move(in));
  }
  return specs;
}

std::vector<runtime::SymbolicShapePosition> symbolicShapePositions(
    const torch::jit::Graph& graph, const MethodSpec& spec, const std::vector<int64_t>& symbols) {
  std::vector<runtime::SymbolicShapePosition> positions;
  for (int64_t symbol : symbols) {
    bool found = false;
    for (size_t i = 0; i < spec.sizes.size() && !found; ++i) {
      auto type = graph.inputs()[i]->type()->cast<c10::TensorType>();
      auto dims = type ? type->symbolic_sizes().sizes() : c10::nullopt;
      if (!dims) continue;
      for (size_t d = 0; d < dims->size() && !found; ++d) {
        if ((*dims)[d].value() == symbol) {
          positions.push_back({static_cast<int64_t>(i), static_cast<int64_t>(d)});
          found = true;
        }
      }
    }
    if (!found) {
      throw std::invalid_argument(
          "dynamic dims: a dynamic size matches no input dimension (symbol " +
          std::to_string(symbol) + ")");
    }
  }
  return positions;
}

// Each output dimension is a constant or one of the symbolic shape variables.
runtime::OutputSpec outputSpec(const te::BufPtr& buf,
                               const std::vector<te::VarPtr>& symbolVars) {
  runtime::OutputSpec out;
  out.dtype = buf->dtype().scalar_type();
  for (const auto& dim : buf->dims()) {
    auto simplified = te::IRSimplifier::simplify(dim);
    if (simplified->isConstant()) {
      out.sizes.push_back(te::immediateAs<int64_t>(simplified));
      out.dimSymbols.push_back(-1);
      continue;
    }
    int64_t symbol = -1;
    if (auto var = te::to<te::Var>(simplified)) {
      for (size_t s = 0; s < symbolVars.size(); ++s) {
        if (symbolVars[s] == var) symbol = static_cast<int64_t>(s);
      }
    }
    if (symbol < 0) {
      throw std::runtime_error("output '" + buf->name_hint() +
                               "' has a dimension that is not a dynamic input dimension: " +
                               std::to_string(simplified));
    }
    out.sizes.push_back(0);
    out.dimSymbols.push_back(symbol);
  }
  return out;
}

c10::impl::GenericList parameters(const te::TensorExprKernel& kernel) {
  c10::impl::GenericList params(c10::AnyType::get());
  for (const auto& constant : kernel.getConstantDescriptors()) {
    if (constant.node) {
      throw std::runtime_error(std::string("constant of custom-class type (") +
                               constant.node->kind().toQualString() +
                               ") cannot be stored in the compiled model");
    }
    auto sizes = constantSizes(constant.buf);
    auto dtype = constant.buf->dtype().scalar_type();
    at::Tensor value =
        sizes.empty()
            ? at::native::wrapped_scalar_tensor(*static_cast<double*>(constant.ptr))
            : at::from_blob(constant.ptr, sizes, at::TensorOptions().dtype(dtype)).clone();
    params.push_back(value);
  }
  return params;
}

}  // namespace

BuiltKernel buildKernel(PreparedGraph prepared, const MethodSpec& spec) {
  auto& graph = *prepared.graph;
  size_t numSymbols = prepared.symbolicShapes.size();
  std::unordered_map<const torch::jit::Value*, std::vector<StrideInput>> strides;
  // markDynamicDims appended one Int input per symbol: the kernel reads the symbolic
  // dimensions' run-time values from them.
  if (graph.inputs().size() != spec.sizes.size() + numSymbols) {
    throw std::runtime_error("graph has " + std::to_string(graph.inputs().size()) +
                             " inputs, expected " + std::to_string(spec.sizes.size()) +
                             " tensors and " + std::to_string(numSymbols) + " symbolic shapes");
  }
  if (numSymbols > 0) strides = symbolicStrides(graph, spec);

  // Debian's libtorch has no LLVM backend: build with SimpleIREval and generate code ourselves.
  // A process-wide flag: set once, so concurrent compiles never race on it.
  static std::once_flag noLlvmBackend;
  std::call_once(noLlvmBackend, [] { te::getTEMustUseLLVMOnCPU() = false; });
  lower::requireSupported(graph);  // names the op, its schema and source line
  BuiltKernel built;
  try {
    lower::ScopedLoweringOptions options({spec.matmulPrecision});  // the lowerings run in here
    built.kernel = std::make_shared<te::TensorExprKernel>(
        prepared.graph, spec.kernelFuncName(), lower::customLowerings(), prepared.symbolicShapes,
        /*pre_alloc=*/false, strides);
  } catch (const std::runtime_error& error) {
    // This project's lowerings name their op ("aten::select: ...") but cannot see its node:
    // add where the model uses that op.
    const std::string message = error.what();
    const auto colon = message.find(": ");
    const std::string where =
        colon == std::string::npos ? "" : lower::whereOpsAre(graph, message.substr(0, colon));
    if (where.empty()) throw;
    throw std::runtime_error(message + where);
  }
  const auto& kernel = *built.kernel;
  const auto& args = kernel.getBufferArgs();

  built.source.stmt =
      splitDividedLoops(flattenLoopNests(restoreSigmoids(built.kernel->getCodeGenStmt())));
  markParallelLoops(built.source.stmt);
  built.source.workspace = planWorkspace(built.source.stmt);
  built.source.bufferArgs = args;
  built.source.kernelFuncName = spec.kernelFuncName();

  auto& fn = built.function;
  fn.name = spec.methodName;
  fn.kernelId = spec.kernelId();
  fn.kernelFuncName = spec.kernelFuncName();
  fn.inputs = inputSpecs(graph, spec, prepared.symbolicShapes);
  fn.symbolicShapes = symbolicShapePositions(graph, spec, prepared.symbolicShapes);
  fn.parameters = parameters(kernel);
  fn.matmulPrecision = spec.matmulPrecision;
  if (built.source.workspace.bytes > 0) fn.bufferSizes = {built.source.workspace.bytes};

  size_t numInputs = spec.sizes.size();
  std::vector<te::VarPtr> symbolVars;
  for (size_t s = 0; s < numSymbols; ++s) symbolVars.push_back(args.at(numInputs + s).var());
  size_t firstOutput = numInputs + numSymbols;
  for (size_t o = 0; o < graph.outputs().size(); ++o) {
    const auto& arg = args.at(firstOutput + o);
    if (arg.isVar()) {
      throw std::runtime_error("method output " + std::to_string(o) +
                               " is a scalar; only tensor outputs can be compiled");
    }
    fn.outputs.push_back(outputSpec(arg.buf(), symbolVars));
  }
  size_t expectedArgs = firstOutput + graph.outputs().size() + kernel.getConstantDescriptors().size();
  if (args.size() != expectedArgs) {
    throw std::runtime_error("kernel has " + std::to_string(args.size()) +
                             " buffer arguments, expected " + std::to_string(expectedArgs) +
                             " (inputs, symbolic shapes, outputs, constants)");
  }
  return built;
}

}  // namespace aotc::compile
