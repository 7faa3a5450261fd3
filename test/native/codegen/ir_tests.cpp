// Hand-built TensorExpr statements, compared with libtorch's SimpleIREvaluator on the same
// statement (or with values computed here where the evaluator lacks the construct).
#include <limits>

#include <c10/util/irange.h>
#include <torch/csrc/jit/tensorexpr/eval.h>
#include <torch/csrc/jit/tensorexpr/ir.h>
#include <torch/csrc/jit/tensorexpr/stmt.h>

#include "codegen/loop_interleave.h"
#include "runtime/dnnl_linear.h"
#include "runtime/external_call_error.h"
#include "test_support.h"

namespace aotc::test {

namespace te = torch::jit::tensorexpr;
using BufferArg = te::CodeGen::BufferArg;
using c10::ScalarType;

namespace {

template <typename T>
std::vector<char> bytes(const std::vector<T>& values) {
  std::vector<char> out(values.size() * sizeof(T));
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

template <typename T>
std::vector<T> typed(const std::vector<char>& raw) {
  std::vector<T> out(raw.size() / sizeof(T));
  std::memcpy(out.data(), raw.data(), raw.size());
  return out;
}

// Runs `stmt` through our codegen and through SimpleIREvaluator and compares every buffer.
// `init[i]` holds the initial bytes of argument i (for a scalar var: its value's bytes).
// `limit` optionally restricts the compared element count of a buffer (by name).
void compareWithEvaluator(const std::string& name, const te::StmtPtr& stmt,
                          const std::vector<BufferArg>& args,
                          const std::vector<std::vector<char>>& init, double tol,
                          const std::unordered_map<std::string, size_t>& limit = {}) {
  runCase("ir " + name, [&] {
    // Ours first: the evaluator rewrites (expands intrinsics in) the statement it is given.
    CompiledKernel compiled = compileKernel({stmt, args, "ir_test_" + name});
    std::vector<std::vector<char>> mine = init, theirs = init;
    std::vector<void*> minePtrs, theirPtrs;
    for (auto& b : mine) minePtrs.push_back(b.data());
    for (auto& b : theirs) theirPtrs.push_back(b.data());
    expect(compiled.jit->entry()(minePtrs.data()) == 0, "kernel returned non-zero");
    te::SimpleIREvaluator evaluator(stmt, args);
    evaluator.call_raw(theirPtrs);

    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].isVar()) continue;
      const std::string what = name + " buffer " + args[i].buf()->name_hint();
      size_t n = mine[i].size() / args[i].dtype().byte_size();
      auto it = limit.find(args[i].buf()->name_hint());
      if (it != limit.end()) n = std::min(n, it->second);
      switch (args[i].dtype().scalar_type()) {
        case ScalarType::Float:
          compareFloats(typed<float>(mine[i]).data(), typed<float>(theirs[i]).data(), n, tol, what);
          break;
        case ScalarType::Double:
          compareFloats(typed<double>(mine[i]).data(), typed<double>(theirs[i]).data(), n, tol,
                        what);
          break;
        default: {
          const size_t bytesToCompare = n * args[i].dtype().byte_size();
          for (size_t k = 0; k < bytesToCompare; ++k) {
            if (mine[i][k] != theirs[i][k]) {
              throw std::runtime_error(what + ": byte " + std::to_string(k) + " differs (got " +
                                       std::to_string(static_cast<uint8_t>(mine[i][k])) +
                                       ", want " +
                                       std::to_string(static_cast<uint8_t>(theirs[i][k])) + ")");
            }
          }
        }
      }
    }
  });
}

te::ExprHandle imm(te::Dtype dtype, double value) {
  return te::Cast::make(dtype, te::DoubleImm::make(value));
}

template <typename T>
std::vector<char> fill(size_t n, const std::function<T(size_t)>& f) {
  std::vector<T> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = f(i);
  return bytes(v);
}

std::vector<char> valuesOf(ScalarType type, const std::vector<double>& values) {
  switch (type) {
#define AOTC_CASE(T, Name) \
  case ScalarType::Name:   \
    return fill<T>(values.size(), [&](size_t i) { return static_cast<T>(values[i]); });
    AT_FORALL_SCALAR_TYPES(AOTC_CASE)
#undef AOTC_CASE
    case ScalarType::Bool:  // one byte, 0 or 1
      return fill<uint8_t>(values.size(), [&](size_t i) { return values[i] != 0 ? 1 : 0; });
    default:
      throw std::runtime_error("bad type");
  }
}

