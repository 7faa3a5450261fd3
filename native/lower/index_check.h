// Gathers by an index tensor (aten::embedding, aten::index_select, aten::gather): PyTorch
// raises an error for an index outside the dimension it indexes; the compiled kernel must
// too, not read beside the tensor nor return a clamped row. The gather itself clamps its
// index (so no load ever leaves the tensor), and runs after a check of every index
// (runtime/kernel_errors.h: aotc_check_indices) that fails the run, naming the op and value.
#pragma once

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "runtime/kernel_errors.h"

namespace aotc::lower {

namespace te = torch::jit::tensorexpr;

// `index` (an int32/int64 value read from the indices) clamped into [0, size), as int64.
te::ExprHandle clampedIndex(const te::ExprHandle& index, const te::ExprHandle& size);

// `gather` preceded by the check that every value of `indices` lies in [0, size), where
// `size` is the size of dimension `dim` of the tensor `op` gathers from.
te::Tensor checkedGather(const te::Tensor& gather, const te::BufHandle& indices,
                         const te::ExprHandle& size, int64_t dim, runtime::IndexedOp op);

// Throws naming `op` unless `indices` holds int32 or int64 values (`int64Only`: int64).
void requireIndexDtype(const te::BufHandle& indices, const char* op, bool int64Only);

}  // namespace aotc::lower
