// aten::index_select(self, dim, index), which NNC 1.13 does not lower: the output is self
// with dimension `dim` replaced by the index's entries, out[..., i, ...] = self[..., index[i],
// ...]. An index outside the dimension fails the run, as in PyTorch (lower/index_check.h).
#include "lower/index_check.h"
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerIndexSelect) {
  const char* op = "aten::index_select";
  const te::BufHandle self = bufArg(args, 0, op);
  const te::BufHandle index = bufArg(args, 2, op);
  const int64_t rank = static_cast<int64_t>(self.ndim());
  // A 0-d tensor indexes as a 1-d one of one element.
  const int64_t dim = normalizedDim(intArg(args, 1, op), std::max<int64_t>(rank, 1), op);
  if (index.ndim() > 1) throw std::runtime_error("aten::index_select: index must be 0-d or 1-d");
  requireIndexDtype(index, op, false);
  const te::ExprHandle size = rank == 0 ? te::ExprHandle(int64_t{1}) : self.dim(dim);
  te::Tensor gather =
      te::Compute("aotc_index_select", outputShape, [&](const std::vector<te::VarHandle>& v) {
        if (rank == 0) return self.load(std::vector<te::ExprHandle>{});
        std::vector<te::ExprHandle> at(v.begin(), v.end());
        const te::ExprHandle i =
            index.load(index.ndim() == 0 ? std::vector<te::ExprHandle>{} : std::vector<te::ExprHandle>{v[dim]});
        at[dim] = clampedIndex(i, size);
        return self.load(at);
      });
  return checkedGather(gather, index, size, dim, runtime::IndexedOp::IndexSelect);
}

}  // namespace aotc::lower