void integerOps() {
  const int n = 37;
  for (ScalarType type : {ScalarType::Int, ScalarType::Long, ScalarType::Short, ScalarType::Char,
                          ScalarType::Byte}) {
    const te::Dtype dt = te::ToDtype(type);
    const bool isUns = type == ScalarType::Byte;
    te::BufHandle a("a", {n}, dt), b("b", {n}, dt);
    const int ops = 17;
    te::BufHandle o("o", {n * ops}, dt);
    te::VarHandle i("i", type == ScalarType::Long ? te::kLong : te::kInt);
    te::ExprHandle x = a.load(i), y = b.load(i);
    te::ExprHandle one = imm(dt, 1), zero = imm(dt, 0), three = imm(dt, 3);
    std::vector<te::ExprHandle> exprs = {
        x + y, x - y, x * y, x / y, x % y, x & y, x | y, x ^ y, x << (y & three),
        x >> (y & three), te::Max::make(x, y, true), te::Min::make(x, y, false),
        te::CompareSelect::make(x, y, one, zero, te::kLT),
        te::CompareSelect::make(x, y, x, y, te::kGE),
        te::CompareSelect::make(x, y, one, zero, te::kNE),
        te::CompareSelect::make(x, y, y, x, te::kLE, te::kLikely),
        te::Intrinsics::make(te::kAbs, x)};
    std::vector<te::StmtPtr> stores;
    for (int k = 0; k < ops; ++k) {
      stores.push_back(te::Store::make(o, {te::Cast::make(i.dtype(), te::IntImm::make(k * n)) + i},
                                       exprs[k]));
    }
    te::StmtPtr stmt = te::For::make(i, te::Cast::make(i.dtype(), te::IntImm::make(0)),
                                     te::Cast::make(i.dtype(), te::IntImm::make(n)),
                                     te::Block::make(stores));
    std::vector<double> av, bv;
    for (int k = 0; k < n; ++k) {
      av.push_back(isUns ? (k * 37) % 256 : (k * 7) % 101 - 50);
      const int mag = 1 + (k * 5) % 9;
      bv.push_back(isUns ? mag : ((k % 3 == 0) ? -mag : mag));
    }
    compareWithEvaluator(std::string("int_ops_") + c10::toString(type), stmt, {a, b, o},
                         {valuesOf(type, av), valuesOf(type, bv),
                          std::vector<char>(n * ops * dt.byte_size())},
                         0);
  }
}

