// aten::embedding as a TE gather: out[i..., j] = weight[ids[i...], j]. NNC 1.13's own
// lowering calls nnc_aten_embedding, which Debian's libtorch does not export, so this one
// replaces it. An id outside the table fails the run, as in PyTorch (lower/index_check.h).
#include "lower/index_check.h"
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerEmbedding) {
  const char* op = "aten::embedding";
  auto weight = bufArg(args, 0, op);
  auto ids = bufArg(args, 1, op);
  if (weight.ndim() != 2) throw std::runtime_error("aten::embedding: weight must be 2-d");
  requireIndexDtype(ids, op, false);
  const size_t idRank = ids.ndim();
  const te::ExprHandle rows = weight.dim(0);
  te::Tensor gather =
      te::Compute("aotc_embedding", outputShape, [&](const std::vector<te::VarHandle>& v) {
        const te::ExprHandle id = ids.load(std::vector<te::ExprHandle>(v.begin(), v.begin() + idRank));
        return weight.load(clampedIndex(id, rows), v[idRank]);
      });
  return checkedGather(gather, ids, rows, 0, runtime::IndexedOp::Embedding);
}

}  // namespace aotc::lower
