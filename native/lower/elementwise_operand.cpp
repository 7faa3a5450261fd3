#include "lower/elementwise_operand.h"

#include <stdexcept>
#include <string>

namespace aotc::lower {

te::ExprHandle elementwiseOperand(const te::ArgValue& arg, const std::vector<te::VarHandle>& axes,
                                  te::Dtype dtype, const char* op) {
  if (auto buf = c10::get_if<te::BufHandle>(&arg)) {
    const auto dims = buf->dims();
    if (dims.size() > axes.size()) {
      throw std::runtime_error(std::string(op) + ": an input's rank exceeds the output's");
    }
    std::vector<te::ExprHandle> index;
    const size_t offset = axes.size() - dims.size();
    for (size_t i = 0; i < dims.size(); ++i) {
      const bool unit = knownDim(dims[i]) == std::optional<int64_t>(1);
      index.push_back(unit ? te::ExprHandle(te::LongImm::make(0)) : te::ExprHandle(axes[offset + i]));
    }
    return loadAs(*buf, index, dtype);
  }
  if (auto value = c10::get_if<double>(&arg)) return te::Cast::make(dtype, te::DoubleImm::make(*value));
  if (auto value = c10::get_if<int64_t>(&arg)) return te::Cast::make(dtype, te::LongImm::make(*value));
  if (auto value = c10::get_if<bool>(&arg)) return te::Cast::make(dtype, te::BoolImm::make(*value));
  throw std::runtime_error(std::string(op) + ": an operand is neither a tensor nor a number");
}

}  // namespace aotc::lower
