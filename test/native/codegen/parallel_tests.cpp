// Parallel loops: which loops compile/parallel_loops marks, and that a loop run in chunks on
// two threads (aotc_parallel_for) computes what the serial loop computes, with everything its
// body captures: a symbolic size, scalar arguments, an enclosing loop's index, a malloc'ed
// temporary, a placement-allocated alias and inner loops. And that work off the compute thread
// keeps OpenMP to that thread.
#include <iterator>
#include <thread>

#include <omp.h>

#include <ATen/Parallel.h>
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "compile/parallel_loops.h"
#include "runtime/threads.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

te::ForPtr markedLoop(const te::StmtPtr& block, size_t index) {
  const auto& stmts = te::to<te::Block>(block)->stmts();
  auto loop = te::to<te::For>(*std::next(stmts.begin(), static_cast<long>(index)));
  if (!loop) throw std::runtime_error("statement " + std::to_string(index) + " is not a loop");
  return loop;
}

void whichLoopsRunInParallel() {
  runCase("parallel marking", [] {
    const int n = 100000;
    te::BufHandle a("a", {n}, te::kFloat), o("o", {n}, te::kFloat), s("s", {n}, te::kFloat);
    te::BufHandle small("small", {16}, te::kFloat), acc("acc", {1}, te::kFloat);
    te::BufHandle rows("rows", {n * 4}, te::kFloat), x("x", {n}, te::kFloat), y("y", {n}, te::kFloat);
    te::BufHandle ia("ia", {n}, te::kLong), ib("ib", {n}, te::kLong), q("q", {n}, te::kLong);
    te::VarHandle i("i", te::kInt), k("k", te::kInt), k2("k2", te::kInt);
    auto rowLoop = [&](int rowLength, int step) {
      return te::For::make(i, 0, 1000, te::For::make(k, 0, rowLength,
          te::Store::make(rows, {i * step + k}, te::Intrinsics::make(te::kExp, a.load(i * step + k)))));
    };
    auto twoPassRows = [&](int secondPassOffset) {
      te::ExprHandle row = i * 100;
      return te::For::make(i, 0, 1000, te::Block::make({
          te::For::make(k, 0, 100, te::Store::make(rows, {row + k}, te::Intrinsics::make(te::kExp, a.load(row + k)))),
          te::For::make(k2, 0, 100, te::Store::make(rows, {row + k2},
              rows.load(row + k2 + secondPassOffset) * te::FloatImm::make(0.5f))),
      }));
    };
    te::StmtPtr block = te::Block::make({
        // Independent iterations, plenty of work: parallel.
        te::For::make(i, 0, n, te::Store::make(o, {i}, te::Intrinsics::make(te::kExp, a.load(i)))),
        // A running sum: each iteration reads the previous one's result.
        te::For::make(i, 1, n, te::Store::make(s, {i}, s.load(i - 1) + a.load(i))),
        // Too little work to wake another thread.
        te::For::make(i, 0, 16, te::Store::make(small, {i}, a.load(i) * te::FloatImm::make(2.f))),
        // Calls into libtorch: never inside a parallel loop.
        te::For::make(i, 0, n, te::ExternalCall::make(o, "nnc_aten_matmul", {a, a}, {})),
        // Rows of 100 elements 100 apart: each iteration its own row.
        rowLoop(100, 100),
        // Rows of 200 elements 100 apart: neighbouring iterations overlap.
        rowLoop(200, 100),
        // Two passes over each row, each with its own variable (softmax's shape): every
        // iteration still keeps to its row.
        twoPassRows(0),
        // The second pass reads the next row, which another iteration writes.
        twoPassRows(100),
        // Integer remainders: by a constant, parallel; by a divisor that may be zero (whose
        // error report belongs to the calling thread), serial.
        te::For::make(i, 0, n, te::Store::make(q, {i}, te::Mod::make(ia.load(i), te::LongImm::make(7)))),
        te::For::make(i, 0, n, te::Store::make(q, {i}, te::Mod::make(ia.load(i), ib.load(i)))),
        // Every iteration adds into one element.
        te::For::make(i, 0, n, te::Store::make(acc, {0}, acc.load(0) + te::Intrinsics::make(te::kExp, a.load(i)))),
        // y reuses x's memory: writing y[i] while reading x[i + 1] reads another iteration's
        // element.
        te::PlacementAllocate::make(y, x),
        te::For::make(i, 0, n - 1, te::Store::make(y, {i}, te::Intrinsics::make(te::kExp, x.load(i + 1)))),
    });
    compile::markParallelLoops(block);
    expect(markedLoop(block, 0)->loop_options().is_parallel(), "independent loop not parallel");
    expect(!markedLoop(block, 1)->loop_options().is_parallel(), "running sum marked parallel");
    expect(!markedLoop(block, 2)->loop_options().is_parallel(), "tiny loop marked parallel");
    expect(!markedLoop(block, 3)->loop_options().is_parallel(), "external call marked parallel");
    expect(markedLoop(block, 4)->loop_options().is_parallel(), "disjoint rows not parallel");
    expect(!markedLoop(block, 5)->loop_options().is_parallel(), "overlapping rows marked parallel");
    expect(markedLoop(block, 6)->loop_options().is_parallel(), "two-pass rows not parallel");
    expect(!markedLoop(block, 7)->loop_options().is_parallel(), "pass reading the next row marked parallel");
    expect(markedLoop(block, 8)->loop_options().is_parallel(), "remainder by a constant not parallel");
    expect(!markedLoop(block, 9)->loop_options().is_parallel(), "remainder by a variable marked parallel");
    expect(!markedLoop(block, 10)->loop_options().is_parallel(), "accumulation marked parallel");
    expect(!markedLoop(block, 12)->loop_options().is_parallel(), "aliased buffers marked parallel");
  });
}

