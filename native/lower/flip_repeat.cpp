// aten::flip and aten::repeat, which NNC 1.13 does not lower: each output element reads the
// input at a remapped index (flipped dims read size - 1 - i; repeat reads i modulo the size).
#include <set>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"

namespace aotc::lower {

// flip(self, dims)
AOTC_LOWERING(lowerFlip) {
  const char* op = "aten::flip";
  const te::BufHandle x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(x.ndim());
  auto dims = c10::get_if<te::IntList>(&args.at(1));
  if (!dims) throw std::runtime_error("aten::flip: dims is not a constant int list");
  std::set<int64_t> flipped;
  for (int64_t d : *dims) {
    if (d < -rank || d >= rank) throw std::runtime_error("aten::flip: dim " + std::to_string(d) + " is out of range");
    flipped.insert(d < 0 ? d + rank : d);
  }
  return te::Compute("aotc_flip", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index;
    for (int64_t d = 0; d < rank; ++d) {
      index.push_back(flipped.count(d) ? x.dim(d) - te::ExprHandle(te::immLike(x.dim(d), 1)) - v[d]
                                       : te::ExprHandle(v[d]));
    }
    te::ExprHandle value = x.load(index);
    te::Dtype dtype = dtypeOr(outputType, x.dtype());
    return x.dtype() == dtype ? value : te::Cast::make(dtype, value);
  });
}

// repeat(self, repeats): the input's dims align with the last ones of the output.
AOTC_LOWERING(lowerRepeat) {
  const char* op = "aten::repeat";
  const te::BufHandle x = bufArg(args, 0, op);
  const size_t rank = x.ndim();
  if (outputShape.size() < rank) throw std::runtime_error("aten::repeat: fewer repeats than dims");
  const size_t offset = outputShape.size() - rank;
  return te::Compute("aotc_repeat", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index;
    for (size_t d = 0; d < rank; ++d) index.push_back(te::Mod::make(v[offset + d], x.dim(d)));
    te::ExprHandle value = x.load(index);
    te::Dtype dtype = dtypeOr(outputType, x.dtype());
    return x.dtype() == dtype ? value : te::Cast::make(dtype, value);
  });
}

}  // namespace aotc::lower
