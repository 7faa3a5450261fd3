#include "lower/loop_nest.h"

#include <string>

namespace aotc::lower {

te::StmtPtr loopsAround(const std::vector<te::VarHandle>& vars,
                        const std::vector<te::ExprHandle>& sizes, te::StmtPtr body) {
  for (size_t d = vars.size(); d-- > 0;) {
    body = te::For::make(vars[d], te::ExprHandle(te::immLike(sizes[d], 0)), sizes[d], body);
  }
  return body;
}

RowLoops::RowLoops(const std::vector<te::ExprHandle>& shape, int64_t dim, const char* op)
    : scalar_(shape.empty()),
      indexType_(shape.empty() ? te::kLong : shape[0].dtype()),
      length_(te::LongImm::make(1)) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  const int64_t bound = std::max<int64_t>(rank, 1);
  if (dim < -bound || dim >= bound) {
    throw std::runtime_error(std::string(op) + ": dim " + std::to_string(dim) +
                             " is out of range for a tensor of rank " + std::to_string(rank));
  }
  if (dim < 0) dim += bound;
  if (!scalar_) length_ = shape[dim];
  for (int64_t d = 0; d < rank; ++d) {
    if (d < dim) {
      before_.emplace_back("i" + std::to_string(d), indexType_);
      beforeSizes_.push_back(shape[d]);
    } else if (d > dim) {
      afterSizes_.push_back(shape[d]);
    }
  }
  statsShape_ = beforeSizes_;
  statsShape_.insert(statsShape_.end(), afterSizes_.begin(), afterSizes_.end());
}

std::vector<te::VarHandle> RowLoops::freshAfter() const {
  std::vector<te::VarHandle> vars;
  for (size_t d = 0; d < afterSizes_.size(); ++d) {
    vars.emplace_back("j" + std::to_string(d), indexType_);
  }
  return vars;
}

RowLoops::Indices RowLoops::indicesOf(const te::VarHandle* along,
                                      const std::vector<te::VarHandle>& after) const {
  Indices at;
  at.element.assign(before_.begin(), before_.end());
  at.stat.assign(before_.begin(), before_.end());
  if (along != nullptr && !scalar_) at.element.push_back(*along);
  for (const auto& var : after) {
    at.element.push_back(var);
    at.stat.push_back(var);
  }
  return at;
}

te::StmtPtr RowLoops::overRow(const std::function<te::StmtPtr(const Indices&)>& body) const {
  te::VarHandle along("l", indexType_);
  std::vector<te::VarHandle> after = freshAfter();
  return te::For::make(along, te::ExprHandle(te::immLike(length_, 0)), length_,
                       loopsAround(after, afterSizes_, body(indicesOf(&along, after))));
}

te::StmtPtr RowLoops::perStat(const std::function<te::StmtPtr(const Indices&)>& body) const {
  std::vector<te::VarHandle> after = freshAfter();
  return loopsAround(after, afterSizes_, body(indicesOf(nullptr, after)));
}

te::StmtPtr RowLoops::aroundRows(te::StmtPtr passes) const {
  return loopsAround(before_, beforeSizes_, passes);
}

}  // namespace aotc::lower
