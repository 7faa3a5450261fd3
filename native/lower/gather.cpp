// aten::gather(self, dim, index), which NNC 1.13 does not lower: out has the index's shape,
// out[i][j][k] = self[index[i][j][k]][j][k] for dim 0 (and so on). PyTorch requires the
// index no larger than self in every other dimension (checked here, on static sizes) and every
// index inside dimension `dim` (checked when the kernel runs, lower/index_check.h).
#include "lower/index_check.h"
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerGather) {
  const char* op = "aten::gather";
  const te::BufHandle self = bufArg(args, 0, op);
  const te::BufHandle index = bufArg(args, 2, op);
  const int64_t rank = static_cast<int64_t>(self.ndim());
  if (static_cast<int64_t>(index.ndim()) != rank) {
    throw std::runtime_error("aten::gather: index has " + std::to_string(index.ndim()) +
                             " dims where self has " + std::to_string(rank));
  }
  if (rank == 0) throw std::runtime_error("aten::gather: 0-d tensors are not supported");
  const int64_t dim = normalizedDim(intArg(args, 1, op), rank, op);
  requireIndexDtype(index, op, true);
  for (int64_t d = 0; d < rank; ++d) {
    if (d == dim) continue;
    const auto indexSize = knownDim(index.dim(d));
    const auto selfSize = knownDim(self.dim(d));
    if (!indexSize || !selfSize) {
      throw std::runtime_error("aten::gather: dimension " + std::to_string(d) +
                               " has a dynamic size (only static sizes are supported)");
    }
    if (*indexSize > *selfSize) {
      throw std::runtime_error("aten::gather: index is larger than self in dimension " +
                               std::to_string(d) + " (" + std::to_string(*indexSize) + " > " +
                               std::to_string(*selfSize) + ")");
    }
  }
  const te::ExprHandle size = self.dim(dim);
  te::Tensor gather =
      te::Compute("aotc_gather", outputShape, [&](const std::vector<te::VarHandle>& v) {
        std::vector<te::ExprHandle> at(v.begin(), v.end());
        at[dim] = clampedIndex(index.load(std::vector<te::ExprHandle>(v.begin(), v.end())), size);
        return self.load(at);
      });
  return checkedGather(gather, index, size, dim, runtime::IndexedOp::Gather);
}

}  // namespace aotc::lower