void floatIntrinsics() {
  const int n = 29;
  for (ScalarType type : {ScalarType::Float, ScalarType::Double}) {
    const te::Dtype dt = te::ToDtype(type);
    te::BufHandle a("a", {n}, dt), b("b", {n}, dt);
    std::vector<te::IntrinsicsOp> unary = {
        te::kSin, te::kCos, te::kTan, te::kAsin, te::kAcos, te::kAtan, te::kSinh, te::kCosh,
        te::kTanh, te::kSigmoid, te::kExp, te::kExpm1, te::kAbs, te::kLog, te::kLog2,
        te::kLog10, te::kLog1p, te::kErf, te::kErfc, te::kSqrt, te::kRsqrt, te::kCeil,
        te::kFloor, te::kTrunc, te::kLgamma, te::kFrac};
    std::vector<te::IntrinsicsOp> binary = {te::kAtan2, te::kPow, te::kFmod, te::kRemainder};
    const int ops = unary.size() + binary.size() + 4;
    te::BufHandle o("o", {n * ops}, dt);
    te::BufHandle nan("isnan", {n}, te::kInt);
    te::VarHandle i("i", te::kInt);
    te::ExprHandle x = a.load(i), y = b.load(i);
    std::vector<te::ExprHandle> exprs;
    for (auto op : unary) {
      // asin/acos need |x| <= 1, log family x > 0: feed them x/4 + 0.6 in (0.1, 1).
      const bool domain = op == te::kAsin || op == te::kAcos || op == te::kLog ||
                          op == te::kLog2 || op == te::kLog10 || op == te::kSqrt ||
                          op == te::kRsqrt || op == te::kLgamma;
      exprs.push_back(te::Intrinsics::make(op, domain ? x / imm(dt, 4) + imm(dt, 0.6) : x));
    }
    for (auto op : binary) {
      exprs.push_back(te::Intrinsics::make(op, op == te::kPow ? x / imm(dt, 4) + imm(dt, 0.6) : x, y));
    }
    exprs.push_back(x / y);
    exprs.push_back(x % y);  // Mod on floats = fmod
    exprs.push_back(te::Max::make(x, y, true));
    exprs.push_back(te::Min::make(x, y, true));
    std::vector<te::StmtPtr> stores;
    for (int k = 0; k < ops; ++k) {
      stores.push_back(te::Store::make(o, {te::IntImm::make(k * n) + i}, exprs[k]));
    }
    stores.push_back(te::Store::make(nan, {i}, te::Intrinsics::make(te::kIsNan, x)));
    te::StmtPtr stmt = te::For::make(i, 0, n, te::Block::make(stores));
    std::vector<double> av, bv;
    for (int k = 0; k < n; ++k) {
      av.push_back(-1.9 + 0.13 * k);
      bv.push_back(0.7 + 0.05 * k);
    }
    av[5] = std::nan("");
    bv[7] = std::nan("");
    av[9] = INFINITY;
    av[11] = -INFINITY;
    av[13] = 100;  // exp overflows, tanh saturates
    av[15] = -95;  // exp underflows gradually
    compareWithEvaluator(std::string("float_intrinsics_") + c10::toString(type), stmt,
                         {a, b, o, nan},
                         {valuesOf(type, av), valuesOf(type, bv),
                          std::vector<char>(n * ops * dt.byte_size()),
                          std::vector<char>(n * sizeof(int))},
                         type == ScalarType::Float ? 2e-6 : 1e-12);
  }

  // Round is half-to-even (nearbyint); SimpleIREval uses std::round, so check it directly.
  runCase("ir round_half_even", [] {
    te::BufHandle a("a", {8}, te::kFloat), o("o", {8}, te::kFloat);
    te::VarHandle i("i", te::kInt);
    te::StmtPtr stmt = te::For::make(
        i, 0, 8, te::Store::make(o, {i}, te::Intrinsics::make(te::kRound, a.load(i))));
    CompiledKernel k = compileKernel({stmt, {a, o}, "ir_round"});
    std::vector<float> in = {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 2.6f, -2.4f}, out(8);
    std::vector<float> want = {-2, -2, -0.f, 0, 2, 2, 3, -2};
    void* args[] = {in.data(), out.data()};
    k.jit->entry()(args);
    for (int j = 0; j < 8; ++j) expect(out[j] == want[j], "round at " + std::to_string(j));
  });
}

void casts() {
  const std::vector<ScalarType> types = {ScalarType::Bool, ScalarType::Byte,  ScalarType::Char,
                                         ScalarType::Short, ScalarType::Int,  ScalarType::Long,
                                         ScalarType::Float, ScalarType::Double};
  const int n = 12;  // 8 non-negative values, then 4 negative ones
  std::vector<BufferArg> args;
  std::vector<std::vector<char>> init;
  std::vector<te::BufHandle> inputs;
  for (ScalarType src : types) {
    te::BufHandle in(std::string("in_") + c10::toString(src), {n}, te::ToDtype(src));
    inputs.push_back(in);
    args.emplace_back(in);
    const bool isFloat = src == ScalarType::Float || src == ScalarType::Double;
    std::vector<double> v = {0, 1, 2, 7, 100, 3, isFloat ? 2.75 : 5, isFloat ? 0.5 : 0,
                             -1, -3, isFloat ? -2.5 : -100, -7};
    if (src == ScalarType::Bool) v = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0};
    if (src == ScalarType::Byte) v = {0, 1, 2, 7, 100, 3, 255, 128, 200, 17, 0, 9};
    init.push_back(valuesOf(src, v));
  }
  std::unordered_map<std::string, size_t> limit;
  te::VarHandle i("i", te::kInt);
  std::vector<te::StmtPtr> stores;
  for (size_t s = 0; s < types.size(); ++s) {
    for (ScalarType dst : types) {
      std::string outName = std::string("out_") + c10::toString(types[s]) + "_" + c10::toString(dst);
      te::BufHandle out(outName, {n}, te::ToDtype(dst));
      args.emplace_back(out);
      init.emplace_back(n * te::ToDtype(dst).byte_size());
      stores.push_back(te::Store::make(out, {i}, te::Cast::make(te::ToDtype(dst), inputs[s].load(i))));
      const bool srcFloat = types[s] == ScalarType::Float || types[s] == ScalarType::Double;
      // Negative floats to uint8 are undefined behaviour in C++ (the evaluator's reference).
      if (srcFloat && dst == ScalarType::Byte) limit[outName] = 8;
    }
  }
  te::StmtPtr stmt = te::For::make(i, 0, n, te::Block::make(stores));
  compareWithEvaluator("cast_matrix", stmt, args, init, 0, limit);
}

