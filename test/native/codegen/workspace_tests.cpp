// The workspace memory plan (compile/workspace_plan): intermediates of static size get offsets
// in one workspace where buffers live at the same time never overlap and buffers that never
// are may share bytes; their Allocate and Free move around their uses; the kernel reaches them
// through aotc_workspace_buffer and computes what it computed with malloc.

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "compile/workspace_plan.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

constexpr int64_t kN = 1000;  // floats per buffer: 4000 bytes, 4032 in the workspace

te::StmtPtr loop(const te::VarHandle& i, te::StmtPtr body) {
  return te::For::make(i, te::LongImm::make(0), te::LongImm::make(kN), std::move(body));
}

// Position of the first top-level statement of `block` for which `match` holds.
template <typename Match>
int position(const te::BlockPtr& block, Match match) {
  int index = 0;
  for (const te::StmtPtr& s : *block) {
    if (match(s)) return index;
    ++index;
  }
  return -1;
}

int allocatePosition(const te::BlockPtr& block, const te::BufHandle& buf) {
  return position(block, [&](const te::StmtPtr& s) {
    auto allocate = te::to<te::Allocate>(s);
    return allocate && allocate->buffer_var() == buf.node()->base_handle();
  });
}

int freePosition(const te::BlockPtr& block, const te::BufHandle& buf) {
  return position(block, [&](const te::StmtPtr& s) {
    auto free = te::to<te::Free>(s);
    return free && free->buffer_var() == buf.node()->base_handle();
  });
}

void chainSharesBytes() {
  runCase("workspace: buffers never live together share bytes", [] {
    te::BufHandle x("x", {kN}, te::kFloat), out("out", {kN}, te::kFloat);
    te::BufHandle t1("t1", {kN}, te::kFloat), t2("t2", {kN}, te::kFloat),
        t3("t3", {kN}, te::kFloat), big("big", {2 * kN}, te::kFloat);
    te::VarHandle i("i", te::kLong);
    // As NNC emits them: every allocation first, every free last.
    te::StmtPtr stmt = te::Block::make({
        te::Allocate::make(t1), te::Allocate::make(t2), te::Allocate::make(t3),
        te::Allocate::make(big),
        loop(i, te::Store::make(t1, {i}, x.load(i) + te::FloatImm::make(1.f))),         // 4
        loop(i, te::Store::make(t2, {i}, t1.load(i) * te::FloatImm::make(2.f))),        // 5
        loop(i, te::Store::make(t3, {i}, t2.load(i) - te::FloatImm::make(3.f))),        // 6
        loop(i, te::Block::make({te::Store::make(big, {i}, t3.load(i) * t2.load(i)),    // 7
                                 te::Store::make(big, {i + kN}, t3.load(i))})),
        loop(i, te::Store::make(out, {i}, big.load(i) + big.load(i + kN))),             // 8
        te::Free::make(t1), te::Free::make(t2), te::Free::make(t3), te::Free::make(big),
    });
    codegen::WorkspaceLayout layout = compile::planWorkspace(stmt);
    const int64_t slot = 4032, bigBytes = 8000;
    auto offset = [&](const te::BufHandle& b) { return layout.offsets.at(b.node()->base_handle()); };
    expect(layout.offsets.size() == 4, "not every buffer planned");
    // Live: t1 [4,5], t2 [5,7], t3 [6,7], big [7,8]. big (largest) first at 0; t2 and t3 live
    // with it, t1 not: t1 shares big's bytes.
    expect(offset(big) == 0, "big not at 0");
    expect(offset(t1) == 0, "t1 does not reuse big's bytes: " + std::to_string(offset(t1)));
    expect(offset(t2) >= bigBytes && offset(t3) >= bigBytes && offset(t2) != offset(t3),
           "buffers live together overlap");
    expect(layout.bytes == bigBytes + 2 * slot,
           "workspace is " + std::to_string(layout.bytes) + " bytes");
    for (const auto& [var, at] : layout.offsets) expect(at % 64 == 0, "offset not 64-byte aligned");

    auto block = te::to<te::Block>(stmt);
    // t1's life ends before big's begins, so that the two never overlap in time.
    expect(freePosition(block, t1) < allocatePosition(block, big), "t1 freed after big allocated");
    expect(allocatePosition(block, t3) > allocatePosition(block, t2), "t3 allocated before use");

    CompiledKernel kernel = compileKernel({stmt, {x, out}, "workspace_chain", layout});
    expect(kernel.assembly.find("@malloc(") == std::string::npos, "planned buffer malloc'ed");
    expect(kernel.assembly.find("@aotc_workspace_buffer(") != std::string::npos,
           "no workspace call");
    std::vector<float> in(kN), result(kN, -1.f), workspace(layout.bytes / 4 + 16, -9.f);
    for (int64_t k = 0; k < kN; ++k) in[k] = static_cast<float>(k % 13) - 6.f;
    auto* base = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(workspace.data()) + 63) &
                                         ~uintptr_t{63});
    void* args[] = {in.data(), result.data(), base};
    for (int run = 0; run < 2; ++run) {  // the second run finds the first run's bytes
      expect(kernel.jit->entry()(args) == 0, "non-zero return");
      for (int64_t k = 0; k < kN; ++k) {
        const float a = (in[k] + 1.f) * 2.f, b = a - 3.f;
        expect(result[k] == b * a + b, "out at " + std::to_string(k));
      }
    }
  });
}

