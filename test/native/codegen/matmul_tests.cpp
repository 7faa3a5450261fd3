// The runtime's batched matrix product (aotc_dnnl_matmul, NNC's external-call convention)
// against a plain reference: broadcast batch dimensions, an operand of lower rank, a strided
// (transposed) operand, an empty inner dimension (zeros), an empty output, shapes that do not
// match (an error recorded for the kernel's caller, not an exception), medium precision
// (bfloat16 operands), and calls from two threads at once (each writes its own output).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/dnnl_matmul.h"
#include "runtime/external_call_error.h"
#include "runtime/matmul_precision.h"
#include "test_support.h"

namespace aotc::test {
namespace {

struct Operand {
  std::vector<int64_t> sizes, strides;
  std::vector<float> data;
};

Operand dense(std::vector<int64_t> sizes, float seed) {
  Operand op{sizes, std::vector<int64_t>(sizes.size()), {}};
  int64_t stride = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    op.strides[d] = stride;
    stride *= sizes[d];
  }
  op.data.resize(stride);
  for (int64_t i = 0; i < stride; ++i) op.data[i] = static_cast<float>((i * 7 + 3) % 11) * 0.25f - seed;
  return op;
}

float at(const Operand& op, const std::vector<int64_t>& index) {
  int64_t offset = 0;
  for (size_t d = 0; d < index.size(); ++d) offset += (op.sizes[d] == 1 ? 0 : index[d]) * op.strides[d];
  return op.data[offset];
}

// Calls aotc_dnnl_matmul(out = a @ b, an operand transposed with transposeA/B) the way a
// generated kernel does, with the arguments when a precision is given (kernels from before
// they existed pass none); returns its error.
std::string call(Operand& out, Operand& a, Operand& b,
                 std::optional<runtime::MatmulPrecision> precision = std::nullopt,
                 bool transposeB = false, bool transposeA = false) {
  void* data[] = {out.data.data(), a.data.data(), b.data.data()};
  std::vector<int64_t> ranks, dims, strides;
  for (Operand* op : {&out, &a, &b}) {
    ranks.push_back(static_cast<int64_t>(op->sizes.size()));
    dims.insert(dims.end(), op->sizes.begin(), op->sizes.end());
    strides.insert(strides.end(), op->strides.begin(), op->strides.end());
  }
  int8_t dtypes[] = {6, 6, 6};  // float32
  runtime::takeExternalCallError();
  int64_t args[runtime::kDnnlMatmulArgCount] = {};
  if (precision) args[runtime::kMatmulPrecision] = static_cast<int64_t>(*precision);
  args[runtime::kMatmulTransposeA] = transposeA;
  args[runtime::kMatmulTransposeB] = transposeB;
  aotc_dnnl_matmul(3, data, ranks.data(), dims.data(), strides.data(), dtypes,
                   precision ? runtime::kDnnlMatmulArgCount : 0, args);
  return runtime::takeExternalCallError();
}

// out[batch..., m, n] == sum_k a[..., m, k] * b[..., k, n], batch dims of size 1 broadcast,
// within `tolerance` of the sum of the terms' magnitudes; returns the largest error found, as
// a share of that sum.
double expectProduct(const Operand& out, const Operand& a, const Operand& b, const std::string& what,
                     double tolerance = kFloat32SumTolerance) {
  double worst = 0;
  const size_t rank = out.sizes.size();
  const int64_t inner = a.sizes[rank - 1];
  std::vector<int64_t> index(rank, 0);
  for (;;) {
    double want = 0, magnitude = 1e-3;
    std::vector<int64_t> ai = index, bi = index;
    for (int64_t k = 0; k < inner; ++k) {
      ai[rank - 1] = k;
      bi[rank - 2] = k;
      const double term = static_cast<double>(at(a, ai)) * at(b, bi);
      want += term;
      magnitude += std::fabs(term);
    }
    const double error = std::fabs(at(out, index) - want) / magnitude;
    expect(error <= tolerance, what + ": wrong value");
    worst = std::max(worst, error);
    size_t d = rank;
    while (d-- > 0 && ++index[d] == out.sizes[d]) index[d] = 0;
    if (d == static_cast<size_t>(-1)) return worst;
  }
}

}  // namespace

