#include <cstring>
#include <stdexcept>

#include <torch/csrc/jit/tensorexpr/ir_simplifier.h>

#include "lower/ops.h"

namespace aotc::lower {
namespace {

[[noreturn]] void badArg(const char* op, size_t i, const char* expected) {
  throw std::runtime_error(std::string(op) + ": argument " + std::to_string(i) + " is not " +
                           expected);
}

}  // namespace

te::BufHandle bufArg(const std::vector<te::ArgValue>& args, size_t i, const char* op) {
  if (i >= args.size()) badArg(op, i, "present");
  if (auto buf = c10::get_if<te::BufHandle>(&args[i])) return *buf;
  badArg(op, i, "a tensor");
}

int64_t normalizedDim(int64_t d, int64_t rank, const char* op) {
  if (d < -rank || d >= rank) {
    throw std::runtime_error(std::string(op) + ": dim " + std::to_string(d) + " is out of range");
  }
  return d < 0 ? d + rank : d;
}

te::ExprHandle loadAs(const te::BufHandle& x, const std::vector<te::ExprHandle>& index, te::Dtype dtype) {
  te::ExprHandle value = x.load(index);
  return x.dtype() == dtype ? value : te::Cast::make(dtype, value);
}

bool isNoneArg(const std::vector<te::ArgValue>& args, size_t i) {
  return i >= args.size() || c10::get_if<te::ArgNone>(&args[i]) != nullptr;
}

int64_t intArg(const std::vector<te::ArgValue>& args, size_t i, const char* op) {
  if (i < args.size()) {
    if (auto v = c10::get_if<int64_t>(&args[i])) return *v;
  }
  badArg(op, i, "a constant int");
}

double doubleArg(const std::vector<te::ArgValue>& args, size_t i, const char* op) {
  if (i < args.size()) {
    if (auto v = c10::get_if<double>(&args[i])) return *v;
    if (auto v = c10::get_if<int64_t>(&args[i])) return static_cast<double>(*v);
  }
  badArg(op, i, "a constant number");
}

bool boolArg(const std::vector<te::ArgValue>& args, size_t i, bool fallback) {
  if (i < args.size()) {
    if (auto value = c10::get_if<bool>(&args[i])) return *value;
    if (auto value = c10::get_if<int64_t>(&args[i])) return *value != 0;
  }
  return fallback;
}

te::Dtype firstTensorDtype(const std::vector<te::ArgValue>& args, const char* op) {
  for (const auto& arg : args) {
    if (auto buf = c10::get_if<te::BufHandle>(&arg)) return buf->dtype();
  }
  throw std::runtime_error(std::string(op) + ": no tensor operand");
}

std::vector<int64_t> intListArg(const std::vector<te::ArgValue>& args, size_t i, size_t n,
                                const char* op) {
  if (i < args.size()) {
    if (auto v = c10::get_if<int64_t>(&args[i])) return std::vector<int64_t>(n, *v);
    if (auto list = c10::get_if<te::IntList>(&args[i])) {
      if (list->size() == 1) return std::vector<int64_t>(n, list->front());
      if (list->size() == n || list->empty()) return *list;
    }
  }
  badArg(op, i, "a constant int list");
}

std::optional<int64_t> knownDim(const te::ExprHandle& dim) {
  auto simplified = te::IRSimplifier::simplify(dim.node());
  if (!simplified->isConstant()) return std::nullopt;
  return te::immediateAs<int64_t>(simplified);
}

int64_t staticDim(const te::ExprHandle& dim, const char* op) {
  if (auto known = knownDim(dim)) return *known;
  throw std::runtime_error(std::string(op) + ": needs a static size, got " +
                           std::to_string(te::IRSimplifier::simplify(dim.node())));
}

te::Dtype dtypeOr(const c10::optional<c10::ScalarType>& type, te::Dtype fallback) {
  return type ? te::Dtype(*type) : fallback;
}

te::ExprHandle doubleBits(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return te::LongImm::make(bits);
}

}  // namespace aotc::lower