void aliasesAndDynamicSizes() {
  runCase("workspace: aliases extend a buffer's life; run-time sizes keep malloc", [] {
    te::VarHandle n("n", te::kLong);
    te::BufHandle x("x", {kN}, te::kFloat), out("out", {kN}, te::kFloat);
    te::BufHandle a("a", {kN}, te::kFloat), alias("alias", {kN}, te::kFloat),
        b("b", {kN}, te::kFloat), dyn("dyn", {n}, te::kFloat);
    te::VarHandle i("i", te::kLong);
    te::StmtPtr stmt = te::Block::make({
        te::Allocate::make(a), te::Allocate::make(b), te::Allocate::make(dyn),
        te::PlacementAllocate::make(alias, a),
        loop(i, te::Store::make(a, {i}, x.load(i) * te::FloatImm::make(3.f))),            // 4
        loop(i, te::Store::make(b, {i}, x.load(i) + te::FloatImm::make(1.f))),            // 5
        te::For::make(i, te::LongImm::make(0), n, te::Store::make(dyn, {i}, x.load(i))),  // 6
        loop(i, te::Store::make(out, {i}, alias.load(i) + b.load(i) +                     // 7
                                              dyn.load(te::LongImm::make(0)))),
        te::Free::make(a), te::Free::make(b), te::Free::make(dyn),
    });
    codegen::WorkspaceLayout layout = compile::planWorkspace(stmt);
    expect(layout.offsets.count(dyn.node()->base_handle()) == 0, "run-time size planned");
    expect(layout.offsets.count(a.node()->base_handle()) == 1 &&
               layout.offsets.count(b.node()->base_handle()) == 1,
           "static buffers not planned");
    // a is read through its alias at 7, while b is live: they must not share bytes.
    expect(layout.offsets.at(a.node()->base_handle()) != layout.offsets.at(b.node()->base_handle()),
           "a (live through its alias) overlaps b");
    auto block = te::to<te::Block>(stmt);
    const int placed = position(block, [](const te::StmtPtr& s) {
      return te::to<te::PlacementAllocate>(s) != nullptr;
    });
    expect(placed > allocatePosition(block, a), "alias placed before its buffer is allocated");

    CompiledKernel kernel = compileKernel({stmt, {n, x, out}, "workspace_alias", layout});
    expect(kernel.assembly.find("@malloc(") != std::string::npos, "run-time size not malloc'ed");
    std::vector<float> in(kN), result(kN, -1.f), workspace(layout.bytes / 4 + 16);
    for (int64_t k = 0; k < kN; ++k) in[k] = static_cast<float>(k) * 0.5f + 1.f;
    auto* base = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(workspace.data()) + 63) &
                                         ~uintptr_t{63});
    int64_t size = 17;
    void* args[] = {&size, in.data(), result.data(), base};
    expect(kernel.jit->entry()(args) == 0, "non-zero return");
    for (int64_t k = 0; k < kN; ++k) {
      expect(result[k] == in[k] * 3.f + (in[k] + 1.f) + in[0], "out at " + std::to_string(k));
    }
  });
}

void nothingToPlan() {
  runCase("workspace: a kernel without static intermediates takes no workspace", [] {
    te::BufHandle x("x", {kN}, te::kFloat), out("out", {kN}, te::kFloat);
    te::VarHandle i("i", te::kLong);
    te::StmtPtr stmt = te::Block::make({loop(i, te::Store::make(out, {i}, x.load(i)))});
    codegen::WorkspaceLayout layout = compile::planWorkspace(stmt);
    expect(layout.bytes == 0 && layout.offsets.empty(), "workspace planned for nothing");
  });
}

}  // namespace

void runWorkspaceTests() {
  chainSharesBytes();
  aliasesAndDynamicSizes();
  nothingToPlan();
}

}  // namespace aotc::test
