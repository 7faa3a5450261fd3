#include "runtime/compilation_unit.h"

#include <stdexcept>

#include <ATen/core/Dict.h>
#include <ATen/core/List.h>

namespace aotc::runtime {
namespace {

using Dict = c10::Dict<c10::IValue, c10::IValue>;

Dict newDict() { return Dict(c10::StringType::get(), c10::AnyType::get()); }

c10::IValue tupleOf(std::vector<c10::IValue> items) {
  return c10::ivalue::Tuple::create(std::move(items));
}

const c10::IValue& field(const Dict& dict, const char* key, const char* where) {
  auto it = dict.find(key);
  if (it == dict.end()) {
    throw std::runtime_error(std::string("nnc compilation unit: ") + where + " has no '" + key +
                             "' field");
  }
  return it->value();
}

std::vector<int64_t> intList(const c10::IValue& value, const char* what) {
  if (!value.isIntList()) {
    throw std::runtime_error(std::string("nnc compilation unit: '") + what +
                             "' is not a list of ints");
  }
  return value.toIntVector();
}

c10::ScalarType scalarType(const c10::IValue& value) {
  if (!value.isInt()) throw std::runtime_error("nnc compilation unit: 'dtype' is not an int");
  auto raw = value.toInt();
  if (raw < 0 || raw >= static_cast<int64_t>(c10::ScalarType::NumOptions)) {
    throw std::runtime_error("nnc compilation unit: unknown dtype " + std::to_string(raw));
  }
  return static_cast<c10::ScalarType>(raw);
}

std::string optionalString(const Dict& dict, const char* key) {
  auto it = dict.find(key);
  return it == dict.end() ? std::string() : it->value().toStringRef();
}

std::vector<c10::IValue> tupleItems(const c10::IValue& value, const char* what) {
  if (!value.isTuple()) {
    throw std::runtime_error(std::string("nnc compilation unit: '") + what + "' is not a tuple");
  }
  return value.toTupleRef().elements().vec();
}

// Upstream's format has no dim_symbols: then every dimension is static.
std::vector<int64_t> dimSymbols(const Dict& spec, const std::vector<int64_t>& sizes) {
  auto found = spec.find("dim_symbols");
  if (found == spec.end()) return std::vector<int64_t>(sizes.size(), -1);
  auto symbols = intList(found->value(), "dim_symbols");
  if (symbols.size() != sizes.size()) {
    throw std::runtime_error("nnc compilation unit: dim_symbols and sizes differ in length");
  }
  return symbols;
}

c10::IValue serializeFunction(const FunctionSpec& fn) {
  Dict dict = newDict();
  dict.insert("name", fn.name);
  dict.insert("nnc_kernel_id", fn.kernelId);
  dict.insert("kernel_func_name", fn.kernelFuncName);
  dict.insert("kernel_ir", fn.kernelIr);
  dict.insert("target", fn.target);
  dict.insert("target_cpu", fn.targetCpu);
  c10::List<std::string> features;
  for (const auto& feature : fn.requiredFeatures) features.push_back(feature);
  dict.insert("required_features", features);
  dict.insert("matmul_precision", std::string(matmulPrecisionName(fn.matmulPrecision)));
  dict.insert("parameters", fn.parameters);

  Dict plan = newDict();
  plan.insert("buffer_sizes", fn.bufferSizes);
  dict.insert("memory_plan", plan);

  std::vector<c10::IValue> inputs;
  for (const auto& in : fn.inputs) {
    Dict spec = newDict();
    spec.insert("sizes", in.sizes);
    spec.insert("dtype", static_cast<int64_t>(in.dtype));
    spec.insert("name", in.name);
    spec.insert("dim_symbols", in.dimSymbols);
    spec.insert("memory_format",
                static_cast<int64_t>(in.memoryFormat == c10::MemoryFormat::ChannelsLast ? 1 : 0));
    inputs.emplace_back(spec);
  }
  dict.insert("input_specs", tupleOf(std::move(inputs)));

  std::vector<c10::IValue> outputs;
  for (const auto& out : fn.outputs) {
    Dict spec = newDict();
    spec.insert("sizes", out.sizes);
    spec.insert("dtype", static_cast<int64_t>(out.dtype));
    spec.insert("dim_symbols", out.dimSymbols);
    outputs.emplace_back(spec);
  }
  dict.insert("output_specs", tupleOf(std::move(outputs)));

  std::vector<c10::IValue> symbolic;
  for (const auto& pos : fn.symbolicShapes) {
    symbolic.emplace_back(tupleOf({pos.inputIndex, pos.dimIndex}));
  }
  dict.insert("sym_shape_pos", tupleOf(std::move(symbolic)));
  return dict;
}

FunctionSpec deserializeFunction(const c10::IValue& value) {
  if (!value.isGenericDict()) throw std::runtime_error("nnc compilation unit: function is not a dict");
  Dict dict = value.toGenericDict();
  FunctionSpec fn;
  fn.name = field(dict, "name", "function").toStringRef();
  fn.kernelId = field(dict, "nnc_kernel_id", "function").toStringRef();
  fn.kernelFuncName = optionalString(dict, "kernel_func_name");
  fn.kernelIr = optionalString(dict, "kernel_ir");
  fn.target = optionalString(dict, "target");
  fn.targetCpu = optionalString(dict, "target_cpu");
  auto features = dict.find("required_features");
  if (features != dict.end()) {
    for (const auto& feature : features->value().toListRef()) {
      fn.requiredFeatures.push_back(feature.toStringRef());
    }
  }
  const std::string precision = optionalString(dict, "matmul_precision");
  if (!precision.empty()) {
    try {
      fn.matmulPrecision = parseMatmulPrecision(precision);
    } catch (const std::invalid_argument& error) {
      throw std::runtime_error(std::string("nnc compilation unit: ") + error.what());
    }
  }
  fn.parameters = field(dict, "parameters", "function").toList();

  Dict plan = field(dict, "memory_plan", "function").toGenericDict();
  fn.bufferSizes = intList(field(plan, "buffer_sizes", "memory_plan"), "buffer_sizes");

  for (const auto& item : tupleItems(field(dict, "input_specs", "function"), "input_specs")) {
    Dict spec = item.toGenericDict();
    InputSpec in;
    in.name = optionalString(spec, "name");
    in.sizes = intList(field(spec, "sizes", "input spec"), "sizes");
    in.dtype = scalarType(field(spec, "dtype", "input spec"));
    in.dimSymbols = dimSymbols(spec, in.sizes);
    auto format = spec.find("memory_format");
    if (format != spec.end() && format->value().toInt() == 1) {
      in.memoryFormat = c10::MemoryFormat::ChannelsLast;
    }
    fn.inputs.push_back(std::move(in));
  }
  for (const auto& item : tupleItems(field(dict, "output_specs", "function"), "output_specs")) {
    Dict spec = item.toGenericDict();
    OutputSpec out;
    out.sizes = intList(field(spec, "sizes", "output spec"), "sizes");
    out.dtype = scalarType(field(spec, "dtype", "output spec"));
    out.dimSymbols = dimSymbols(spec, out.sizes);
    fn.outputs.push_back(std::move(out));
  }
  for (const auto& item : tupleItems(field(dict, "sym_shape_pos", "function"), "sym_shape_pos")) {
    const auto pair = tupleItems(item, "sym_shape_pos entry");
    if (pair.size() != 2) throw std::runtime_error("nnc compilation unit: bad sym_shape_pos entry");
    fn.symbolicShapes.push_back({pair[0].toInt(), pair[1].toInt()});
  }
  return fn;
}

}  // namespace

c10::IValue serializeCompilationUnit(const std::vector<FunctionSpec>& functions) {
  std::vector<c10::IValue> items;
  items.reserve(functions.size());
  for (const auto& fn : functions) items.push_back(serializeFunction(fn));
  return tupleOf({kCompilationUnitVersion, tupleOf(std::move(items))});
}

std::vector<FunctionSpec> deserializeCompilationUnit(const c10::IValue& value) {
  const auto top = tupleItems(value, "compilation unit");
  if (top.size() != 2 || !top[0].isInt()) {
    throw std::runtime_error("nnc compilation unit: expected Tuple(version, Tuple(functions))");
  }
  if (top[0].toInt() != kCompilationUnitVersion) {
    throw std::runtime_error("nnc compilation unit: unsupported version " +
                             std::to_string(top[0].toInt()));
  }
  std::vector<FunctionSpec> functions;
  for (const auto& item : tupleItems(top[1], "functions")) {
    functions.push_back(deserializeFunction(item));
  }
  return functions;
}

}  // namespace aotc::runtime
