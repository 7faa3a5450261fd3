// aten::embedding as a TE gather: out[i..., j] = weight[ids[i...], j]. NNC 1.13's own
// lowering calls nnc_aten_embedding, which Debian's libtorch does not export, so this one
// replaces it. Ids are clamped to the table: out-of-range ids (an error in PyTorch) cannot
// read outside the weight.
#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerEmbedding) {
  auto weight = bufArg(args, 0, "aten::embedding");
  auto ids = bufArg(args, 1, "aten::embedding");
  if (weight.ndim() != 2) throw std::runtime_error("aten::embedding: weight must be 2-d");
  size_t idRank = ids.ndim();
  return te::Compute("aotc_embedding", outputShape, [&](const std::vector<te::VarHandle>& v) {
    te::ExprHandle id = te::Cast::make(te::kLong, ids.load(std::vector<te::ExprHandle>(v.begin(), v.begin() + idRank)));
    te::ExprHandle last = te::Cast::make(te::kLong, weight.dim(0)) - int64_t{1};
    te::ExprHandle row = te::Max::make(te::Min::make(id, last, true), te::ExprHandle(int64_t{0}), true);
    return weight.load(row, v[idRank]);
  });
}

}  // namespace aotc::lower
