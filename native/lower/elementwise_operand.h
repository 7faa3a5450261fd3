// An elementwise op's operand at one output position, for the lowerings that build their
// own Compute: a tensor read with numpy broadcasting, or a constant scalar.
#pragma once

#include <vector>

#include "lower/ops.h"

namespace aotc::lower {

// `arg` at the output position `axes`, converted to `dtype`: a tensor is read with numpy
// broadcasting (aligned at the last axis, size-1 dims read at 0); a double, int or bool
// argument is that constant. Throws, naming `op`, for anything else.
te::ExprHandle elementwiseOperand(const te::ArgValue& arg, const std::vector<te::VarHandle>& axes,
                                  te::Dtype dtype, const char* op);

}  // namespace aotc::lower
