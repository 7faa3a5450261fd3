// Building explicit loop nests for the lowerings that write their own statements (softmax,
// cumsum) instead of Compute / Reduce.
#pragma once

#include <vector>

#include "lower/ops.h"

namespace aotc::lower {

// Nested loops over `vars` from 0 to `sizes` (outermost first) around `body`; the body itself
// when there are none.
te::StmtPtr loopsAround(const std::vector<te::VarHandle>& vars,
                        const std::vector<te::ExprHandle>& sizes, te::StmtPtr body);

}  // namespace aotc::lower
