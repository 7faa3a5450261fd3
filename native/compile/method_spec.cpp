#include "compile/method_spec.h"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace aotc::compile {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> pieces;
  std::string piece;
  std::stringstream stream(text);
  while (std::getline(stream, piece, separator)) pieces.push_back(piece);
  if (!text.empty() && text.back() == separator) pieces.emplace_back();
  return pieces;
}

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

int64_t parsePositive(const std::string& text, const char* what) {
  std::string t = trim(text);
  if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument(std::string(what) + ": '" + text + "' is not a positive integer");
  }
  errno = 0;
  unsigned long long value = std::strtoull(t.c_str(), nullptr, 10);
  if (errno == ERANGE || value > static_cast<unsigned long long>(std::numeric_limits<int32_t>::max())) {
    throw std::invalid_argument(std::string(what) + ": '" + text + "' is too large");
  }
  if (value == 0) throw std::invalid_argument(std::string(what) + ": sizes must be positive, got 0");
  return static_cast<int64_t>(value);
}

std::string stringField(const c10::Dict<c10::IValue, c10::IValue>& fields, const char* key,
                        bool required) {
  auto it = fields.find(key);
  if (it == fields.end()) {
    if (required) throw std::invalid_argument(std::string("compile spec: missing '") + key + "'");
    return "";
  }
  if (!it->value().isString()) {
    throw std::invalid_argument(std::string("compile spec: '") + key + "' must be a string");
  }
  return it->value().toStringRef();
}

std::vector<std::vector<int64_t>> parseSizes(const std::string& text) {
  if (trim(text).empty()) throw std::invalid_argument("input dims: at least one input is required");
  std::vector<std::vector<int64_t>> inputs;
  for (const auto& input : split(text, ';')) {
    if (trim(input).empty()) {
      throw std::invalid_argument("input dims: empty input in '" + text + "'");
    }
    std::vector<int64_t> dims;
    for (const auto& dim : split(input, ',')) dims.push_back(parsePositive(dim, "input dims"));
    inputs.push_back(std::move(dims));
  }
  return inputs;
}

c10::ScalarType parseType(const std::string& text) {
  auto t = trim(text);
  if (t == "float") return c10::ScalarType::Float;
  if (t == "int64") return c10::ScalarType::Long;
  if (t == "uint8") return c10::ScalarType::Byte;
  throw std::invalid_argument("input types: unsupported type '" + text +
                              "' (expected float, int64 or uint8)");
}

c10::MemoryFormat parseFormat(const std::string& text) {
  auto t = trim(text);
  if (t == "contiguous") return c10::MemoryFormat::Contiguous;
  if (t == "channels_last") return c10::MemoryFormat::ChannelsLast;
  throw std::invalid_argument("input memory formats: unsupported format '" + text +
                              "' (expected contiguous or channels_last)");
}

template <typename T, typename Parse>
std::vector<T> parseList(const std::string& text, Parse parse) {
  std::vector<T> values;
  if (trim(text).empty()) return values;
  for (const auto& item : split(text, ';')) values.push_back(parse(item));
  return values;
}

// "input:dim", both indices in range of the input dims.
InputDim parseInputDim(const std::string& text, const std::vector<std::vector<int64_t>>& sizes) {
  auto colon = text.find(':');
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("dynamic dims: '" + text + "' " + why +
                                 " (the position form is input:dim, e.g. 0:0 for the first "
                                 "input's first dimension)");
  };
  if (colon == std::string::npos) throw bad("mixes the size-value and position forms");
  auto parseIndex = [&](const std::string& part) -> int64_t {
    auto t = trim(part);
    if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) {
      throw bad("is not two non-negative integers");
    }
    return std::stoll(t);
  };
  InputDim position{parseIndex(text.substr(0, colon)), parseIndex(text.substr(colon + 1))};
  if (position.input >= static_cast<int64_t>(sizes.size())) {
    throw bad("names input " + std::to_string(position.input) + ", but there are " +
              std::to_string(sizes.size()) + " inputs");
  }
  if (position.dim >= static_cast<int64_t>(sizes[position.input].size())) {
    throw bad("names dimension " + std::to_string(position.dim) + ", but input " +
              std::to_string(position.input) + " has " +
              std::to_string(sizes[position.input].size()) + " dimensions");
  }
  return position;
}

