// aten::topk's indices (lower/topk_rewrite.cpp rewrites topk into aotc::topk_indices, and its
// values into a gather at those indices), as an external call with NNC's signature:
//   bufs: 0 the output, int64, the input's shape with k in place of dimension `dim`;
//         1 the input (float32, float64, int32 or int64), any strides;
//   extra_args: k, dim, largest.
// Per row (the elements along `dim`), the positions of the k largest (smallest) values in
// order, NaN counted as larger than any number (as PyTorch does); equal values by position,
// first first (PyTorch leaves their order unspecified).
#pragma once

#include <cstdint>

namespace aotc::runtime {

inline constexpr const char* kTopkIndicesFunction = "aotc_topk_indices";

inline constexpr int64_t kTopkK = 0;
inline constexpr int64_t kTopkDim = 1;
inline constexpr int64_t kTopkLargest = 2;
inline constexpr int64_t kTopkArgCount = 3;

}  // namespace aotc::runtime

extern "C" void aotc_topk_indices(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                  int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                  int64_t args_num, int64_t* extra_args);