void controlFlow() {
  const int n = 23;
  te::BufHandle a("a", {n}, te::kFloat), b("b", {n}, te::kFloat);
  te::BufHandle o1("o1", {n}, te::kFloat), o2("o2", {n + 4}, te::kFloat),
      o3("o3", {n * 3}, te::kDouble), o4("o4", {n}, te::kFloat), o5("o5", {n}, te::kInt);
  te::VarHandle i("i", te::kInt), j("j", te::kLong), t("t", te::kFloat);
  te::ExprHandle x = a.load(i), y = b.load(i);
  te::StmtPtr body = te::Block::make({
      te::Let::make(t, x * y),
      // Cond with else.
      te::Cond::make(te::CompareSelect::make(x, y, te::kGT),
                     te::Store::make(o1, {i}, t + te::FloatImm::make(1.f)),
                     te::Store::make(o1, {i}, t - te::FloatImm::make(1.f))),
      // NaN handling of min/max with and without propagation, and float compares.
      te::Store::make(o4, {i}, te::Max::make(x, y, false) + te::Min::make(x, y, false)),
      te::Store::make(o5, {i},
                      te::CompareSelect::make(x, y, te::kNE) * te::IntImm::make(2) +
                          te::CompareSelect::make(x, y, te::kEQ)),
  });
  // A padding-like IfThenElse whose false side must not be evaluated out of bounds.
  te::VarHandle p("p", te::kInt);
  te::StmtPtr pad = te::For::make(
      p, 0, n + 4,
      te::Store::make(o2, {p},
                      te::IfThenElse::make(
                          te::CompareSelect::make(p, te::IntImm::make(2), te::kGE) &
                              te::CompareSelect::make(p, te::IntImm::make(n + 2), te::kLT),
                          a.load(p - te::IntImm::make(2)), te::FloatImm::make(-5.f))));
  // Long loop var, non-zero start, Cond without else.
  te::StmtPtr nested = te::For::make(
      j, te::LongImm::make(1), te::LongImm::make(3),
      te::For::make(i, 0, n,
                    te::Block::make({te::Cond::make(
                        te::CompareSelect::make(i, te::IntImm::make(5), te::kNE),
                        te::Store::make(o3, {te::Cast::make(te::kInt, j) * te::IntImm::make(n) + i},
                                        te::Cast::make(te::kDouble, x) *
                                            te::Cast::make(te::kDouble, j)),
                        nullptr)})));
  te::StmtPtr stmt = te::Block::make({te::For::make(i, 0, n, body), pad, nested});
  std::vector<float> av, bv;
  for (int k = 0; k < n; ++k) {
    av.push_back(std::sin(k * 1.3f));
    bv.push_back(std::cos(k * 0.7f));
  }
  av[3] = NAN;
  bv[4] = NAN;
  bv[6] = av[6];
  compareWithEvaluator("control_flow", stmt, {a, b, o1, o2, o3, o4, o5},
                       {bytes(av), bytes(bv), std::vector<char>(n * 4),
                        std::vector<char>((n + 4) * 4), std::vector<char>(n * 3 * 8),
                        std::vector<char>(n * 4), std::vector<char>(n * 4)},
                       1e-6);
}

