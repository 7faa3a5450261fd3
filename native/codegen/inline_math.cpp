#include "codegen/inline_math.h"

#include <cmath>
#include <stdexcept>

namespace aotc::codegen {
namespace {

// Polynomial coefficients: near-minimax fits in relative error (Lawson's iteration over
// Chebyshev nodes), rounded to float; scripts/fit_inline_math.py recomputes them.

// e^r - 1 = r (1 + r (c2 + r (c3 + ...))) for |r| <= ln2 / 2.
constexpr float kExpCoefficients[] = {1.0f, 0.4999999403953552f, 0.16666431725025177f,
                                      0.04166800156235695f, 0.00837415549904108f,
                                      0.0013843653723597527f};
// The same form fitted to e^r - 1 itself, in relative error: tanh's e^2|x| - 1 near 0.
constexpr float kExpm1Coefficients[] = {1.0f, 0.4999999701976776f, 0.16666506230831146f,
                                        0.041667137295007706f, 0.00836906861513853f,
                                        0.0013888872927054763f};

// erf(x) = x + x R(x^2) for |x| < kErfPolynomialBelow (R's leading coefficient is
// 2 / sqrt(pi) - 1).
constexpr float kErfPolynomialBelow = 0.875f;
constexpr float kErfNearZeroCoefficients[] = {
    0.12837915122509003f,  -0.3761255145072937f,   0.11282455176115036f,
    -0.026791462674736977f, 0.005032181274145842f, -0.0006203255034051836f};
// log(erfc(x)) for kErfPolynomialBelow <= x <= 4 (beyond, erf rounds to 1).
constexpr float kLogErfcCoefficients[] = {
    -0.00013357395073398948f, -1.1279361248016357f,   -0.6367372274398804f,
    -0.10432751476764679f,    0.02242022193968296f,   -0.003092293394729495f,
    0.0002009963645832613f};

// The constants and helpers of one emission, for float scalars or vectors alike.
class FloatMath {
 public:
  FloatMath(llvm::IRBuilder<>& builder, llvm::Type* type)
      : b_(builder), type_(type), intType_(type->getWithNewBitWidth(32)) {
    if (!type->getScalarType()->isFloatTy()) {
      throw std::logic_error("inline math is emitted for float32 only");
    }
  }

  llvm::Value* f(double v) const { return llvm::ConstantFP::get(type_, v); }
  llvm::Value* i(int v) const { return llvm::ConstantInt::get(intType_, v, /*signed=*/true); }

  // a * b + c, fused where the target has FMA.
  llvm::Value* mulAdd(llvm::Value* a, llvm::Value* bValue, llvm::Value* c) {
    return b_.CreateIntrinsic(llvm::Intrinsic::fmuladd, {type_}, {a, bValue, c});
  }

  // Horner's scheme: c[0] + x (c[1] + x (c[2] + ...)).
  template <size_t N>
  llvm::Value* polynomial(llvm::Value* x, const float (&c)[N]) {
    llvm::Value* acc = f(c[N - 1]);
    for (size_t k = N - 1; k-- > 0;) acc = mulAdd(acc, x, f(c[k]));
    return acc;
  }

  // The same sum as Horner's scheme in x^2 over pairs: t0 + x^2 (t1 + x^2 (t2 + ...)) with
  // t_k = c[2k] + c[2k+1] x. Half the dependent multiply-adds of Horner's chain (the pairs are
  // independent), and, like it, the small terms summed first, the leading ones last.
  template <size_t N>
  llvm::Value* pairedPolynomial(llvm::Value* x, const float (&c)[N]) {
    auto pair = [&](size_t k) { return k + 1 < N ? mulAdd(f(c[k + 1]), x, f(c[k])) : f(c[k]); };
    llvm::Value* square = b_.CreateFMul(x, x);
    size_t k = (N - 1) / 2 * 2;  // the last pair's first coefficient
    llvm::Value* acc = pair(k);
    while (k >= 2) {
      k -= 2;
      acc = mulAdd(acc, square, pair(k));
    }
    return acc;
  }

