// A pooling window's tap, shared by the max and average pooling lowerings.
#pragma once

#include <vector>

#include "lower/ops.h"

namespace aotc::lower {

// x at (the output position's leading axes `v[0 .. rank-2)`, ih, iw) when (ih, iw) is inside
// the input's last two dims, else `outside` (padding). The load's index is clamped into the
// input, so it never leaves it.
te::ExprHandle windowTap(const te::BufHandle& x, const std::vector<te::VarHandle>& v,
                         const te::ExprHandle& ih, const te::ExprHandle& iw,
                         const te::ExprHandle& outside);

}  // namespace aotc::lower
