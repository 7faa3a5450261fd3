#include "lower/pool_window.h"

namespace aotc::lower {

te::ExprHandle windowTap(const te::BufHandle& x, const std::vector<te::VarHandle>& v,
                         const te::ExprHandle& ih, const te::ExprHandle& iw,
                         const te::ExprHandle& outside) {
  const size_t rank = x.ndim();
  const te::ExprHandle height = x.dim(rank - 2), width = x.dim(rank - 1);
  const te::ExprHandle zero(int64_t{0});
  auto inside = [&](const te::ExprHandle& i, const te::ExprHandle& size) {
    return (i >= zero) & (i < size);
  };
  auto clamp = [&](const te::ExprHandle& i, const te::ExprHandle& size) {
    return te::Max::make(te::Min::make(i, size - 1, true), zero, true);
  };
  std::vector<te::ExprHandle> index(v.begin(), v.begin() + rank - 2);
  index.push_back(clamp(ih, height));
  index.push_back(clamp(iw, width));
  te::ExprHandle value = x.load(index);
  if (x.dtype() != outside.dtype()) value = te::Cast::make(outside.dtype(), value);
  return te::ifThenElse(inside(ih, height) & inside(iw, width), value, outside);
}

}  // namespace aotc::lower
