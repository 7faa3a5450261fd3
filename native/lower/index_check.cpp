#include "lower/index_check.h"

#include <stdexcept>
#include <string>
#include <vector>

#include <torch/csrc/jit/tensorexpr/stmt.h>

namespace aotc::lower {

te::ExprHandle clampedIndex(const te::ExprHandle& index, const te::ExprHandle& size) {
  const te::ExprHandle i = te::Cast::make(te::kLong, index);
  const te::ExprHandle last = te::Cast::make(te::kLong, size) - int64_t{1};
  return te::Max::make(te::Min::make(i, last, true), te::ExprHandle(int64_t{0}), true);
}

te::Tensor checkedGather(const te::Tensor& gather, const te::BufHandle& indices,
                         const te::ExprHandle& size, int64_t dim, runtime::IndexedOp op) {
  std::vector<te::ExprHandle> extra(runtime::kIndexCheckArgCount);
  extra[runtime::kIndexCheckSize] = te::Cast::make(te::kLong, size);
  extra[runtime::kIndexCheckOp] = static_cast<int64_t>(op);
  extra[runtime::kIndexCheckDim] = dim;
  // The call names the gather's output as its own (it writes nothing there): an external
  // call needs an output buffer, and this one keeps the check before the gather and NNC
  // from inlining the gather past it.
  te::StmtPtr check = te::ExternalCall::make(te::BufHandle(gather.buf()), runtime::kIndexCheckFunction,
                                             {indices}, extra);
  return te::Tensor(gather.buf(), te::Block::make({check, gather.stmt()}));
}

void requireIndexDtype(const te::BufHandle& indices, const char* op, bool int64Only) {
  const c10::ScalarType type = indices.dtype().scalar_type();
  if (type == c10::ScalarType::Long || (!int64Only && type == c10::ScalarType::Int)) return;
  throw std::runtime_error(std::string(op) + ": indices of type " + c10::toString(type) +
                           (int64Only ? " (int64 expected)" : " (int32 or int64 expected)"));
}

}  // namespace aotc::lower
