// Loop nest flattening (compile/loop_flatten): an elementwise nest becomes one loop; a nest
// that does not walk its buffers in memory order (a transpose) stays a nest, whose innermost
// loop is unit-stride, instead of one loop indexing with divisions (gathers once vectorised).
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "compile/loop_flatten.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

int loopDepth(const te::StmtPtr& stmt) {
  auto block = te::to<te::Block>(stmt);
  te::StmtPtr first = block ? block->front() : stmt;
  int depth = 0;
  for (auto loop = te::to<te::For>(first); loop; loop = te::to<te::For>(loop->body()->front())) {
    ++depth;
  }
  return depth;
}

}  // namespace

void runFlattenTests() {
  runCase("flatten elementwise nest", [] {
    te::BufHandle a("a", {8 * 16}, te::kFloat), o("o", {8 * 16}, te::kFloat);
    te::VarHandle i("i", te::kInt), j("j", te::kInt);
    te::StmtPtr nest = te::Block::make({te::For::make(
        i, 0, 8, te::For::make(j, 0, 16, te::Store::make(o, {i * 16 + j}, a.load(i * 16 + j))))});
    expect(loopDepth(compile::flattenLoopNests(nest)) == 1, "elementwise nest not flattened");
  });
  runCase("keep transposing nest", [] {
    te::BufHandle a("a", {8 * 16}, te::kFloat), o("o", {8 * 16}, te::kFloat);
    te::VarHandle i("i", te::kInt), j("j", te::kInt);
    te::StmtPtr nest = te::Block::make({te::For::make(
        i, 0, 8, te::For::make(j, 0, 16, te::Store::make(o, {i * 16 + j}, a.load(j * 8 + i))))});
    te::StmtPtr result = compile::flattenLoopNests(nest);
    expect(loopDepth(result) == 2, "transposing nest flattened");
    CompiledKernel k = compileKernel({result, {a, o}, "flatten_transpose"});
    std::vector<float> in(128), out(128);
    for (int x = 0; x < 128; ++x) in[x] = static_cast<float>(x);
    void* args[] = {in.data(), out.data()};
    expect(k.jit->entry()(args) == 0, "non-zero return");
    for (int r = 0; r < 8; ++r) {
      for (int c = 0; c < 16; ++c) expect(out[r * 16 + c] == in[c * 8 + r], "transpose value");
    }
  });
}

}  // namespace aotc::test
