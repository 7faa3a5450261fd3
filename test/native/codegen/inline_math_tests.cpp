// The inline float32 exp, tanh, sigmoid and erf (codegen/inline_math): error in ulps against
// double precision over a sweep of every magnitude and both signs, the special values exactly,
// and no library call left in the kernel.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>
#include <torch/csrc/jit/tensorexpr/tensor.h>

#include "test_support.h"

namespace aotc::test {
namespace {

namespace te = torch::jit::tensorexpr;

float floatFromBits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// The spacing of floats at `exact` (subnormal spacing below the normal range).
double ulpAt(double exact) {
  const double a = std::fabs(exact);
  if (a < FLT_MIN) return std::ldexp(1.0, -149);
  int exponent;
  std::frexp(a, &exponent);  // a = m * 2^exponent, m in [0.5, 1)
  return std::ldexp(1.0, exponent - 24);
}

// Every 1021st float bit pattern (both signs, all magnitudes, subnormals included), then the
// values around each branch and range limit of the implementations.
std::vector<float> sweep() {
  std::vector<float> v;
  for (uint64_t bits = 0; bits < (uint64_t{1} << 32); bits += 1021) {
    const float f = floatFromBits(static_cast<uint32_t>(bits));
    if (std::isfinite(f)) v.push_back(f);
  }
  for (float edge : {10.0f, 0.875f, 4.0f, 3.9f, 0.625f, 88.7228394f, 89.0f, -87.3365479f,
                     -103.972084f, -104.0f, 44.3614197f, 9.0f, 17.0f, 1e-20f, FLT_MIN,
                     FLT_TRUE_MIN}) {
    float up = edge, down = edge;
    for (int k = 0; k < 64; ++k) {
      for (float f : {up, down, -up, -down}) v.push_back(f);
      up = std::nextafter(up, INFINITY);
      down = std::nextafter(down, 0.0f);
    }
  }
  return v;
}

struct MathCase {
  const char* name;
  te::IntrinsicsOp op;
  double (*exact)(double);
  double maxUlps;
};

double exactSigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double exactExp(double x) { return std::exp(x); }
double exactTanh(double x) { return std::tanh(x); }
double exactErf(double x) { return std::erf(x); }

std::vector<float> evaluate(const MathCase& c, const std::vector<float>& in) {
  const int n = static_cast<int>(in.size());
  te::BufHandle a("a", {n}, te::kFloat), o("o", {n}, te::kFloat);
  te::VarHandle i("i", te::kInt);
  te::StmtPtr stmt =
      te::For::make(i, 0, n, te::Store::make(o, {i}, te::Intrinsics::make(c.op, a.load(i))));
  CompiledKernel k = compileKernel({stmt, {a, o}, std::string("inline_") + c.name});
  std::istringstream lines(k.assembly);
  for (std::string line; std::getline(lines, line);) {
    const bool callsFunction = line.find(" call ") != std::string::npos &&
                               line.find("@llvm.") == std::string::npos;
    expect(!callsFunction, std::string(c.name) + ": the kernel still calls a function: " + line);
  }
  std::vector<float> out(in.size());
  void* args[] = {const_cast<float*>(in.data()), out.data()};
  k.jit->entry()(args);
  return out;
}

void accuracyCase(const MathCase& c) {
  runCase(std::string("inline math ") + c.name + " within " + std::to_string(c.maxUlps) + " ulp",
          [&] {
            const std::vector<float> in = sweep();
            const std::vector<float> out = evaluate(c, in);
            double worst = 0;
            float worstAt = 0;
            for (size_t j = 0; j < in.size(); ++j) {
              const double exact = c.exact(in[j]);
              if (std::fabs(exact) > FLT_MAX) {  // overflows: must be inf of the same sign
                expect(out[j] == static_cast<float>(exact),
                       std::string(c.name) + " overflow at " + std::to_string(in[j]));
                continue;
              }
              const double ulps = std::fabs(out[j] - exact) / ulpAt(exact);
              if (!(ulps <= worst)) {
                worst = ulps;
                worstAt = in[j];
              }
            }
            std::cout << "  " << c.name << ": " << in.size() << " inputs, worst " << worst
                      << " ulp at " << worstAt << std::endl;
            expect(worst <= c.maxUlps, std::string(c.name) + ": " + std::to_string(worst) +
                                           " ulp at " + std::to_string(worstAt));
          });
}

void specialValues() {
  runCase("inline math special values", [] {
    const float inf = INFINITY, nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> in = {0.0f, -0.0f, inf, -inf, nan, -nan};
    const MathCase exp{"exp", te::kExp, nullptr, 0}, tanh{"tanh", te::kTanh, nullptr, 0},
        sigmoid{"sigmoid", te::kSigmoid, nullptr, 0}, erf{"erf", te::kErf, nullptr, 0};
    const std::vector<float> e = evaluate(exp, in), t = evaluate(tanh, in),
                             s = evaluate(sigmoid, in), r = evaluate(erf, in);
    expect(e[0] == 1 && e[1] == 1 && e[2] == inf && e[3] == 0 && std::isnan(e[4]) &&
               std::isnan(e[5]),
           "exp of 0, -0, inf, -inf, NaN");
    expect(t[0] == 0 && !std::signbit(t[0]) && t[1] == 0 && std::signbit(t[1]) && t[2] == 1 &&
               t[3] == -1 && std::isnan(t[4]) && std::isnan(t[5]),
           "tanh of 0, -0, inf, -inf, NaN");
    expect(s[0] == 0.5f && s[1] == 0.5f && s[2] == 1 && s[3] == 0 && std::isnan(s[4]) &&
               std::isnan(s[5]),
           "sigmoid of 0, -0, inf, -inf, NaN");
    expect(r[0] == 0 && !std::signbit(r[0]) && r[1] == 0 && std::signbit(r[1]) && r[2] == 1 &&
               r[3] == -1 && std::isnan(r[4]) && std::isnan(r[5]),
           "erf of 0, -0, inf, -inf, NaN");
  });
}

}  // namespace

void runInlineMathTests() {
  accuracyCase({"exp", te::kExp, exactExp, 1.0});
  accuracyCase({"tanh", te::kTanh, exactTanh, 3.5});
  accuracyCase({"sigmoid", te::kSigmoid, exactSigmoid, 2.5});
  accuracyCase({"erf", te::kErf, exactErf, 1.5});
  specialValues();
}

}  // namespace aotc::test
