// aten::flip, aten::repeat and aten::roll, which NNC 1.13 does not lower: each output element
// reads the input at a remapped index (flipped dims read size - 1 - i; repeat reads i modulo
// the size; roll reads i - shift, wrapped around).
#include <set>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

// `i - shift` wrapped into [0, size), for 0 <= i < size and any shift (Python's modulo).
te::ExprHandle rolledIndex(const te::ExprHandle& i, const te::ExprHandle& size, int64_t shift) {
  const te::ExprHandle s(te::immLike(size, shift));
  const te::ExprHandle zero(te::immLike(size, 0));
  const te::ExprHandle wrapped = te::Mod::make(s, size);  // C's sign: (-size, size)
  const te::ExprHandle positive =
      te::CompareSelect::make(wrapped, zero, wrapped + size, wrapped, te::kLT);  // [0, size)
  const te::ExprHandle j = i - positive;
  return te::CompareSelect::make(j, zero, j + size, j, te::kLT);
}

}  // namespace

// flip(self, dims)
AOTC_LOWERING(lowerFlip) {
  const char* op = "aten::flip";
  const te::BufHandle x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(x.ndim());
  auto dims = c10::get_if<te::IntList>(&args.at(1));
  if (!dims) throw std::runtime_error("aten::flip: dims is not a constant int list");
  std::set<int64_t> flipped;
  for (int64_t d : *dims) flipped.insert(normalizedDim(d, rank, op));
  return te::Compute("aotc_flip", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index;
    for (int64_t d = 0; d < rank; ++d) {
      index.push_back(flipped.count(d) ? x.dim(d) - te::ExprHandle(te::immLike(x.dim(d), 1)) - v[d]
                                       : te::ExprHandle(v[d]));
    }
    return loadAs(x, index, dtypeOr(outputType, x.dtype()));
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
    return loadAs(x, index, dtypeOr(outputType, x.dtype()));
  });
}

// roll(self, shifts, dims=[]): without dims the flattened tensor rolls by its one shift; with
// dims each named dim rolls by its shift (a dim named twice rolls by their sum).
AOTC_LOWERING(lowerRoll) {
  const char* op = "aten::roll";
  const te::BufHandle x = bufArg(args, 0, op);
  const int64_t rank = static_cast<int64_t>(x.ndim());
  auto shifts = c10::get_if<te::IntList>(&args.at(1));
  if (!shifts) throw std::runtime_error("aten::roll: shifts is not a constant int list");
  std::vector<int64_t> dims;
  if (args.size() > 2) {
    auto given = c10::get_if<te::IntList>(&args[2]);
    if (!given) throw std::runtime_error("aten::roll: dims is not a constant int list");
    dims = *given;
  }
  if (dims.empty() ? shifts->size() != 1 : shifts->size() != dims.size()) {
    throw std::runtime_error("aten::roll: " + std::to_string(shifts->size()) + " shifts for " +
                             std::to_string(dims.size()) + " dims (without dims, one shift)");
  }
  std::vector<int64_t> shiftOf(rank, 0);
  for (size_t k = 0; k < dims.size(); ++k) shiftOf[normalizedDim(dims[k], rank, op)] += (*shifts)[k];
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  return te::Compute("aotc_roll", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index(v.begin(), v.end());
    if (dims.empty() && rank > 0) {
      // The flat index, rolled, back to one index per dim.
      te::ExprHandle flat = te::ExprHandle(te::immLike(x.dim(0), 0)), count = te::ExprHandle(te::immLike(x.dim(0), 1));
      for (int64_t d = 0; d < rank; ++d) {
        flat = flat * x.dim(d) + v[d];
        count = count * x.dim(d);
      }
      te::ExprHandle rest = rolledIndex(flat, count, shifts->front());
      for (int64_t d = rank; d-- > 0;) {
        index[d] = te::Mod::make(rest, x.dim(d));
        rest = rest / x.dim(d);
      }
    } else {
      for (int64_t d = 0; d < rank; ++d) {
        if (shiftOf[d] != 0) index[d] = rolledIndex(v[d], x.dim(d), shiftOf[d]);
      }
    }
    return loadAs(x, index, dtype);
  });
}

}  // namespace aotc::lower
