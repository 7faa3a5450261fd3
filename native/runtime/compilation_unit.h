// The nnc compilation unit: what the `nnc` preprocess returns and the `nnc` runtime backend
// reads. Data-compatible with upstream's mobile NNC format (torch/csrc/jit/mobile/nnc):
//   Tuple(1, Tuple(function...)), each function a Dict[str, Any] with name, nnc_kernel_id,
//   parameters, input_specs, output_specs, memory_plan, sym_shape_pos.
// Fields this project adds (readers of the upstream format ignore unknown keys):
//   function.kernel_func_name   str   the kernel's symbol, `int32_t f(void** args)`
//   function.kernel_ir          str   the kernel's optimised LLVM module (assembly text)
//   function.target             str   the LLVM triple the kernel was generated for
//   function.target_cpu         str   the CPU it was generated for
//   function.required_features  str[] CPU features the kernel may use (checked at load)
//   function.matmul_precision   str   "highest", "high" or "medium" (matmul_precision.h; absent:
//                                     highest); informative, the kernel's calls carry it
//   input_specs[i].memory_format int  the layout the kernel reads (0 contiguous,
//                                      1 channels_last); outputs are always contiguous
//   input_specs[i].name          str   the method's argument name
//   input_specs[i].dim_symbols,  int[] per dim, -1 static or the index into sym_shape_pos of
//   output_specs[i].dim_symbols        the symbol giving its run-time size
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/ivalue.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/ScalarType.h>

#include "runtime/matmul_precision.h"

namespace aotc::runtime {

struct InputSpec {
  std::string name;            // the method's argument name (project field: "name")
  std::vector<int64_t> sizes;  // 0 = dynamic (symbolic) dimension
  // Per dimension: -1 when static, else the index into sym_shape_pos of its symbol; dynamic
  // dimensions with the same symbol must agree at run time.
  std::vector<int64_t> dimSymbols;
  c10::ScalarType dtype = c10::ScalarType::Float;
  c10::MemoryFormat memoryFormat = c10::MemoryFormat::Contiguous;
};

struct OutputSpec {
  std::vector<int64_t> sizes;  // 0 = dynamic: see dimSymbols
  c10::ScalarType dtype = c10::ScalarType::Float;
  // Per dimension: -1 when static, else the index into sym_shape_pos whose run-time value
  // is this dimension's size.
  std::vector<int64_t> dimSymbols;
};

// Where a symbolic dimension's run-time value is read from: inputs[inputIndex].size(dimIndex).
struct SymbolicShapePosition {
  int64_t inputIndex = 0;
  int64_t dimIndex = 0;
};

struct FunctionSpec {
  std::string name;  // the method name
  std::string kernelId;
  std::string kernelFuncName;
  std::string kernelIr;
  std::string target;
  std::string targetCpu;
  std::vector<std::string> requiredFeatures;
  MatmulPrecision matmulPrecision = MatmulPrecision::kHighest;
  c10::impl::GenericList parameters{c10::AnyType::get()};
  std::vector<InputSpec> inputs;
  std::vector<OutputSpec> outputs;
  std::vector<int64_t> bufferSizes;  // memory_plan.buffer_sizes
  std::vector<SymbolicShapePosition> symbolicShapes;
};

constexpr int64_t kCompilationUnitVersion = 1;

c10::IValue serializeCompilationUnit(const std::vector<FunctionSpec>& functions);

// Throws std::runtime_error naming the missing or malformed field.
std::vector<FunctionSpec> deserializeCompilationUnit(const c10::IValue& value);

}  // namespace aotc::runtime