std::string gibibytes(double bytes) {
  std::ostringstream out;
  out.precision(3);
  out << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return out.str();
}

// The passes run the model on random example inputs of the given sizes (and, with dynamic
// dims, on a second set one larger): refuse sizes whose example data alone would take a
// large share of the machine's memory, before anything is allocated. Counted in doubles, so
// products of huge sizes cannot overflow.
void checkExampleInputSize(const MethodSpec& spec) {
  double bytes = 0;
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    double elements = 1;
    for (int64_t d : spec.sizes[i]) elements *= static_cast<double>(d);
    // at::rand makes float data, then converts it to the input's type.
    bytes += elements * (4.0 + static_cast<double>(c10::elementSize(spec.types[i])));
  }
  double limit = static_cast<double>(exampleInputByteLimit());
  if (bytes > limit) {
    throw std::invalid_argument(
        "input dims: the example inputs for these sizes need " + gibibytes(bytes) +
        ", more than a quarter of this machine's memory (" + gibibytes(limit * 4) +
        "); the sizes are too large to compile with");
  }
}

}  // namespace

int64_t exampleInputByteLimit() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long pageSize = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || pageSize <= 0) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(pages) * pageSize / 4;
}

std::vector<InputDim> MethodSpec::dynamicInputDims() const {
  if (!dynamicDims.empty()) return dynamicDims;
  std::vector<InputDim> dims;
  for (int64_t value : dynamicSizes) {
    size_t before = dims.size();
    for (size_t i = 0; i < sizes.size(); ++i) {
      for (size_t d = 0; d < sizes[i].size(); ++d) {
        if (sizes[i][d] == value) dims.push_back({static_cast<int64_t>(i), static_cast<int64_t>(d)});
      }
    }
    if (dims.size() == before) {
      throw std::invalid_argument("dynamic dims: no input dimension has size " +
                                  std::to_string(value) +
                                  " (dynamic dims lists size values, e.g. --input_dims=1,3,224,224 "
                                  "--dynamic_dims=1 makes the batch dimension dynamic; or use "
                                  "input:dim positions such as 0:0)");
    }
  }
  return dims;
}

std::string MethodSpec::kernelFuncName() const {
  return "nnc_" + modelName + "_" + modelVersion + "_" + methodName;
}

std::string MethodSpec::kernelId() const {
  return modelName + ":" + modelVersion + ":" + methodName + ":VERTOKEN";
}

const char* inputTypeName(c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Float: return "float";
    case c10::ScalarType::Long: return "int64";
    case c10::ScalarType::Byte: return "uint8";
    default: return "unsupported";
  }
}

const char* memoryFormatName(c10::MemoryFormat format) {
  return format == c10::MemoryFormat::ChannelsLast ? "channels_last" : "contiguous";
}

