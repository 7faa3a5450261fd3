// aten::constant_pad_nd and aten::pad (F.pad; modes constant, replicate, reflect, circular),
// which NNC 1.13 does not lower: each output element reads the input at its position minus the
// padding before it, mapped into range by the mode (constant: the value outside it). Negative
// padding crops. Indices are mapped (clamped, for constant) before the load, so no load
// reaches outside the input.
#include <string>

#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

enum class PadMode { Constant, Replicate, Reflect, Circular };

PadMode padModeOf(const std::string& mode) {
  if (mode == "constant") return PadMode::Constant;
  if (mode == "replicate") return PadMode::Replicate;
  if (mode == "reflect") return PadMode::Reflect;
  if (mode == "circular") return PadMode::Circular;
  throw std::runtime_error("aten::pad: unknown mode '" + mode + "'");
}

double numberArg(const te::ArgValue& arg, double fallback) {
  if (auto value = c10::get_if<double>(&arg)) return *value;
  if (auto value = c10::get_if<int64_t>(&arg)) return static_cast<double>(*value);
  if (auto value = c10::get_if<bool>(&arg)) return *value ? 1.0 : 0.0;
  return fallback;
}

te::Tensor pad(const char* op, const te::BufHandle& x, const std::vector<int64_t>& padding,
               PadMode mode, double value, const std::vector<te::ExprHandle>& outputShape,
               const c10::optional<c10::ScalarType>& outputType) {
  const size_t rank = x.ndim();
  if (padding.size() % 2 != 0 || padding.size() / 2 > rank) {
    throw std::runtime_error(std::string(op) + ": padding of " + std::to_string(padding.size()) +
                             " values for a tensor of rank " + std::to_string(rank));
  }
  const te::Dtype dtype = dtypeOr(outputType, x.dtype());
  return te::Compute("aotc_pad", outputShape, [&](const std::vector<te::VarHandle>& v) {
    std::vector<te::ExprHandle> index;
    te::ExprHandle inside = te::IntImm::make(1);
    te::ExprHandle one = te::IntImm::make(1), zero = te::IntImm::make(0);
    for (size_t d = 0; d < rank; ++d) {
      const size_t fromLast = rank - 1 - d;
      te::ExprHandle i = v[d];
      if (fromLast >= padding.size() / 2) {
        index.push_back(i);
        continue;
      }
      te::ExprHandle size = x.dim(d);
      te::ExprHandle first = te::ExprHandle(te::immLike(size, 0));
      te::ExprHandle last = size - te::ExprHandle(te::immLike(size, 1));
      te::ExprHandle at = i - te::ExprHandle(te::immLike(size, padding[2 * fromLast]));
      switch (mode) {
        case PadMode::Constant:
          inside = te::And::make(inside, te::And::make(te::CompareSelect::make(at, first, one, zero, te::kGE),
                                                       te::CompareSelect::make(at, last, one, zero, te::kLE)));
          at = te::Max::make(first, te::Min::make(at, last, false), false);
          break;
        case PadMode::Replicate:
          at = te::Max::make(first, te::Min::make(at, last, false), false);
          break;
        case PadMode::Reflect:
          // -k reads k; last + k reads last - k (ATen requires padding < size).
          at = te::CompareSelect::make(at, first, first - at, at, te::kLT);
          at = te::CompareSelect::make(at, last, last - (at - last), at, te::kGT);
          break;
        case PadMode::Circular:
          at = te::Mod::make(te::Mod::make(at, size) + size, size);
          break;
      }
      index.push_back(at);
    }
    const te::ExprHandle read = loadAs(x, index, dtype);
    if (mode != PadMode::Constant) return read;
    te::ExprHandle fill = te::Cast::make(dtype, te::DoubleImm::make(value));
    return te::CompareSelect::make(inside, zero, read, fill, te::kNE);
  });
}

}  // namespace

// constant_pad_nd(self, pad, value=0)
AOTC_LOWERING(lowerConstantPad) {
  const char* op = "aten::constant_pad_nd";
  const te::BufHandle x = bufArg(args, 0, op);
  auto padding = c10::get_if<te::IntList>(&args.at(1));
  if (!padding) throw std::runtime_error("aten::constant_pad_nd: the padding is not a constant int list");
  return pad(op, x, *padding, PadMode::Constant, args.size() > 2 ? numberArg(args[2], 0.0) : 0.0,
             outputShape, outputType);
}

// pad(self, pad, mode="constant", value=None)
AOTC_LOWERING(lowerPad) {
  const char* op = "aten::pad";
  const te::BufHandle x = bufArg(args, 0, op);
  auto padding = c10::get_if<te::IntList>(&args.at(1));
  if (!padding) throw std::runtime_error("aten::pad: the padding is not a constant int list");
  PadMode mode = PadMode::Constant;
  if (args.size() > 2) {
    if (auto name = c10::get_if<std::string>(&args[2])) mode = padModeOf(*name);
  }
  return pad(op, x, *padding, mode, args.size() > 3 ? numberArg(args[3], 0.0) : 0.0, outputShape,
             outputType);
}

}  // namespace aotc::lower