  // x raised to lo, lowered to hi, or clamped to [lo, hi]; NaN stays NaN (compare-and-select,
  // which x86 does in one min/max).
  llvm::Value* atLeast(llvm::Value* x, double lo) {
    return b_.CreateSelect(b_.CreateFCmpOLT(x, f(lo)), f(lo), x);
  }
  llvm::Value* atMost(llvm::Value* x, double hi) {
    return b_.CreateSelect(b_.CreateFCmpOGT(x, f(hi)), f(hi), x);
  }
  llvm::Value* clamp(llvm::Value* x, double lo, double hi) { return atMost(atLeast(x, lo), hi); }

  // 2^n for integers n in [-126, 127], built from the exponent bits.
  llvm::Value* powerOfTwo(llvm::Value* n) {
    llvm::Value* bits = b_.CreateShl(b_.CreateAdd(n, i(127)), i(23));
    return b_.CreateBitCast(bits, type_);
  }

  llvm::IRBuilder<>& builder() { return b_; }
  llvm::Type* intType() const { return intType_; }

 private:
  llvm::IRBuilder<>& b_;
  llvm::Type* type_;
  llvm::Type* intType_;
};

// x = n ln2 + r with n an integer (as i32) and |r| <= ln2 / 2, for |x| below 2^22.
struct ReducedExp {
  llvm::Value* n;
  llvm::Value* r;
};

ReducedExp reduceExp(FloatMath& m, llvm::Value* x) {
  llvm::IRBuilder<>& b = m.builder();
  // n = round(x / ln2), by adding 1.5 * 2^23: the sum's low mantissa bits are then n itself.
  constexpr double kRoundingShift = 12582912.0;
  llvm::Value* shifted = m.mulAdd(x, m.f(1.4426950408889634), m.f(kRoundingShift));
  llvm::Value* n = b.CreateFSub(shifted, m.f(kRoundingShift));
  llvm::Value* nInt = b.CreateSub(b.CreateBitCast(shifted, m.intType()),
                                  b.CreateBitCast(m.f(kRoundingShift), m.intType()));
  // r = x - n ln2 in two steps (Cody and Waite): ln2's high part has few enough bits that
  // n * high is exact.
  llvm::Value* r = m.mulAdd(n, m.f(-0.693145751953125), x);
  r = m.mulAdd(n, m.f(-1.428606765330187e-06), r);
  return {nInt, r};
}

// The range of exp's argument an emission handles: any float, none above 0, or [-87, 88]
// (normal results).
enum class ExpRange { kFull, kNonPositive, kNormalResults };

llvm::Value* exp(FloatMath& m, llvm::Value* x, ExpRange range = ExpRange::kFull) {
  llvm::IRBuilder<>& b = m.builder();
  // Beyond these, exp is 0 or inf in float; clamping keeps n in range, and the scaling below
  // then rounds to exactly 0 or overflows to inf. NaN passes through to the result.
  llvm::Value* xc = x;
  if (range == ExpRange::kFull) xc = m.clamp(x, -104.0, 89.0);
  if (range == ExpRange::kNonPositive) xc = m.atLeast(x, -104.0);
  ReducedExp reduced = reduceExp(m, xc);
  llvm::Value* nInt = reduced.n;
  llvm::Value* r = reduced.r;
  // Horner's scheme keeps exp itself within 1 ulp; inside sigmoid, whose division damps its
  // error, the shorter dependency chain of pairs pays a little (the pointwise bench model's
  // kernel, interleaved 4 vectors deep: 2% at 1 thread).
  llvm::Value* polynomial = range == ExpRange::kFull ? m.polynomial(r, kExpCoefficients)
                                                     : m.pairedPolynomial(r, kExpCoefficients);
  llvm::Value* expR = m.mulAdd(r, polynomial, m.f(1.0));
  if (range == ExpRange::kNormalResults) return b.CreateFMul(expR, m.powerOfTwo(nInt));
  if (range == ExpRange::kNonPositive) {
    // n in [-150, 0]: scaling by 2^(n + 64), a normal number, is exact, and the one rounding,
    // into the subnormal range too, is the final multiplication by 2^-64.
    constexpr int kBias = 64;
    return b.CreateFMul(b.CreateFMul(expR, m.powerOfTwo(b.CreateAdd(nInt, m.i(kBias)))),
                        m.f(std::ldexp(1.0, -kBias)));
  }
  // 2^n in two halves, so that subnormal results (n down to -150) and overflow (n up to 129)
  // come out of one correctly rounded final multiplication.
  llvm::Value* half = b.CreateAShr(nInt, m.i(1));
  llvm::Value* rest = b.CreateSub(nInt, half);
  return b.CreateFMul(b.CreateFMul(expR, m.powerOfTwo(half)), m.powerOfTwo(rest));
}

}  // namespace

llvm::Value* emitInlineExp(llvm::IRBuilder<>& builder, llvm::Value* x) {
  FloatMath m(builder, x->getType());
  return exp(m, x);
}

llvm::Value* emitInlineTanh(llvm::IRBuilder<>& builder, llvm::Value* x) {
  FloatMath m(builder, x->getType());
  // tanh|x| = q / (q + 2) with q = e^2|x| - 1 = 2^n (e^r - 1) + (2^n - 1): both terms are
  // non-negative (n >= 0), so q keeps its precision near 0 too, and one formula serves every
  // |x|: no second polynomial for small |x| and select between them (the pointwise bench
  // model's kernel 17% faster; error up to 3.1 ulp, from 1). From 2|x| = 20 on the result
  // rounds to 1: clamping there keeps 2^n normal. The sign is x's (-0 included).
  llvm::IRBuilder<>& b = builder;
  llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  llvm::Value* y = m.atMost(b.CreateFAdd(a, a), 20.0);
  ReducedExp reduced = reduceExp(m, y);
  // (Horner's scheme here: fewer operations than pairs, and 3.1 rather than 3.7 ulp.)
  llvm::Value* expm1R = b.CreateFMul(reduced.r, m.polynomial(reduced.r, kExpm1Coefficients));
  llvm::Value* scale = m.powerOfTwo(reduced.n);
  llvm::Value* q = m.mulAdd(scale, expm1R, b.CreateFSub(scale, m.f(1.0)));
  llvm::Value* magnitude = b.CreateFDiv(q, b.CreateFAdd(q, m.f(2.0)));
  return b.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, magnitude, x);
}

