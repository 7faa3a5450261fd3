// End-to-end tests: TorchScript IR -> TensorExprKernel (SimpleIREval backend) -> our LLVM
// codegen -> ORC JIT; outputs compared with the kernel's own SimpleIREval run.
#include <fstream>
#include <limits>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/irparser.h>
#include <torch/csrc/jit/tensorexpr/ir_printer.h>
#include <torch/csrc/jit/tensorexpr/kernel.h>

#include "compile/sigmoid_restore.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;

namespace {

struct GraphExpectations {
  std::vector<std::string> inStmt;  // substrings the lowered statement must contain
  std::vector<std::string> inAsm;   // substrings the optimised assembly must contain
  std::vector<std::string> notInAsm;  // ... and must not contain
};

void compareTensors(const at::Tensor& got, const at::Tensor& want, double tol,
                    const std::string& what) {
  expect(got.sizes() == want.sizes(), what + ": shape mismatch");
  expect(got.scalar_type() == want.scalar_type(), what + ": dtype mismatch");
  if (want.is_floating_point()) {
    at::Tensor g = got.to(at::kDouble).contiguous(), w = want.to(at::kDouble).contiguous();
    compareFloats(g.data_ptr<double>(), w.data_ptr<double>(), g.numel(), tol, what);
  } else {
    expect(at::equal(got, want), what + ": values differ");
  }
}

void runGraphCase(const std::string& name, const std::string& ir,
                  const std::vector<at::Tensor>& inputs, double tol,
                  const GraphExpectations& expectations = {}) {
  runCase("graph " + name, [&] {
    auto graph = std::make_shared<torch::jit::Graph>();
    torch::jit::parseIR(ir, graph.get());
    te::TensorExprKernel kernel(graph, "te_" + name);
    // As the compiler does (compile/kernel_builder.cpp): the evaluator expanded the sigmoids.
    te::StmtPtr stmt = compile::restoreSigmoids(kernel.getCodeGenStmt());
    std::ostringstream stmtText;
    stmtText << *stmt;
    for (const std::string& s : expectations.inStmt) {
      expect(stmtText.str().find(s) != std::string::npos,
             "statement lacks '" + s + "':\n" + stmtText.str());
    }

    codegen::KernelSource source{stmt, kernel.getBufferArgs(), "nnc_test_" + name};
    CompiledKernel compiled = compileKernel(source);
    std::ofstream("/tmp/aotc_codegen_" + name + ".ll") << compiled.assembly;
    for (const std::string& s : expectations.inAsm) {
      expect(compiled.assembly.find(s) != std::string::npos, "assembly lacks '" + s + "'");
    }
    for (const std::string& s : expectations.notInAsm) {
      expect(compiled.assembly.find(s) == std::string::npos, "assembly has '" + s + "'");
    }

    torch::jit::Stack stack(inputs.begin(), inputs.end());
    kernel.run(stack);
    std::vector<at::Tensor> want;
    for (const auto& v : stack) want.push_back(v.toTensor());

    std::vector<at::Tensor> got;
    for (const at::Tensor& w : want) {
      got.push_back(at::empty_strided(w.sizes(), w.strides(), w.options()).fill_(-7));
    }
    std::unordered_map<te::BufPtr, void*> constants;
    for (const auto& c : kernel.getConstantDescriptors()) constants[c.buf] = c.ptr;
    std::vector<void*> args;
    size_t next = 0;
    for (const auto& arg : source.bufferArgs) {
      expect(!arg.isVar(), "unexpected scalar argument");
      auto it = constants.find(arg.buf());
      if (it != constants.end()) {
        args.push_back(it->second);
      } else if (next < inputs.size()) {
        args.push_back(inputs[next++].data_ptr());
      } else {
        expect(next - inputs.size() < got.size(), "more buffer args than inputs+outputs");
        args.push_back(got[next++ - inputs.size()].data_ptr());
      }
    }
    expect(next == inputs.size() + got.size(), "buffer args do not cover all outputs");
    expect(compiled.jit->entry()(args.data()) == 0, "kernel returned non-zero");
    for (size_t i = 0; i < want.size(); ++i) {
      compareTensors(got[i], want[i], tol, "output " + std::to_string(i));
    }
  });
}

std::string floatType(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                      const std::string& scalar = "Float") {
  std::ostringstream s;
  s << scalar << "(";
  for (int64_t d : sizes) s << d << ", ";
  s << "strides=[";
  for (size_t i = 0; i < strides.size(); ++i) s << (i ? ", " : "") << strides[i];
  s << "], requires_grad=0, device=cpu)";
  return s.str();
}

}  // namespace