MethodSpec parseMethodSpec(const std::string& methodName,
                           const c10::Dict<c10::IValue, c10::IValue>& fields) {
  MethodSpec spec;
  spec.methodName = methodName;
  spec.modelName = stringField(fields, "model_name", true);
  spec.modelVersion = stringField(fields, "model_version", true);
  spec.asmFile = stringField(fields, "asmfile", false);
  spec.target = trim(stringField(fields, "target", false));
  spec.cpu = trim(stringField(fields, "cpu", false));
  const std::string precision = trim(stringField(fields, "matmul_precision", false));
  if (!precision.empty()) spec.matmulPrecision = runtime::parseMatmulPrecision(precision);
  if (spec.modelName.empty()) throw std::invalid_argument("compile spec: model_name is empty");
  if (spec.modelVersion.empty()) throw std::invalid_argument("compile spec: model_version is empty");

  spec.sizes = parseSizes(stringField(fields, "sizes", true));
  auto typesText = stringField(fields, "types", false);
  spec.types = trim(typesText).empty()
                   ? std::vector<c10::ScalarType>(spec.sizes.size(), c10::ScalarType::Float)
                   : parseList<c10::ScalarType>(typesText, parseType);
  if (spec.types.size() != spec.sizes.size()) {
    throw std::invalid_argument("input types: " + std::to_string(spec.types.size()) +
                                " types given for " + std::to_string(spec.sizes.size()) +
                                " inputs");
  }
  auto formatsText = stringField(fields, "memory_formats", false);
  spec.memoryFormats = trim(formatsText).empty()
                           ? std::vector<c10::MemoryFormat>(spec.sizes.size(),
                                                            c10::MemoryFormat::Contiguous)
                           : parseList<c10::MemoryFormat>(formatsText, parseFormat);
  if (spec.memoryFormats.size() != spec.sizes.size()) {
    throw std::invalid_argument("input memory formats: " +
                                std::to_string(spec.memoryFormats.size()) +
                                " formats given for " + std::to_string(spec.sizes.size()) +
                                " inputs");
  }
  for (size_t i = 0; i < spec.sizes.size(); ++i) {
    if (spec.memoryFormats[i] == c10::MemoryFormat::ChannelsLast && spec.sizes[i].size() != 4) {
      throw std::invalid_argument("input memory formats: channels_last needs a 4-d input, input " +
                                  std::to_string(i) + " has " +
                                  std::to_string(spec.sizes[i].size()) + " dims");
    }
  }
  auto dynamicText = stringField(fields, "dynamic_sizes", false);
  if (!trim(dynamicText).empty()) {
    bool positionForm = dynamicText.find(':') != std::string::npos;
    for (const auto& item : split(dynamicText, ',')) {
      if (positionForm) {
        spec.dynamicDims.push_back(parseInputDim(item, spec.sizes));
      } else {
        spec.dynamicSizes.push_back(parsePositive(item, "dynamic dims"));
      }
    }
  }
  spec.dynamicInputDims();  // validates: every value must match some input dimension
  checkExampleInputSize(spec);
  return spec;
}

c10::Dict<c10::IValue, c10::IValue> toMethodSpecDict(const MethodSpec& spec) {
  auto join = [](const auto& items, char separator, auto format) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += separator;
      out += format(items[i]);
    }
    return out;
  };
  c10::Dict<c10::IValue, c10::IValue> dict(c10::StringType::get(), c10::AnyType::get());
  dict.insert("sizes", join(spec.sizes, ';', [&](const std::vector<int64_t>& dims) {
                return join(dims, ',', [](int64_t d) { return std::to_string(d); });
              }));
  dict.insert("types", join(spec.types, ';', [](c10::ScalarType t) {
                return std::string(inputTypeName(t));
              }));
  dict.insert("memory_formats", join(spec.memoryFormats, ';', [](c10::MemoryFormat f) {
                return std::string(memoryFormatName(f));
              }));
  dict.insert("dynamic_sizes",
              spec.dynamicDims.empty()
                  ? join(spec.dynamicSizes, ',', [](int64_t d) { return std::to_string(d); })
                  : join(spec.dynamicDims, ',', [](const InputDim& p) {
                      return std::to_string(p.input) + ":" + std::to_string(p.dim);
                    }));
  dict.insert("asmfile", spec.asmFile);
  dict.insert("model_name", spec.modelName);
  dict.insert("model_version", spec.modelVersion);
  if (!spec.target.empty()) dict.insert("target", spec.target);
  if (!spec.cpu.empty()) dict.insert("cpu", spec.cpu);
  if (spec.matmulPrecision != runtime::MatmulPrecision::kHighest) {
    dict.insert("matmul_precision", std::string(runtime::matmulPrecisionName(spec.matmulPrecision)));
  }
  return dict;
}

}  // namespace aotc::compile