void vectors() {
  const int lanes = 8, n = 64;
  te::BufHandle a("a", {n}, te::kFloat);
  te::BufHandle o("o", {n}, te::kFloat), g("g", {n}, te::kFloat), s("s", {n}, te::kFloat),
      r("r", {n}, te::kInt);
  te::VarHandle i("i", te::kInt);
  const te::Dtype vf(te::kFloat, lanes);
  te::ExprHandle contiguous = te::Ramp::make(i * te::IntImm::make(lanes), te::IntImm::make(1), lanes);
  te::ExprHandle strided = te::Ramp::make(i, te::IntImm::make(n / lanes), lanes);
  te::ExprHandle va = te::Load::make(vf, a, {contiguous});
  te::ExprHandle zero = te::Broadcast::make(te::FloatImm::make(0.f), lanes);
  te::StmtPtr body = te::Block::make({
      te::Store::make(o, {contiguous},
                      te::CompareSelect::make(va, zero, va, zero, te::kGT) *
                              te::Broadcast::make(te::FloatImm::make(2.f), lanes) +
                          te::Cast::make(vf, contiguous) +
                          te::Intrinsics::make(te::kExp, va) +
                          te::Intrinsics::make(te::kTanh, va)),
      te::Store::make(g, {contiguous}, te::Load::make(vf, a, {strided})),
      te::Store::make(s, {strided}, va),
      te::Store::make(r, {contiguous}, te::Cast::make(te::Dtype(te::kInt, lanes), va * te::Broadcast::make(te::FloatImm::make(10.f), lanes))),
  });
  te::StmtPtr stmt = te::For::make(i, 0, n / lanes, body);
  std::vector<float> av;
  for (int k = 0; k < n; ++k) av.push_back(std::sin(k * 0.37f) * 3);
  compareWithEvaluator("vector_lanes", stmt, {a, o, g, s, r},
                       {bytes(av), std::vector<char>(n * 4), std::vector<char>(n * 4),
                        std::vector<char>(n * 4), std::vector<char>(n * 4)},
                       1e-6);
}

