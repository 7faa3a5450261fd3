// Failures the generated kernel code detects itself. It cannot throw: it calls one of these,
// which records the error for the calling thread as a failed external call does
// (external_call_error.h), and goes on with a harmless value; CompiledFunction::run throws the
// error when the kernel returns.
#pragma once

#include <cstdint>

namespace aotc::runtime {

// An integer division or remainder by zero (TorchScript raises ZeroDivisionError; the
// instruction itself would kill the process with SIGFPE).
inline constexpr const char* kIntegerDivisionByZeroFunction = "aotc_integer_division_by_zero";

// Checks that every value of an index tensor lies in [0, size): the ids of aten::embedding,
// the indices of aten::index_select and aten::gather, which PyTorch rejects when out of range
// (IndexError / RuntimeError) rather than reading outside the tensor. An external call (NNC's
// signature) placed before the gather, which itself clamps, so no load leaves the tensor:
//   bufs: 0 the gather's output (not touched), 1 the indices (int32 or int64, any strides);
//   extra_args: the size indexed and the op (IndexedOp), then the dimension indexed.
inline constexpr const char* kIndexCheckFunction = "aotc_check_indices";

enum class IndexedOp : int64_t { Embedding = 0, IndexSelect = 1, Gather = 2 };

inline constexpr int64_t kIndexCheckSize = 0;
inline constexpr int64_t kIndexCheckOp = 1;
inline constexpr int64_t kIndexCheckDim = 2;
inline constexpr int64_t kIndexCheckArgCount = 3;

}  // namespace aotc::runtime

extern "C" void aotc_integer_division_by_zero();

extern "C" void aotc_check_indices(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                   int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                   int64_t args_num, int64_t* extra_args);
