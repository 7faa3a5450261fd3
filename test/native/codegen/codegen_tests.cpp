// Test driver for native/codegen. Exit code 0 when every case passes.
#include <cstdlib>
#include <thread>

#include <torch/csrc/jit/tensorexpr/kernel.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "test_support.h"

namespace aotc::test {
void runGraphTests();
void runSigmoidRestoreTests();
void runIrTests();
void runParallelTests();
void runFlattenTests();
void runWorkspaceTests();
void runMatmulTests();
void runConv2dTests();
void runLinearTests();
void runDividedLoopsTests();
void runInlineMathTests();
void runBf16SplitTests();

namespace {

namespace te = torch::jit::tensorexpr;

// Several kernels compiled and run concurrently, each with its own context and JIT.
void concurrentCompiles() {
  runCase("concurrent compiles", [] {
    constexpr int kThreads = 4;
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([t, &errors] {
        try {
          const int n = 100 + t;
          te::BufHandle a("a", {n}, te::kFloat), o("o", {n}, te::kFloat);
          te::VarHandle i("i", te::kInt);
          te::StmtPtr stmt = te::For::make(
              i, 0, n, te::Store::make(o, {i}, a.load(i) * te::FloatImm::make(float(t + 1))));
          CompiledKernel k = compileKernel({stmt, {a, o}, "concurrent_" + std::to_string(t)});
          std::vector<float> in(n, 1.5f), out(n);
          void* args[] = {in.data(), out.data()};
          k.jit->entry()(args);
          for (float v : out) {
            if (v != 1.5f * (t + 1)) throw std::runtime_error("wrong value");
          }
        } catch (const std::exception& e) {
          errors[t] = e.what();
        }
      });
    }
    for (auto& th : threads) th.join();
    for (const auto& e : errors) expect(e.empty(), e);
  });
}

void assemblerAcceptsOutput() {
  runCase("llvm-as-19 accepts emitted .ll", [] {
    for (const char* name : {"pointwise", "reductions", "conv2d_relu", "int64_uint8"}) {
      const std::string cmd = std::string("llvm-as-19 /tmp/aotc_codegen_") + name +
                              ".ll -o /dev/null";
      expect(std::system(cmd.c_str()) == 0, cmd + " failed");
    }
  });
}

void jitReportsBadAssembly() {
  runCase("jit rejects invalid assembly", [] {
    try {
      codegen::JitKernel::compile("define i32 @f(ptr %a) { ret i64 0 }", "f", {});
    } catch (const std::runtime_error& e) {
      expect(std::string(e.what()).find("aot jit") == 0, e.what());
      return;
    }
    throw std::runtime_error("no error");
  });
}

}  // namespace
}  // namespace aotc::test

int main() {
  torch::jit::tensorexpr::getTEMustUseLLVMOnCPU() = false;
  aotc::test::runIrTests();
  aotc::test::runGraphTests();
  aotc::test::runParallelTests();
  aotc::test::runFlattenTests();
  aotc::test::runWorkspaceTests();
  aotc::test::runMatmulTests();
  aotc::test::runConv2dTests();
  aotc::test::runLinearTests();
  aotc::test::runDividedLoopsTests();
  aotc::test::runSigmoidRestoreTests();
  aotc::test::runInlineMathTests();
  aotc::test::runBf16SplitTests();
  aotc::test::concurrentCompiles();
  aotc::test::assemblerAcceptsOutput();
  aotc::test::jitReportsBadAssembly();
  const auto& r = aotc::test::results();
  std::cout << r.passed << " passed, " << r.failed << " failed" << std::endl;
  return r.failed == 0 ? 0 : 1;
}
