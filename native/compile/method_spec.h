// One method's compile spec, in the string form upstream's aot_model_compiler put into the
// `nnc` compile spec (so specs made by upstream tooling are read the same way):
//   sizes "1,3,224,224;2,2"   types "float;int64"   memory_formats "contiguous;channels_last"
//   dynamic_sizes "1"         asmfile, model_name, model_version
// dynamic_sizes has two forms: size values ("1": every input dimension of size 1 is dynamic,
// upstream's meaning) or input:dim positions ("0:0,1:0": exactly those dimensions).
// Only c10 headers (and plain ones) here: parsing stays cheap to compile and to test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Dict.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/ScalarType.h>

#include "runtime/matmul_precision.h"

namespace aotc::compile {

// An input dimension: inputs[input].size(dim).
struct InputDim {
  int64_t input = 0;
  int64_t dim = 0;
};

struct MethodSpec {
  std::string methodName;
  std::string modelName;
  std::string modelVersion;
  std::string asmFile;
  std::string target;  // LLVM triple; empty = host (project field: "target")
  std::string cpu;     // empty = host CPU, or generic for another architecture ("cpu")
  // Of matrix products and convolutions ("matmul_precision": highest, high or medium)
  runtime::MatmulPrecision matmulPrecision = runtime::MatmulPrecision::kHighest;
  std::vector<std::vector<int64_t>> sizes;
  std::vector<c10::ScalarType> types;
  std::vector<c10::MemoryFormat> memoryFormats;
  std::vector<int64_t> dynamicSizes;  // value form
  std::vector<InputDim> dynamicDims;  // position form

  // The input dimensions that are dynamic, from either form. Throws std::invalid_argument
  // when a size value matches no input dimension.
  std::vector<InputDim> dynamicInputDims() const;

  std::string kernelFuncName() const;  // nnc_<name>_<version>_<method>
  std::string kernelId() const;        // <name>:<version>:<method>:VERTOKEN
};

// Parses and validates one entry of the compile spec. Throws std::invalid_argument with a
// message naming the field and the offending text.
MethodSpec parseMethodSpec(const std::string& methodName,
                           const c10::Dict<c10::IValue, c10::IValue>& fields);

// The inverse: the compile-spec entry for `spec` (strings, as upstream wrote them).
c10::Dict<c10::IValue, c10::IValue> toMethodSpecDict(const MethodSpec& spec);

// Example inputs (made by the graph passes) may take at most this many bytes: a quarter of
// the machine's physical memory. parseMethodSpec refuses larger input dims.
int64_t exampleInputByteLimit();

const char* inputTypeName(c10::ScalarType type);
const char* memoryFormatName(c10::MemoryFormat format);

}  // namespace aotc::compile
