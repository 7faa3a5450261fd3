// The runtime's fully connected layer (aotc_dnnl_linear, NNC's external-call convention)
// against a double-precision reference: float32 with bias and ReLU, a strided input, medium
// precision (bfloat16 operands where the CPU has them), and a kernel compiled before the
// precision argument existed (one argument fewer: float32).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "runtime/dnnl_context.h"
#include "runtime/dnnl_linear.h"
#include "runtime/external_call_error.h"
#include "runtime/fused_activation.h"
#include "runtime/matmul_precision.h"
#include "test_support.h"

namespace aotc::test {
namespace {

using runtime::FusedActivation;
using runtime::MatmulPrecision;

// A 2-d float buffer with explicit strides.
struct Matrix {
  int64_t rows, cols;
  std::vector<int64_t> strides;
  std::vector<float> data;

  Matrix(int64_t r, int64_t c, float seed, bool transposed = false) : rows(r), cols(c) {
    strides = transposed ? std::vector<int64_t>{1, r} : std::vector<int64_t>{c, 1};
    data.resize(r * c);
    for (size_t i = 0; i < data.size(); ++i) {
      data[i] = static_cast<float>((i * 53 + 7) % 31) / 31.0f - 0.45f + seed;  // not bfloat16-exact
    }
  }