void parallelLoopsMatchSerial() {
  runCase("parallel loops on two threads", [] {
    te::VarHandle n("n", te::kLong);
    te::VarHandle scale("scale", te::kFloat);
    te::BufHandle a("a", {n}, te::kFloat), o("o", {n * te::LongImm::make(3)}, te::kFloat),
        r("r", {n}, te::kFloat), tmp("tmp", {n}, te::kFloat), alias("alias", {n}, te::kFloat),
        q("q", {n}, te::kFloat);
    te::VarHandle i("i", te::kLong), j("j", te::kLong), k("k", te::kLong), v("v", te::kFloat);
    auto parallel = [](te::StmtPtr loop) {
      te::to<te::For>(loop)->set_parallel();
      return loop;
    };
    te::StmtPtr stmt = te::Block::make({
        te::Allocate::make(tmp),
        // An enclosing serial loop whose index the parallel body reads.
        te::For::make(j, te::LongImm::make(0), te::LongImm::make(3),
                      parallel(te::For::make(i, te::LongImm::make(0), n,
                                             te::Store::make(o, {j * n + i},
                                                             a.load(i) * scale + te::Cast::make(te::kFloat, j))))),
        // A let and an inner serial loop in the body; a malloc'ed temporary.
        parallel(te::For::make(i, te::LongImm::make(0), n,
                               te::Block::make({
                                   te::Let::make(v, a.load(i) + te::FloatImm::make(1.f)),
                                   te::Store::make(tmp, {i}, te::FloatImm::make(0.f)),
                                   te::For::make(k, te::LongImm::make(0), te::LongImm::make(4),
                                                 te::Store::make(tmp, {i}, tmp.load(i) + v * te::Cast::make(te::kFloat, k))),
                                   te::Store::make(r, {i}, tmp.load(i)),
                               }))),
        // The temporary's memory reused under another name, read with the original.
        te::PlacementAllocate::make(alias, tmp),
        parallel(te::For::make(i, te::LongImm::make(0), n,
                               te::Store::make(q, {i}, alias.load(i) + r.load(i)))),
        te::Free::make(tmp),
    });
    CompiledKernel kernel = compileKernel({stmt, {n, scale, a, o, r, q}, "ir_parallel"});
    expect(kernel.assembly.find("@aotc_parallel_for(") != std::string::npos,
           "no call to aotc_parallel_for");
    for (int threads : {1, 2}) {
      at::set_num_threads(threads);
      for (int64_t size : {int64_t{1}, int64_t{63}, int64_t{65}, int64_t{1000}, int64_t{300001}}) {
        float scaleValue = 0.5f;
        std::vector<float> in(size), out(3 * size, -1.f), rv(size, -1.f), qv(size, -1.f);
        for (int64_t x = 0; x < size; ++x) in[x] = static_cast<float>(x % 97) * 0.25f - 7.f;
        void* args[] = {&size, &scaleValue, in.data(), out.data(), rv.data(), qv.data()};
        expect(kernel.jit->entry()(args) == 0, "non-zero return");
        const std::string where = " (threads " + std::to_string(threads) + ", n " + std::to_string(size) + ")";
        for (int64_t x = 0; x < size; ++x) {
          for (int64_t y = 0; y < 3; ++y) {
            expect(out[y * size + x] == in[x] * scaleValue + static_cast<float>(y), "o at " + std::to_string(y * size + x) + where);
          }
          const float sum = (in[x] + 1.f) * 0 + (in[x] + 1.f) * 1 + (in[x] + 1.f) * 2 + (in[x] + 1.f) * 3;
          expect(std::fabs(rv[x] - sum) <= 1e-5f * (1 + std::fabs(sum)), "r at " + std::to_string(x) + where);
          expect(std::fabs(qv[x] - 2 * rv[x]) <= 1e-5f * (1 + std::fabs(rv[x])), "q at " + std::to_string(x) + where);
        }
      }
    }
  });
}