void buffersAndScalars() {
  // Symbolic size n (int64 passed by pointer), malloc'ed temporaries with expression dims,
  // and a placement-allocated alias. SimpleIREval lacks PlacementAllocate: check by hand.
  runCase("ir allocate_placement_scalar", [] {
    te::VarHandle n("n", te::kLong);
    te::BufHandle a("a", {n}, te::kFloat), o("o", {n}, te::kFloat), o2("o2", {n}, te::kFloat);
    te::BufHandle tmp("tmp", {n * te::LongImm::make(2)}, te::kFloat);
    te::BufHandle alias("alias", {n}, te::kFloat);
    te::VarHandle i("i", te::kLong);
    auto loop = [&](te::StmtPtr body) { return te::For::make(i, te::LongImm::make(0), n, body); };
    te::StmtPtr stmt = te::Block::make({
        te::Allocate::make(tmp),
        loop(te::Store::make(tmp, {i + n}, a.load(i) * te::FloatImm::make(2.f))),
        loop(te::Store::make(o, {i}, tmp.load(i + n) + te::FloatImm::make(1.f))),
        te::PlacementAllocate::make(alias, tmp),
        loop(te::Store::make(alias, {i}, o.load(i) * te::FloatImm::make(3.f))),
        loop(te::Store::make(o2, {i}, alias.load(i) + tmp.load(i + n))),
        te::Free::make(tmp),
    });
    CompiledKernel k = compileKernel({stmt, {n, a, o, o2}, "ir_alloc"});
    for (int64_t size : {1, 5, 1000}) {
      std::vector<float> in(size), out(size), out2(size);
      for (int64_t j = 0; j < size; ++j) in[j] = j * 0.5f - 3;
      void* args[] = {&size, in.data(), out.data(), out2.data()};
      expect(k.jit->entry()(args) == 0, "non-zero return");
      for (int64_t j = 0; j < size; ++j) {
        const float want = in[j] * 2 + 1;
        expect(out[j] == want, "o at " + std::to_string(j));
        expect(out2[j] == want * 3 + in[j] * 2, "o2 at " + std::to_string(j));
      }
    }
  });

  // A bool buffer is one byte per element holding 0/1, and so is a bool scalar argument.
  // libtorch 1.13's SimpleIREvaluator has no bitwise ops on bool: check by hand.
  runCase("ir bool_buffers", [] {
    const int n = 16;
    te::VarHandle flag("flag", te::kBool);
    te::BufHandle a("a", {n}, te::kBool), b("b", {n}, te::kFloat), o("o", {n}, te::kBool),
        f("f", {n}, te::kFloat), c("c", {n}, te::kBool);
    te::VarHandle i("i", te::kInt);
    te::StmtPtr stmt = te::For::make(
        i, 0, n,
        te::Block::make({
            te::Store::make(o, {i}, (a.load(i) ^ flag) | te::Cast::make(te::kBool, b.load(i))),
            te::Store::make(f, {i}, te::Cast::make(te::kFloat, a.load(i)) + b.load(i)),
            te::Store::make(c, {i}, te::CompareSelect::make(b.load(i), te::FloatImm::make(1.f),
                                                            te::BoolImm::make(true),
                                                            te::BoolImm::make(false), te::kGT)),
        }));
    CompiledKernel k = compileKernel({stmt, {flag, a, b, o, f, c}, "ir_bool"});
    for (uint8_t flagValue : {0, 1}) {
      std::vector<uint8_t> av(n), ov(n, 9), cv(n, 9);
      std::vector<float> bv(n), fv(n);
      for (int j = 0; j < n; ++j) {
        av[j] = j % 3 == 0;
        bv[j] = j % 4 == 0 ? 0.f : (j % 4 == 1 ? -0.f : j * 0.25f);
      }
      void* args[] = {&flagValue, av.data(), bv.data(), ov.data(), fv.data(), cv.data()};
      k.jit->entry()(args);
      for (int j = 0; j < n; ++j) {
        expect(ov[j] == ((av[j] ^ flagValue) | (bv[j] != 0.f)), "o at " + std::to_string(j));
        expect(fv[j] == av[j] + bv[j], "f at " + std::to_string(j));
        expect(cv[j] == (bv[j] > 1.f), "c at " + std::to_string(j));
      }
    }
  });

  // A 0-d buffer (a select's result) is one element, read and written with no indices.
  runCase("ir zero_dim_buffers", [] {
    const int n = 8;
    te::BufHandle s("s", {}, te::kFloat), a("a", {n}, te::kFloat), t("t", {}, te::kFloat),
        o("o", {n}, te::kFloat);
    te::VarHandle i("i", te::kInt);
    te::StmtPtr stmt = te::Block::make({
        te::Store::make(t, {}, s.load(std::vector<te::ExprHandle>{}) * 2.f),
        te::For::make(i, 0, n, te::Store::make(o, {i}, a.load(i) + t.load(std::vector<te::ExprHandle>{}))),
    });
    CompiledKernel k = compileKernel({stmt, {s, a, t, o}, "ir_zero_dim"});
    float sv = 1.5f, tv = 0.f;
    std::vector<float> av(n), ov(n, -1.f);
    for (int j = 0; j < n; ++j) av[j] = static_cast<float>(j);
    void* args[] = {&sv, av.data(), &tv, ov.data()};
    k.jit->entry()(args);
    expect(tv == 3.f, "t");
    for (int j = 0; j < n; ++j) expect(ov[j] == av[j] + 3.f, "o at " + std::to_string(j));
  });

  // A long loop of math functions runs four vectors at a time (codegen/loop_interleave.h):
  // four vector loads of `a` per trip of the vectorised loop, not one; results unchanged.
  runCase("ir interleaved_math_loop", [] {
    const int n = 1000;
    te::BufHandle a("a", {n}, te::kFloat), o("o", {n}, te::kFloat);
    te::VarHandle i("i", te::kInt);
    te::StmtPtr stmt = te::For::make(
        i, 0, n, te::Store::make(o, {i}, te::tanh(a.load(i)) * te::exp(a.load(i) * 0.5f)));
    CompiledKernel k = compileKernel({stmt, {a, o}, "ir_interleaved"});
    const std::string lanes = cpuHasFlag({"avx512f"}) ? "16" : cpuHasFlag({"avx2"}) ? "8" : "4";
    const std::string load = "load <" + lanes + " x float>";
    size_t loads = 0;
    for (size_t at = k.assembly.find(load); at != std::string::npos; at = k.assembly.find(load, at + 1)) ++loads;
    expect(loads >= 4, "expected 4 interleaved vector loads, found " + std::to_string(loads));
    std::vector<float> av(n), ov(n);
    for (int j = 0; j < n; ++j) av[j] = std::sin(0.37f * j) * 3.f;
    void* args[] = {av.data(), ov.data()};
    k.jit->entry()(args);
    for (int j = 0; j < n; ++j) {
      const float want = std::tanh(av[j]) * std::exp(av[j] * 0.5f);
      expect(std::abs(ov[j] - want) <= 1e-5f * std::max(1.f, std::abs(want)), "o at " + std::to_string(j));
    }
  });

  // Which loops get the hint: innermost, a math function per iteration, long enough.
  runCase("ir interleave_policy", [] {
    te::BufHandle a("a", {4096}, te::kFloat), o("o", {4096}, te::kFloat);
    te::VarHandle i("i", te::kInt), j("j", te::kInt), m("m", te::kInt);
    auto loop = [&](const te::VarHandle& v, te::ExprHandle stop, te::ExprHandle value) {
      return te::For::make(v, 0, stop, te::Store::make(o, {v}, value));
    };
    expect(codegen::interleaveCount(loop(i, 1024, te::exp(a.load(i)))) == 4, "long exp loop");
    expect(codegen::interleaveCount(loop(i, m, te::exp(a.load(i)))) == 4, "exp loop of unknown length");
    expect(codegen::interleaveCount(loop(i, 64, te::exp(a.load(i)))) == 0, "short exp loop");
    expect(codegen::interleaveCount(loop(i, 1024, a.load(i) + 1.f)) == 0, "cheap loop (LLVM decides)");
    te::ForPtr outer = te::For::make(j, 0, 4, loop(i, 1024, te::exp(a.load(i))));
    expect(codegen::interleaveCount(outer) == 0, "outer loop");
  });

  // With SLEEF off, transcendental calls stay scalar libm calls.
  runCase("ir sleef_off", [] {
    te::BufHandle a("a", {64}, te::kFloat), o("o", {64}, te::kFloat);
    te::VarHandle i("i", te::kInt);
    te::StmtPtr stmt = te::For::make(
        i, 0, 64, te::Store::make(o, {i}, te::Intrinsics::make(te::kErfc, a.load(i))));
    codegen::TargetSpec spec;
    spec.sleefVectorMath = false;
    const std::string off = codegen::generateKernelAssembly({stmt, {a, o}, "ir_sleef_off"}, spec);
    expect(off.find("Sleef_") == std::string::npos, "SLEEF used although disabled");
    const std::string on =
        codegen::generateKernelAssembly({stmt, {a, o}, "ir_sleef_on"}, codegen::TargetSpec{});
    expect(on.find("Sleef_erfcf") != std::string::npos, "SLEEF not used");
  });
}

