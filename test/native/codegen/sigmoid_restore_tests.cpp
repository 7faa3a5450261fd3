// Sigmoids put back into the kernel's statement (compile/sigmoid_restore): the evaluator's
// expansion 1 / (1 + exp(0 - x)) becomes sigmoid(x) again, in a copy; lookalikes stay as they are.
#include <sstream>

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "compile/sigmoid_restore.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

std::string text(const te::StmtPtr& stmt) {
  std::ostringstream out;
  out << *stmt;
  return out.str();
}

// o[i] = value(a[i]) over 16 elements.
te::StmtPtr elementwise(const std::function<te::ExprHandle(const te::ExprHandle&)>& value) {
  te::BufHandle a("a", {16}, te::kFloat), o("o", {16}, te::kFloat);
  te::VarHandle i("i", te::kInt);
  return te::Block::make({te::For::make(i, 0, 16, te::Store::make(o, {i}, value(a.load(i))))});
}

}  // namespace

void runSigmoidRestoreTests() {
  runCase("sigmoid restored from its expansion", [] {
    auto one = [] { return te::ExprHandle(1.f); };
    te::StmtPtr expanded = elementwise([&](const te::ExprHandle& x) {
      return one() / (one() + te::exp(te::ExprHandle(0.f) - x)) +
             one() / (te::exp(te::ExprHandle(0.f) - x * 2.f) + one());
    });
    const std::string before = text(expanded);
    const std::string restored = text(compile::restoreSigmoids(expanded));
    expect(restored.find("exp(") == std::string::npos, "an expansion is left:\n" + restored);
    expect(restored.find("sigmoid(a[i])") != std::string::npos, "no sigmoid(a[i]):\n" + restored);
    expect(restored.find("sigmoid((a[i]) * 2.f)") != std::string::npos ||
               restored.find("sigmoid(a[i] * 2.f)") != std::string::npos,
           "no sigmoid of the sum's other order:\n" + restored);
    expect(text(expanded) == before, "the original statement was changed");
  });
  runCase("sigmoid lookalikes kept", [] {
    auto one = [] { return te::ExprHandle(1.f); };
    te::StmtPtr lookalikes = elementwise([&](const te::ExprHandle& x) {
      return one() / (te::ExprHandle(2.f) + te::exp(te::ExprHandle(0.f) - x)) +
             te::ExprHandle(2.f) / (one() + te::exp(te::ExprHandle(0.f) - x)) +
             one() / (one() + te::exp(te::ExprHandle(1.f) - x)) + one() / (one() + te::exp(x));
    });
    const std::string restored = text(compile::restoreSigmoids(lookalikes));
    expect(restored.find("sigmoid") == std::string::npos,
           "a lookalike was rewritten:\n" + restored);
  });
}

}  // namespace aotc::test