llvm::Value* emitInlineErf(llvm::IRBuilder<>& builder, llvm::Value* x) {
  FloatMath m(builder, x->getType());
  llvm::IRBuilder<>& b = builder;
  // Near 0 an odd polynomial, as x + x R(x^2): the final addition of x itself keeps R's
  // rounding errors small beside the result. Elsewhere 1 - erfc(|x|) with erfc = e^S, S a
  // polynomial fitted to log(erfc): smooth where erfc itself falls from 0.2 to 1e-8 (S in
  // [-18, -1.5]: exp's results are normal). The sign is x's (-0 included); NaN stays NaN.
  llvm::Value* nearZero =
      m.mulAdd(x, m.polynomial(b.CreateFMul(x, x), kErfNearZeroCoefficients), x);
  llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  llvm::Value* logErfc = m.polynomial(m.atMost(a, 4.0), kLogErfcCoefficients);
  llvm::Value* away = b.CreateFSub(m.f(1.0), exp(m, logErfc, ExpRange::kNormalResults));
  llvm::Value* magnitude =
      b.CreateSelect(b.CreateFCmpOLT(a, m.f(kErfPolynomialBelow)), nearZero, away);
  return b.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, magnitude, x);
}

llvm::Value* emitInlineSigmoid(llvm::IRBuilder<>& builder, llvm::Value* x) {
  FloatMath m(builder, x->getType());
  // With t = e^-|x|: 1 / (1 + t) for x >= 0, t / (1 + t) below, so that results down to the
  // subnormal range keep their precision where 1 / (1 + e^-x) would overflow to 0.
  llvm::Value* minusAbs =
      builder.CreateFNeg(builder.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x));
  llvm::Value* t = exp(m, minusAbs, ExpRange::kNonPositive);
  llvm::Value* numerator = builder.CreateSelect(builder.CreateFCmpOGE(x, m.f(0.0)), m.f(1.0), t);
  return builder.CreateFDiv(numerator, builder.CreateFAdd(m.f(1.0), t));
}

}  // namespace aotc::codegen