void expectUnsupported(const std::string& name, const te::StmtPtr& stmt,
                       const std::vector<BufferArg>& args, const std::string& mention) {
  runCase("unsupported " + name, [&] {
    try {
      codegen::generateKernelAssembly({stmt, args, "bad_" + name}, codegen::TargetSpec{});
    } catch (const std::runtime_error& e) {
      const std::string msg = e.what();
      expect(msg.find("aot codegen: unsupported") == 0 && msg.find(mention) != std::string::npos,
             "unexpected message: " + msg);
      return;
    }
    throw std::runtime_error("no error");
  });
}

void unsupportedConstructs() {
  te::BufHandle h("h", {4}, te::kHalf), f("f", {4}, te::kFloat);
  te::VarHandle i("i", te::kInt);
  expectUnsupported("half", te::For::make(i, 0, 4, te::Store::make(f, {i}, te::Cast::make(te::kFloat, h.load(i)))),
                    {h, f}, "Half");
  expectUnsupported("rand", te::For::make(i, 0, 4, te::Store::make(f, {i}, te::Intrinsics::make(te::kRand, te::kFloat))),
                    {f}, "rand");
  te::StmtPtr gpu = te::For::make(i, 0, 4, te::Store::make(f, {i}, te::FloatImm::make(1.f)));
  te::to<te::For>(gpu)->set_gpu_block_index(0);
  expectUnsupported("gpu_axis", gpu, {f}, "GPU");
  expectUnsupported("sync_threads", te::Block::make({te::alloc<te::SyncThreads>()}), {f}, "SyncThreads");
  te::BufHandle out("out", {1}, te::kFloat);
  expectUnsupported(
      "external_call_with_alloc",
      te::ExternalCallWithAlloc::make("nnc_aten_matmul", {out}, {f, f}, {}), {f}, "ExternalCallWithAlloc");
}

}  // namespace

