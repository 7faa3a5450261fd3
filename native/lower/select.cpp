// aten::select (x[i], x[:, i], x.select(dim, i)): an index remap in TE that drops `dim`,
// out[a, b, ...] = x[a, ..., index, ..., b], with Python's negative index counted from the end.
// The selected dimension must have a static size, so that the index is checked at compile time.
#include <optional>
#include <string>

#include "lower/ops.h"

namespace aotc::lower {

AOTC_LOWERING(lowerSelect) {
  const char* op = "aten::select";
  auto x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(x.ndim());
  const int64_t givenDim = intArg(args, 1, op);
  const int64_t dim = givenDim < 0 ? givenDim + rank : givenDim;
  if (dim < 0 || dim >= rank) {
    throw std::runtime_error("aten::select: dim " + std::to_string(givenDim) +
                             " is out of range for a " + std::to_string(rank) + "-d tensor");
  }
  const std::optional<int64_t> known = knownDim(x.dim(dim));
  if (!known) {
    throw std::runtime_error("aten::select: indexes dim " + std::to_string(dim) +
                             ", which is dynamic; integer indexing needs a static size there");
  }
  const int64_t size = *known;
  const int64_t given = intArg(args, 2, op);
  const int64_t index = given < 0 ? given + size : given;
  if (index < 0 || index >= size) {
    throw std::runtime_error("aten::select: index " + std::to_string(given) +
                             " is out of range for dim " + std::to_string(dim) + " of size " +
                             std::to_string(size));
  }
  return te::Compute("aotc_select", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> source(v.begin(), v.end());
    source.insert(source.begin() + dim, te::ExprHandle(index));
    return x.load(source);
  });
}

}  // namespace aotc::lower