  float& at(int64_t r, int64_t c) { return data[r * strides[0] + c * strides[1]]; }
};

struct Layer {
  Matrix weight;  // [N, K]
  std::vector<float> bias;
  FusedActivation activation = FusedActivation::kRelu;
};

Layer layer(int64_t outFeatures, int64_t inFeatures, float seed) {
  Layer l{Matrix(outFeatures, inFeatures, seed), std::vector<float>(outFeatures)};
  for (int64_t n = 0; n < outFeatures; ++n) l.bias[n] = 0.02f * static_cast<float>(n % 5) - 0.04f;
  return l;
}

// Calls aotc_dnnl_linear(out = act(x W^T + b)) as a kernel does, passing `argCount` extra
// arguments (kDnnlLinearArgCount, or one fewer as kernels from before the precision argument).
std::string call(Matrix& out, Matrix& x, Layer& l, MatmulPrecision precision,
                 int64_t argCount = runtime::kDnnlLinearArgCount) {
  void* data[] = {out.data.data(), x.data.data(), l.weight.data.data(), l.bias.data()};
  int64_t ranks[] = {2, 2, 2, 1};
  int64_t dims[] = {out.rows, out.cols, x.rows, x.cols, l.weight.rows, l.weight.cols, l.weight.rows};
  int64_t strides[] = {out.strides[0], out.strides[1], x.strides[0], x.strides[1],
                       l.weight.strides[0], l.weight.strides[1], 1};
  int8_t dtypes[] = {6, 6, 6, 6};  // float32
  int64_t args[runtime::kDnnlLinearArgCount] = {};
  args[runtime::kLinearHasBias] = 1;
  args[runtime::kLinearActivation] = static_cast<int64_t>(l.activation);
  args[runtime::kLinearPrecision] = static_cast<int64_t>(precision);
  runtime::takeExternalCallError();
  aotc_dnnl_linear(4, data, ranks, dims, strides, dtypes, argCount, args);
  return runtime::takeExternalCallError();
}

// Each output against act(b + sum_k x w) in double, within `tolerance` of the sum of the
// terms' magnitudes; returns the largest error found, as a share of that sum.
double expectLayer(Matrix& out, Matrix& x, Layer& l, double tolerance) {
  double worst = 0;
  for (int64_t r = 0; r < out.rows; ++r) {
    for (int64_t n = 0; n < out.cols; ++n) {
      double sum = l.bias[n], magnitude = std::fabs(l.bias[n]) + 1e-3;
      for (int64_t k = 0; k < x.cols; ++k) {
        const double term = static_cast<double>(x.at(r, k)) * l.weight.at(n, k);
        sum += term;
        magnitude += std::fabs(term);
      }
      const double want = l.activation == FusedActivation::kRelu ? std::max(sum, 0.0) : sum;
      const double error = std::fabs(out.at(r, n) - want) / magnitude;
      if (!(error <= tolerance)) {
        throw std::runtime_error("output [" + std::to_string(r) + "," + std::to_string(n) +
                                 "] is " + std::to_string(out.at(r, n)) + ", expected " +
                                 std::to_string(want));
      }
      worst = std::max(worst, error);
    }
  }
  return worst;
}

bool nativeBf16Kernel(const Layer& l) {
  const auto names = runtime::linearImplementations(l.weight.data.data());
  expect(names.size() == 1, "expected one prepared layer for these weights");
  return runtime::nativeBf16Implementation(names[0]);
}

}  // namespace

void runLinearTests() {
  runCase("dnnl linear: float32 with bias and ReLU, and a strided input", [] {
    Layer l = layer(24, 40, 0.f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(6, 40, 0.1f), out(6, 24, 0.f);
    expect(call(out, x, l, MatmulPrecision::kHighest).empty(), "unexpected error");
    expectLayer(out, x, l, kFloat32SumTolerance);
    expect(!nativeBf16Kernel(l), "a bfloat16 kernel at highest precision");
    Matrix xt(6, 40, 0.1f, /*transposed=*/true), outt(6, 24, 0.f);
    expect(call(outt, xt, l, MatmulPrecision::kHighest).empty(), "unexpected error (strided)");
    expectLayer(outt, xt, l, kFloat32SumTolerance);
  });

  runCase("dnnl linear: medium precision takes a bfloat16 kernel where the CPU has one", [] {
    Layer l = layer(48, 64, -0.05f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(5, 64, 0.2f), out(5, 48, 0.f);
    expect(call(out, x, l, MatmulPrecision::kMedium).empty(), "unexpected error");
    const double worst = expectLayer(out, x, l, kBf16SumTolerance);
    if (cpuHasNativeBf16()) {
      expect(nativeBf16Kernel(l), "not a native bfloat16 kernel");
      expect(worst > kFloat32SumTolerance, "the result is float32-exact: bfloat16 was not used");
    } else {
      expect(!nativeBf16Kernel(l), "an emulated bfloat16 kernel was chosen");
      expect(worst <= kFloat32SumTolerance, "no native bfloat16 here, yet the result is not float32");
    }
    // A strided input is converted to dense bfloat16 as well.
    Matrix xt(5, 64, 0.2f, /*transposed=*/true), outt(5, 48, 0.f);
    expect(call(outt, xt, l, MatmulPrecision::kMedium).empty(), "unexpected error (strided)");
    expectLayer(outt, xt, l, kBf16SumTolerance);
  });

  runCase("dnnl linear: high precision splits the operands into bfloat16 parts where it pays", [] {
    Layer l = layer(48, 64, -0.05f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(40, 64, 0.2f), out(40, 48, 0.f);
    expect(call(out, x, l, MatmulPrecision::kHigh).empty(), "unexpected error");
    const double worst = expectLayer(out, x, l, kHighSumTolerance);
    const auto names = runtime::linearImplementations(l.weight.data.data());
    expect(names.size() == 1 && runtime::matrixUnitImplementation(names[0]) == cpuHasMatrixUnits(),
           "an AMX kernel iff the CPU has one");
    expect(worst < kBf16SumTolerance / 64, "no better than medium precision");
    // A strided input is split all the same.
    Matrix xt(40, 64, 0.2f, /*transposed=*/true), outt(40, 48, 0.f);
    expect(call(outt, xt, l, MatmulPrecision::kHigh).empty(), "unexpected error (strided)");
    expectLayer(outt, xt, l, kHighSumTolerance);
  });

  runCase("dnnl linear: high precision keeps a few rows in float32 (the matrix units would idle)", [] {
    Layer l = layer(48, 64, -0.05f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(4, 64, 0.2f), out(4, 48, 0.f);
    expect(call(out, x, l, MatmulPrecision::kHigh).empty(), "unexpected error");
    expectLayer(out, x, l, kFloat32SumTolerance);
    expect(!nativeBf16Kernel(l), "a bfloat16 kernel for 4 rows");
  });

  runCase("dnnl linear: a kernel from before the precision argument computes in float32", [] {
    Layer l = layer(16, 32, 0.f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(3, 32, 0.f), out(3, 16, 0.f);
    expect(call(out, x, l, MatmulPrecision::kMedium, runtime::kLinearPrecision).empty(),
           "unexpected error");
    expectLayer(out, x, l, kFloat32SumTolerance);
    expect(!nativeBf16Kernel(l), "a bfloat16 kernel without a precision argument");
  });

  runCase("dnnl linear: an unknown precision is an error for the caller", [] {
    Layer l = layer(8, 8, 0.f);
    ForgetPrimitives forget(l.weight.data.data());
    Matrix x(2, 8, 0.f), out(2, 8, 0.f);
    std::string error = call(out, x, l, static_cast<MatmulPrecision>(7));
    expect(error.find("unknown matmul precision 7") != std::string::npos, "no error: '" + error + "'");
  });
}

}  // namespace aotc::test