void runMatmulTests() {
  runCase("dnnl matmul: broadcast batch dimensions", [] {
    Operand a = dense({2, 3, 5, 7}, 1.f), b = dense({1, 3, 7, 4}, 0.5f), out = dense({2, 3, 5, 4}, 9.f);
    expect(call(out, a, b).empty(), "unexpected error");
    expectProduct(out, a, b, "broadcast");
  });
  runCase("dnnl matmul: a transposed (strided) operand", [] {
    Operand a = dense({3, 6, 5}, 1.f), b = dense({3, 6, 4}, 0.25f), out = dense({3, 5, 4}, 9.f);
    // a viewed as (3, 5, 6): its last two dimensions swapped through the strides.
    std::swap(a.sizes[1], a.sizes[2]);
    std::swap(a.strides[1], a.strides[2]);
    expect(call(out, a, b).empty(), "unexpected error");
    expectProduct(out, a, b, "transposed");
  });
  runCase("dnnl matmul: medium precision (bfloat16 operands where the CPU has them)", [] {
    Operand a = dense({2, 3, 9, 40}, 1.f), b = dense({1, 3, 40, 7}, 0.5f), out = dense({2, 3, 9, 7}, 9.f);
    for (float& v : a.data) v = v * 0.3f + 0.01f;  // values bfloat16 cannot hold exactly
    expect(call(out, a, b, runtime::MatmulPrecision::kMedium).empty(), "unexpected error");
    const double worst = expectProduct(out, a, b, "medium", kBf16SumTolerance);
    if (cpuHasNativeBf16()) {
      expect(worst > kFloat32SumTolerance, "the result is float32-exact: bfloat16 was not used");
    } else {
      expect(worst <= kFloat32SumTolerance, "no native bfloat16 here, yet the result is not float32");
    }
    // The same product at highest precision (a separately prepared primitive) is float32.
    Operand exact = dense({2, 3, 9, 7}, 9.f);
    expect(call(exact, a, b, runtime::MatmulPrecision::kHighest).empty(), "unexpected error");
    expectProduct(exact, a, b, "highest");
  });
  runCase("dnnl matmul: high precision (bfloat16 parts), b given transposed", [] {
    // 40 x 24 times 24 x 20 per batch: rows and columns enough for the split to pay.
    Operand a = dense({2, 3, 40, 24}, 1.f), b = dense({1, 3, 20, 24}, 0.5f), out = dense({2, 3, 40, 20}, 9.f);
    for (float& v : a.data) v = v * 0.3f + 0.01f;  // values bfloat16 cannot hold exactly
    for (float& v : b.data) v = v * 0.7f - 0.013f;
    expect(call(out, a, b, runtime::MatmulPrecision::kHigh, /*transposeB=*/true).empty(),
           "unexpected error");
    Operand bT = b;
    std::swap(bT.sizes[2], bT.sizes[3]);
    std::swap(bT.strides[2], bT.strides[3]);
    const double worst = expectProduct(out, a, bT, "high", kHighSumTolerance);
    expect(worst < kBf16SumTolerance / 64, "no better than medium precision");
    // a transposed as well.
    Operand at = dense({2, 3, 24, 40}, 0.5f), both = dense({2, 3, 40, 20}, 9.f);
    for (float& v : at.data) v = v * 0.3f + 0.01f;
    expect(call(both, at, b, runtime::MatmulPrecision::kHigh, true, /*transposeA=*/true).empty(),
           "unexpected error (both)");
    Operand aT = at;
    std::swap(aT.sizes[2], aT.sizes[3]);
    std::swap(aT.strides[2], aT.strides[3]);
    expectProduct(both, aT, bT, "high, transposed a and b", kHighSumTolerance);
  });
  runCase("dnnl matmul: transposed operands read through swapped strides", [] {
    Operand a = dense({2, 4, 7, 5}, 1.f), b = dense({2, 4, 6, 5}, 0.25f), out = dense({2, 4, 7, 6}, 9.f);
    expect(call(out, a, b, runtime::MatmulPrecision::kHighest, /*transposeB=*/true).empty(),
           "unexpected error");
    // The reference reads b^T as the same memory with its last two dimensions swapped.
    Operand bT = b;
    std::swap(bT.sizes[2], bT.sizes[3]);
    std::swap(bT.strides[2], bT.strides[3]);
    expectProduct(out, a, bT, "transposed b");
    // At medium precision b is converted in its own dimension order and read transposed.
    for (float& v : a.data) v = v * 0.3f + 0.01f;
    Operand medium = dense({2, 4, 7, 6}, 9.f);
    expect(call(medium, a, b, runtime::MatmulPrecision::kMedium, /*transposeB=*/true).empty(),
           "unexpected error (medium)");
    expectProduct(medium, a, bT, "transposed b, medium", kBf16SumTolerance);
    // a^T @ b^T, a given as [..., K, M].
    Operand at = dense({2, 4, 5, 7}, 0.5f), both = dense({2, 4, 7, 6}, 9.f);
    expect(call(both, at, b, runtime::MatmulPrecision::kHighest, true, /*transposeA=*/true).empty(),
           "unexpected error (both)");
    Operand aT = at;
    std::swap(aT.sizes[2], aT.sizes[3]);
    std::swap(aT.strides[2], aT.strides[3]);
    expectProduct(both, aT, bT, "transposed a and b");
    Operand wrong = dense({2, 4, 7, 6}, 9.f);
    std::string error = call(wrong, a, b, runtime::MatmulPrecision::kHighest, /*transposeB=*/false);
    expect(error.find("shapes do not match") != std::string::npos, "b used untransposed: '" + error + "'");
  });
  runCase("dnnl matmul: an operand of lower rank broadcasts over the leading dimensions", [] {
    // x @ W: a 4-d a and a 2-d b; then a 2-d a and a 3-d b.
    Operand a = dense({2, 3, 5, 7}, 1.f), b = dense({7, 4}, 0.5f), out = dense({2, 3, 5, 4}, 9.f);
    expect(call(out, a, b).empty(), "unexpected error");
    Operand bAsRank4{{1, 1, 7, 4}, {28, 28, 4, 1}, b.data};  // the reference's view of b
    expectProduct(out, a, bAsRank4, "2-d b");
    Operand a2 = dense({5, 7}, 0.25f), b3 = dense({3, 7, 4}, 1.f), out3 = dense({3, 5, 4}, 9.f);
    expect(call(out3, a2, b3).empty(), "unexpected error");
    Operand aAsRank3{{1, 5, 7}, {35, 7, 1}, a2.data};
    expectProduct(out3, aAsRank3, b3, "2-d a");
    Operand vector = dense({7}, 1.f);
    std::string error = call(out, a, vector);
    expect(error.find("rank of at least 2") != std::string::npos, "a 1-d operand: '" + error + "'");
  });
  runCase("dnnl matmul: repeated calls and calls from two threads at once write their own outputs", [] {
    // A prepared product keeps the memory objects of its calls and re-points them each time; a
    // call made while another thread's is in progress must use its own.
    Operand a = dense({4, 24, 32}, 1.f), b = dense({4, 32, 16}, 0.5f);
    auto work = [&](float seed) -> std::string {
      try {
        Operand x = dense({4, 24, 32}, seed), out = dense({4, 24, 16}, 9.f);
        for (int i = 0; i < 300; ++i) {
          x.data[i % x.data.size()] += 0.125f;
          std::fill(out.data.begin(), out.data.end(), 1e6f);  // stale unless this call writes it
          std::string error = call(out, x, b);
          if (!error.empty()) return error;
          expectProduct(out, x, b, "call " + std::to_string(i));
        }
        return "";
      } catch (const std::exception& e) {
        return e.what();
      }
    };
    std::string second;
    std::thread other([&] { second = work(2.f); });
    std::string first = work(1.f);
    other.join();
    expect(first.empty() && second.empty(), "unexpected error: " + first + second);
    Operand out = dense({4, 24, 16}, 9.f);
    expect(call(out, a, b).empty(), "unexpected error");
    expectProduct(out, a, b, "after");
  });
  runCase("dnnl matmul: empty inner dimension gives zeros, empty output nothing", [] {
    Operand a = dense({2, 3, 0}, 1.f), b = dense({2, 0, 4}, 1.f), out = dense({2, 3, 4}, 9.f);
    expect(call(out, a, b).empty(), "unexpected error");
    for (float v : out.data) expect(v == 0.f, "not zero");
    Operand a0 = dense({2, 0, 5}, 1.f), b0 = dense({2, 5, 4}, 1.f), out0 = dense({2, 0, 4}, 9.f);
    expect(call(out0, a0, b0).empty(), "unexpected error for an empty output");
  });
  runCase("dnnl matmul: mismatched shapes are an error for the caller", [] {
    Operand a = dense({2, 3, 5}, 1.f), b = dense({2, 6, 4}, 1.f), out = dense({2, 3, 4}, 9.f);
    std::string error = call(out, a, b);
    expect(error.find("shapes do not match") != std::string::npos, "no error: '" + error + "'");
  });
}

}  // namespace aotc::test
