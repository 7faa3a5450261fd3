#include "lower/reduced_dims.h"

namespace aotc::lower {

ReducedDims::ReducedDims(const te::BufHandle& x, std::vector<int64_t> dims, const char* op)
    : rank_(static_cast<int64_t>(x.ndim())) {
  if (dims.empty()) {  // all dims
    for (int64_t d = 0; d < rank_; ++d) dims.push_back(d);
  }
  // A 0-d tensor reduces as one of one element: dim 0 or -1 names it.
  for (int64_t d : dims) reduced_.insert(normalizedDim(d, std::max<int64_t>(rank_, 1), op));
  for (int64_t d = 0; d < rank_; ++d) {
    (reduced_.count(d) ? reducedSizes_ : kept_).push_back(x.dim(d));
  }
}

std::vector<te::ExprHandle> ReducedDims::inputIndex(const std::vector<te::VarHandle>& v) const {
  std::vector<te::ExprHandle> index(static_cast<size_t>(rank_));
  size_t nextKept = 0, nextReduced = kept_.size();
  for (int64_t d = 0; d < rank_; ++d) index[d] = reduced_.count(d) ? v[nextReduced++] : v[nextKept++];
  return index;
}

std::vector<te::ExprHandle> ReducedDims::resultIndex(const std::vector<te::VarHandle>& v,
                                                     bool keepdim) const {
  std::vector<te::ExprHandle> index;
  for (int64_t d = 0; d < static_cast<int64_t>(v.size()); ++d) {
    if (keepdim && reduced_.count(d)) continue;
    index.push_back(v[d]);
  }
  return index;
}

std::vector<int64_t> dimsArg(const std::vector<te::ArgValue>& args, size_t i) {
  if (i < args.size()) {
    if (auto dims = c10::get_if<te::IntList>(&args[i])) return *dims;
    if (auto dim = c10::get_if<int64_t>(&args[i])) return {*dim};
  }
  return {};  // None or absent: every dim
}

}  // namespace aotc::lower