// Integer divisions by tensor data: a zero divisor is reported (the run's error) instead of
// trapping, the other lanes are still right, INT_MIN / -1 wraps instead of trapping; a
// division in index arithmetic (by a size) is left unchecked.
void checkedIntegerDivision() {
  runCase("checked integer division", [] {
    const int n = 6;
    te::BufHandle a("a", {n}, te::kLong), b("b", {n}, te::kLong), o("o", {2 * n}, te::kLong);
    te::VarHandle i("i", te::kLong);
    te::StmtPtr stmt = te::For::make(i, te::LongImm::make(0), te::LongImm::make(n), te::Block::make({
        te::Store::make(o, {i}, a.load(i) / b.load(i)),
        te::Store::make(o, {i + te::LongImm::make(n)}, a.load(i) % b.load(i)),
    }));
    CompiledKernel k = compileKernel({stmt, {a, b, o}, "checked_division"});
    const int64_t min = std::numeric_limits<int64_t>::min();
    std::vector<int64_t> av = {7, -7, min, min, 9, 5}, bv = {2, 2, -1, 1, 0, -3}, out(2 * n);
    void* args[] = {av.data(), bv.data(), out.data()};
    runtime::takeExternalCallError();
    k.jit->entry()(args);
    const std::string error = runtime::takeExternalCallError();
    expect(error.find("integer division by zero") != std::string::npos,
           "no division-by-zero report: '" + error + "'");
    const std::vector<int64_t> quotients = {3, -3, min, min}, remainders = {1, -1, 0, 0};
    for (size_t j = 0; j < quotients.size(); ++j) {
      expect(out[j] == quotients[j] && out[n + j] == remainders[j],
             "wrong result at " + std::to_string(j));
    }
    expect(out[5] == -1 && out[n + 5] == 2, "the lane after the zero divisor is wrong");

    te::VarHandle size("size", te::kLong);
    te::StmtPtr indexing = te::For::make(i, te::LongImm::make(0), te::LongImm::make(n),
        te::Store::make(o, {i}, a.load(i / size)));
    CompiledKernel unchecked = compileKernel({indexing, {a, o, size}, "index_division"});
    expect(unchecked.assembly.find("aotc_integer_division_by_zero") == std::string::npos,
           "a division by a size is checked");
  });
}

// An external call's array arguments (sizes, strides, extra arguments) are private constants
// when all are known at compile time, so a static-shape kernel stores nothing per call; with a
// size passed at run time they are filled on the stack. Both run the same layer.
void externalCallArrays() {
  runCase("ir external_call_arrays", [] {
    const int64_t k = 3, n = 2;
    te::VarHandle rows("rows", te::kLong);
    for (bool dynamic : {false, true}) {
      const te::ExprHandle m = dynamic ? te::ExprHandle(rows) : te::ExprHandle(int64_t{4});
      te::BufHandle x("x", {m, k}, te::kFloat), w("w", {n, k}, te::kFloat),
          y("y", {m, n}, te::kFloat);
      std::vector<te::ExprHandle> extra{int64_t{0}, int64_t{1}, 0.0, 0.0, int64_t{0}};  // ReLU
      te::StmtPtr stmt = te::ExternalCall::make(y, runtime::kDnnlLinearFunction, {x, w}, extra);
      std::vector<BufferArg> args{x, w, y};
      if (dynamic) args.insert(args.begin(), rows);
      CompiledKernel kernel = compileKernel({stmt, args, dynamic ? "ir_extern_dyn" : "ir_extern"});
      const bool constantDims =
          kernel.assembly.find("aotc_dnnl_linear.dims.const") != std::string::npos;
      expect(constantDims != dynamic,
             dynamic ? "run-time sizes in a constant" : "sizes stored per call");
      int64_t rowCount = 4;
      std::vector<float> xv(rowCount * k), wv{1, -2, 0.5f, -1, 0.25f, 2}, yv(rowCount * n, -9.f);
      for (size_t j = 0; j < xv.size(); ++j) xv[j] = 0.5f * static_cast<float>(j) - 2.f;
      std::vector<void*> pointers{xv.data(), wv.data(), yv.data()};
      if (dynamic) pointers.insert(pointers.begin(), &rowCount);
      expect(kernel.jit->entry()(pointers.data()) == 0, "non-zero return");
      for (int64_t r = 0; r < rowCount; ++r) {
        for (int64_t c = 0; c < n; ++c) {
          float want = 0;
          for (int64_t i = 0; i < k; ++i) want += xv[r * k + i] * wv[c * k + i];
          expect(std::abs(yv[r * n + c] - std::max(want, 0.f)) <= 1e-5f,
                 "y at " + std::to_string(r) + "," + std::to_string(c));
        }
      }
    }
  });
}

void runIrTests() {
  integerOps();
  checkedIntegerDivision();
  floatIntrinsics();
  casts();
  controlFlow();
  vectors();
  buffersAndScalars();
  externalCallArrays();
  unsupportedConstructs();
}

}  // namespace aotc::test