void runGraphTests() {
  at::manual_seed(0);
  const std::string X = floatType({2, 3, 17, 19}, {969, 323, 19, 1});
  // Floats per vector register (the kernel targets the host CPU).
  const std::string lanes = cpuHasFlag({"avx512f"}) ? "16" : cpuHasFlag({"avx2"}) ? "8" : "4";
  runGraphCase("pointwise",
               "graph(%x : " + X + ", %w : " + floatType({1, 3, 1, 1}, {3, 1, 1, 1}) + R"IR():
  %one : int = prim::Constant[value=1]()
  %lo : float = prim::Constant[value=0.1]()
  %hi : float = prim::Constant[value=1.7]()
  %a : )IR" + X + R"IR( = aten::mul(%x, %w)
  %b : )IR" + X + R"IR( = aten::relu(%a)
  %c : )IR" + X + R"IR( = aten::sigmoid(%a)
  %d : )IR" + X + R"IR( = aten::tanh(%a)
  %e : )IR" + X + R"IR( = aten::add(%b, %c, %one)
  %f : )IR" + X + R"IR( = aten::add(%e, %d, %one)
  %g : )IR" + X + R"IR( = aten::clamp(%f, %lo, %hi)
  %h : )IR" + X + R"IR( = aten::exp(%g)
  %i : )IR" + X + R"IR( = aten::log(%h)
  %j : )IR" + X + R"IR( = aten::mul(%i, %h)
  return (%j))IR",
               {at::randn({2, 3, 17, 19}), at::randn({1, 3, 1, 1})}, 1e-5,
               // exp, tanh and sigmoid inline; log from SLEEF; at the host's vector width.
               {{"sigmoid("},
                {"<" + lanes + " x float>", "Sleef_logf" + lanes + "_u10"},
                {"Sleef_expf", "Sleef_tanhf"}});

  const std::string A = floatType({5, 67}, {67, 1});
  runGraphCase("two_in_two_out", "graph(%a : " + A + ", %b : " + A + R"IR():
  %one : int = prim::Constant[value=1]()
  %s : )IR" + A + R"IR( = aten::add(%a, %b, %one)
  %d : )IR" + A + R"IR( = aten::sub(%a, %b, %one)
  %sb : )IR" + A + R"IR( = aten::sin(%b)
  %p : )IR" + A + R"IR( = aten::mul(%d, %sb)
  return (%s, %p))IR",
               {at::randn({5, 67}), at::randn({5, 67})}, 1e-5);

  const std::string L = floatType({4, 5}, {5, 1}, "Long");
  const std::string U = floatType({4, 5}, {5, 1}, "Byte");
  const std::string F = floatType({4, 5}, {5, 1});
  const std::string B = floatType({4, 5}, {5, 1}, "Bool");
  runGraphCase("int64_uint8", "graph(%x : " + L + ", %y : " + U + R"IR():
  %one : int = prim::Constant[value=1]()
  %f6 : int = prim::Constant[value=6]()
  %no : bool = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %half : float = prim::Constant[value=0.5]()
  %xf : )IR" + F + R"IR( = aten::to(%x, %f6, %no, %no, %none)
  %yf : )IR" + F + R"IR( = aten::to(%y, %f6, %no, %no, %none)
  %xs : )IR" + F + R"IR( = aten::mul(%xf, %half)
  %o : )IR" + F + R"IR( = aten::add(%xs, %yf, %one)
  %g : )IR" + B + R"IR( = aten::gt(%xf, %yf)
  %w : )IR" + F + R"IR( = aten::where(%g, %xf, %yf)
  %xx : )IR" + L + R"IR( = aten::mul(%x, %x)
  return (%o, %g, %w, %xx))IR",
               {at::randint(-100, 100, {4, 5}, at::kLong),
                at::randint(0, 256, {4, 5}, at::kByte)},
               1e-6);

  const std::string R3 = floatType({4, 33, 7}, {231, 7, 1});
  const std::string R2 = floatType({4, 7}, {7, 1});
  runGraphCase("reductions", "graph(%x : " + R3 + R"IR():
  %dims : int[] = prim::Constant[value=[1]]()
  %dim : int = prim::Constant[value=1]()
  %keep : bool = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %s : )IR" + R2 + R"IR( = aten::sum(%x, %dims, %keep, %none)
  %m : )IR" + R2 + R"IR( = aten::mean(%x, %dims, %keep, %none)
  %sm : )IR" + R3 + R"IR( = aten::softmax(%x, %dim, %none)
  %ls : )IR" + R3 + R"IR( = aten::log_softmax(%x, %dim, %none)
  return (%s, %m, %sm, %ls))IR",
               {at::randn({4, 33, 7})}, 1e-5, {{"Allocate(", "Free("}, {}});

  // Reductions along contiguous rows vectorise: their updates are reassociable (sum) and
  // NaN-propagating maximums (softmax's max), folded at the end of each row. A NaN in one row
  // must still make that row's softmax NaN.
  const std::string RR = floatType({6, 256}, {256, 1});
  const std::string RS = floatType({6}, {1});
  at::Tensor rows = at::randn({6, 256});
  rows[2][100] = std::numeric_limits<float>::quiet_NaN();
  runGraphCase("row_reductions", "graph(%x : " + RR + R"IR():
  %dims : int[] = prim::Constant[value=[1]]()
  %dim : int = prim::Constant[value=1]()
  %keep : bool = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %s : )IR" + RS + R"IR( = aten::sum(%x, %dims, %keep, %none)
  %sm : )IR" + RR + R"IR( = aten::softmax(%x, %dim, %none)
  return (%s, %sm))IR",
               {rows}, 1e-5, {{}, {"llvm.vector.reduce.fadd", "llvm.vector.reduce.fmaximum"}});

  const std::string CX = floatType({1, 4, 10, 10}, {400, 100, 10, 1});
  const std::string CW = floatType({6, 4, 3, 3}, {36, 9, 3, 1});
  const std::string CB = floatType({6}, {1});
  const std::string CO = floatType({1, 6, 5, 5}, {150, 25, 5, 1});
  runGraphCase("conv2d_relu", "graph(%x : " + CX + ", %w : " + CW + ", %b : " + CB + R"IR():
  %s : int[] = prim::Constant[value=[2, 2]]()
  %p : int[] = prim::Constant[value=[1, 1]]()
  %d : int[] = prim::Constant[value=[1, 1]]()
  %g : int = prim::Constant[value=1]()
  %o : )IR" + CO + R"IR( = aten::conv2d(%x, %w, %b, %s, %p, %d, %g)
  %r : )IR" + CO + R"IR( = aten::relu(%o)
  return (%r))IR",
               {at::randn({1, 4, 10, 10}), at::randn({6, 4, 3, 3}), at::randn({6})}, 1e-5,
               {{"nnc_aten_conv2d"}, {"@nnc_aten_conv2d"}});

  // Asymmetric stride/padding/dilation and groups: checks the extra_args encoding.
  const std::string GX = floatType({1, 4, 9, 11}, {396, 99, 11, 1});
  const std::string GW = floatType({6, 2, 3, 3}, {18, 9, 3, 1});
  const std::string GO = floatType({1, 6, 5, 6}, {180, 30, 6, 1});
  runGraphCase("conv2d_groups", "graph(%x : " + GX + ", %w : " + GW + ", %b : " + CB + R"IR():
  %s : int[] = prim::Constant[value=[1, 2]]()
  %p : int[] = prim::Constant[value=[0, 1]]()
  %d : int[] = prim::Constant[value=[2, 1]]()
  %g : int = prim::Constant[value=2]()
  %o : )IR" + GO + R"IR( = aten::conv2d(%x, %w, %b, %s, %p, %d, %g)
  return (%o))IR",
               {at::randn({1, 4, 9, 11}), at::randn({6, 2, 3, 3}), at::randn({6})}, 1e-5,
               {{"nnc_aten_conv2d"}, {}});

  const std::string MA = floatType({64, 48}, {48, 1});
  const std::string MB = floatType({48, 40}, {40, 1});
  const std::string MC = floatType({64, 40}, {40, 1});
  runGraphCase("matmul_addmm", "graph(%a : " + MA + ", %b : " + MB + ", %c : " + MC + R"IR():
  %beta : int = prim::Constant[value=1]()
  %alpha : int = prim::Constant[value=2]()
  %m : )IR" + MC + R"IR( = aten::matmul(%a, %b)
  %am : )IR" + MC + R"IR( = aten::addmm(%c, %a, %b, %beta, %alpha)
  return (%m, %am))IR",
               {at::randn({64, 48}), at::randn({48, 40}), at::randn({64, 40})}, 1e-4,
               {{"nnc_aten_matmul", "nnc_aten_addmm"}, {}});

  const std::string CL = floatType({2, 3, 5, 7}, {105, 1, 21, 3});
  runGraphCase("channels_last", "graph(%x : " + CL + R"IR():
  %one : int = prim::Constant[value=1]()
  %two : float = prim::Constant[value=2.0]()
  %s : )IR" + CL + R"IR( = aten::sigmoid(%x)
  %m : )IR" + CL + R"IR( = aten::mul(%s, %two)
  %o : )IR" + CL + R"IR( = aten::add(%m, %x, %one)
  return (%o))IR",
               {at::randn({2, 3, 5, 7}).contiguous(at::MemoryFormat::ChannelsLast)}, 1e-5);
}

}  // namespace aotc::test
