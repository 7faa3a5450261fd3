// Loops whose indices divide their variable (compile/divided_loops): a heads-merging copy (a
// transpose read through a reshape) is split so that its inner loop indexes without divisions;
// divisions that ranges allow fold away; what cannot be proven (a dividend that may be
// negative, a divisor that does not divide the loop) is left as it was. Every case runs.
#include <functional>
#include <vector>

#include <torch/csrc/jit/tensorexpr/analysis.h>
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "compile/divided_loops.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

size_t divisions(const te::StmtPtr& stmt) {
  return te::NodeFinder<te::Div>::find(stmt).size() + te::NodeFinder<te::Mod>::find(stmt).size();
}

size_t loops(const te::StmtPtr& stmt) { return te::NodeFinder<te::For>::find(stmt).size(); }

// Compiles `stmt` over float buffers `in` -> `out` and checks out[i] == in[source(i)].
void expectCopy(const te::StmtPtr& stmt, const te::BufHandle& in, const te::BufHandle& out,
                int64_t inSize, int64_t outSize, const std::function<int64_t(int64_t)>& source,
                const std::string& name) {
  CompiledKernel k = compileKernel({stmt, {in, out}, name});
  std::vector<float> a(inSize), o(outSize, -1.f);
  for (int64_t x = 0; x < inSize; ++x) a[x] = static_cast<float>(x);
  void* args[] = {a.data(), o.data()};
  expect(k.jit->entry()(args) == 0, name + ": non-zero return");
  for (int64_t x = 0; x < outSize; ++x) {
    expect(o[x] == a[source(x)], name + ": wrong value at " + std::to_string(x));
  }
}

}  // namespace

void runDividedLoopsTests() {
  runCase("divided loops: merging attention heads splits the inner loop", [] {
    // out[s, h*D + d] = in[h, s, d]: S=8 rows, H=4 heads of D=16.
    constexpr int64_t S = 8, H = 4, D = 16;
    te::BufHandle in("in", {H * S * D}, te::kFloat), out("out", {S * H * D}, te::kFloat);
    te::VarHandle j("j", te::kLong), k("k", te::kLong);
    te::ExprHandle flat = j * (H * D) + k;
    te::StmtPtr nest = te::Block::make({te::For::make(
        j, 0, S,
        te::For::make(k, 0, H * D,
                      te::Store::make(out, {flat},
                                      in.load(((flat / D) % H) * (S * D) + (flat / (H * D)) * D +
                                              flat % D))))});
    te::StmtPtr result = compile::splitDividedLoops(nest);
    expect(divisions(result) == 0, "divisions left");
    expect(loops(result) == 3, "the inner loop was not split");
    expectCopy(result, in, out, H * S * D, S * H * D, [&](int64_t x) {
      int64_t s = x / (H * D), h = (x % (H * D)) / D, d = x % D;
      return h * S * D + s * D + d;
    }, "merge_heads");
  });

  runCase("divided loops: divisions the ranges allow fold without a split", [] {
    te::BufHandle in("in", {8 * 16}, te::kFloat), out("out", {8 * 16}, te::kFloat);
    te::VarHandle i("i", te::kInt), k("k", te::kInt);
    te::ExprHandle flat = i * 16 + k;
    te::StmtPtr nest = te::Block::make({te::For::make(
        i, 0, 8,
        te::For::make(k, 0, 16, te::Store::make(out, {flat}, in.load((flat / 16) * 16 + flat % 16))))});
    te::StmtPtr result = compile::splitDividedLoops(nest);
    expect(divisions(result) == 0, "divisions left");
    expect(loops(result) == 2, "a loop was split that needed none");
    expectCopy(result, in, out, 128, 128, [](int64_t x) { return x; }, "fold");
  });

  runCase("divided loops: a dividend that may be negative is left alone", [] {
    // (k - 3) / 4 truncates toward zero for k < 3; flooring would differ.
    te::BufHandle in("in", {16}, te::kFloat), out("out", {16}, te::kFloat);
    te::VarHandle k("k", te::kInt);
    te::StmtPtr nest = te::Block::make(
        {te::For::make(k, 0, 16, te::Store::make(out, {k}, in.load((k - 3) / 4 + 2)))});
    te::StmtPtr result = compile::splitDividedLoops(nest);
    expect(divisions(result) == 1, "a division of a possibly negative value was rewritten");
    expectCopy(result, in, out, 16, 16, [](int64_t x) { return (x - 3) / 4 + 2; }, "negative");
  });

  runCase("divided loops: a divisor that does not divide the loop is left alone", [] {
    te::BufHandle in("in", {12}, te::kFloat), out("out", {12}, te::kFloat);
    te::VarHandle k("k", te::kInt);
    te::StmtPtr nest = te::Block::make(
        {te::For::make(k, 0, 12, te::Store::make(out, {k}, in.load((k % 5) * 2 + k / 5)))});
    te::StmtPtr result = compile::splitDividedLoops(nest);
    expect(loops(result) == 1, "split by a divisor of 12 that is not there");
    expectCopy(result, in, out, 12, 12, [](int64_t x) { return (x % 5) * 2 + x / 5; }, "no_divisor");
  });
}

}  // namespace aotc::test