// The memory planner reuses buffers (PlacementAllocate): a parallel body copying from one
// reused buffer into another takes both as noalias, as it does the buffers themselves, so LLVM
// vectorises it without a run-time overlap check (squeezenet's channel concatenations were
// each a vector loop, a scalar fallback and the checks between them).
void placedBuffersAreNoalias() {
  runCase("parallel body: buffers placed on kernel allocations are noalias", [] {
    te::VarHandle n("n", te::kLong);
    te::BufHandle a("a", {n}, te::kFloat), q("q", {n}, te::kFloat), first("first", {n}, te::kFloat),
        second("second", {n}, te::kFloat), onFirst("on_first", {n}, te::kFloat),
        onSecond("on_second", {n}, te::kFloat);
    te::VarHandle i("i", te::kLong);
    auto parallel = [&](te::StmtPtr body) {
      te::ForPtr loop = te::to<te::For>(te::For::make(i, te::LongImm::make(0), n, body));
      loop->set_parallel();
      return loop;
    };
    te::StmtPtr stmt = te::Block::make({
        te::Allocate::make(first),
        te::Allocate::make(second),
        parallel(te::Block::make({te::Store::make(first, {i}, a.load(i) * te::FloatImm::make(2.f)),
                                  te::Store::make(second, {i}, te::FloatImm::make(0.f))})),
        te::PlacementAllocate::make(onFirst, first),
        te::PlacementAllocate::make(onSecond, second),
        parallel(te::Store::make(onSecond, {i}, onFirst.load(i) + te::FloatImm::make(1.f))),
        parallel(te::Store::make(q, {i}, onSecond.load(i))),
        te::Free::make(first),
        te::Free::make(second),
    });
    CompiledKernel kernel = compileKernel({stmt, {n, a, q}, "ir_parallel_placed"});
    // The vectoriser's overlap checks: a pointer difference, or a block of range checks.
    for (const char* check : {"diff.check", "vector.memcheck"}) {
      expect(kernel.assembly.find(check) == std::string::npos,
             std::string("a parallel body checks its placed buffers for overlap at run time: ") +
                 check);
    }
    int64_t size = 1000;
    std::vector<float> in(size), out(size, -1.f);
    for (int64_t x = 0; x < size; ++x) in[x] = static_cast<float>(x) * 0.5f;
    void* args[] = {&size, in.data(), out.data()};
    expect(kernel.jit->entry()(args) == 0, "non-zero return");
    for (int64_t x = 0; x < size; ++x) {
      expect(out[x] == in[x] * 2.f + 1.f, "q at " + std::to_string(x));
    }
  });
}

// Work off the compute thread starts no OpenMP team (runtime/threads.h): its parallel regions,
// ATen's first parallel_for included, run on that thread alone, while the thread that set the
// count keeps it.
void serialOpenMpOffTheComputeThread() {
  runCase("serial OpenMP on a worker thread", [] {
    runtime::setNumThreads(2);
    int regionThreads = 0, maxThreads = 0;
    std::thread worker([&] {
      runtime::serialOpenMpOnThisThread();
      at::parallel_for(0, 1 << 20, 1, [&](int64_t, int64_t) {
#pragma omp atomic
        ++regionThreads;
      });
      maxThreads = omp_get_max_threads();
    });
    worker.join();
    expect(regionThreads == 1, "the worker's region ran on " + std::to_string(regionThreads) + " threads");
    expect(maxThreads == 1, "the worker's count is " + std::to_string(maxThreads));
    expect(omp_get_max_threads() == 2, "the calling thread lost its count");
  });
}

}  // namespace

void runParallelTests() {
  whichLoopsRunInParallel();
  parallelLoopsMatchSerial();
  placedBuffersAreNoalias();
  serialOpenMpOffTheComputeThread();
}

}  // namespace aotc::test
