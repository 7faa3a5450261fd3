// The runtime's convolution (aotc_dnnl_conv2d, NNC's external-call convention) against a
// double-precision reference: the 3x3 stride-1 convolutions done by Winograd's algorithm
// (oneDNN's on AVX-512, ours elsewhere: a residual-block shape with the sum and activations
// fused, one with a clamp, and ours on partial tiles, other paddings, two images and more
// than one block of tiles), NCHW
// buffers (oneDNN's Winograd on AVX-512, the direct kernel elsewhere), our Winograd's baseline
// build of its transforms (which only CPUs without AVX2 would run otherwise), medium precision
// (bfloat16, but not for depthwise convolutions), a plane too small for Winograd (the direct
// kernel), and a grouped, strided convolution.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/dnnl_context.h"
#include "runtime/dnnl_conv2d.h"
#include "runtime/matmul_precision.h"
#include "runtime/external_call_error.h"
#include "runtime/winograd_conv3x3.h"
#include "test_support.h"

namespace aotc::test {
namespace {

using runtime::FusedActivation;

// A 4-d float buffer: sizes [N, C, H, W] and the strides of a channels-last or NCHW layout.
struct Buffer4d {
  std::vector<int64_t> sizes, strides;
  std::vector<float> data;

  Buffer4d(std::vector<int64_t> shape, bool channelsLast, float seed) : sizes(std::move(shape)) {
    const int64_t n = sizes[0], c = sizes[1], h = sizes[2], w = sizes[3];
    strides = channelsLast ? std::vector<int64_t>{h * w * c, 1, w * c, c}
                           : std::vector<int64_t>{c * h * w, h * w, w, 1};
    data.resize(n * c * h * w);
    for (size_t i = 0; i < data.size(); ++i) {
      data[i] = static_cast<float>(((i * 37 + 11) % 29)) / 29.0f - 0.5f + seed;
    }
  }

  float& at(int64_t n, int64_t c, int64_t h, int64_t w) {
    return data[n * strides[0] + c * strides[1] + h * strides[2] + w * strides[3]];
  }
};

struct Convolution {
  int64_t stride = 1, pad = 1, groups = 1;
  runtime::MatmulPrecision precision = runtime::MatmulPrecision::kHighest;
  FusedActivation pre = FusedActivation::kNone, post = FusedActivation::kNone;
  double preLow = 0, preHigh = 0;    // the pre clamp's bounds
  double postLow = 0, postHigh = 0;  // the post clamp's bounds
};

int64_t bits(double value) {
  int64_t out;
  std::memcpy(&out, &value, sizeof out);
  return out;
}

double activate(FusedActivation kind, double value, double low, double high) {
  switch (kind) {
    case FusedActivation::kNone: return value;
    case FusedActivation::kRelu: return value < 0 ? 0 : value;
    case FusedActivation::kClamp: return std::fmin(std::fmax(value, low), high);
    case FusedActivation::kSilu: return value / (1 + std::exp(-value));
    case FusedActivation::kSigmoid: return 1 / (1 + std::exp(-value));
    case FusedActivation::kHardswish: return value * std::fmin(std::fmax(value + 3, 0.0), 6.0) / 6;
    case FusedActivation::kHardsigmoid: return std::fmin(std::fmax(value + 3, 0.0), 6.0) / 6;
    case FusedActivation::kGeluErf: return value * (1 + std::erf(value / std::sqrt(2.0))) / 2;
    case FusedActivation::kGeluTanh:
      return value / 2 *
             (1 + std::tanh(std::sqrt(2 / M_PI) * (value + 0.044715 * value * value * value)));
  }
  throw std::invalid_argument("unknown activation");
}

// Calls aotc_dnnl_conv2d the way a generated kernel does; returns its recorded error.
std::string call(Buffer4d& out, Buffer4d& in, Buffer4d& weight, std::vector<float>& bias,
                 Buffer4d* residual, const Convolution& conv) {
  std::vector<void*> data{out.data.data(), in.data.data(), weight.data.data(), bias.data()};
  std::vector<int64_t> ranks{4, 4, 4, 1}, dims, strides;
  for (Buffer4d* buffer : {&out, &in, &weight}) {
    dims.insert(dims.end(), buffer->sizes.begin(), buffer->sizes.end());
    strides.insert(strides.end(), buffer->strides.begin(), buffer->strides.end());
  }
  dims.push_back(static_cast<int64_t>(bias.size()));
  strides.push_back(1);
  if (residual) {
    data.push_back(residual->data.data());
    ranks.push_back(4);
    dims.insert(dims.end(), residual->sizes.begin(), residual->sizes.end());
    strides.insert(strides.end(), residual->strides.begin(), residual->strides.end());
  }
  std::vector<int8_t> dtypes(data.size(), 6);  // float32
  int64_t args[runtime::kDnnlConv2dArgCount] = {};
  args[runtime::kStrideH] = args[runtime::kStrideW] = conv.stride;
  args[runtime::kPadH] = args[runtime::kPadW] = conv.pad;
  args[runtime::kDilationH] = args[runtime::kDilationW] = 1;
  args[runtime::kGroups] = conv.groups;
  args[runtime::kHasBias] = 1;
  args[runtime::kHasResidual] = residual != nullptr;
  args[runtime::kPreActivation] = static_cast<int64_t>(conv.pre);
  args[runtime::kPreLow] = bits(conv.preLow);
  args[runtime::kPreHigh] = bits(conv.preHigh);
  args[runtime::kPostActivation] = static_cast<int64_t>(conv.post);
  args[runtime::kPostLow] = bits(conv.postLow);
  args[runtime::kPostHigh] = bits(conv.postHigh);
  args[runtime::kConvPrecision] = static_cast<int64_t>(conv.precision);
  runtime::takeExternalCallError();
  aotc_dnnl_conv2d(static_cast<int64_t>(data.size()), data.data(), ranks.data(), dims.data(),
                   strides.data(), dtypes.data(), runtime::kDnnlConv2dArgCount, args);
  return runtime::takeExternalCallError();
}

// Every output element against a double-precision sum, within `tolerance` of the magnitude
// of the terms it adds (float32: rounding of a few hundred products, with room for Winograd's
// transforms; a wrong tap or channel is off by the size of a term). Returns the largest
// error found, as a share of that magnitude.
double expectConvolution(Buffer4d& out, Buffer4d& in, Buffer4d& weight,
                         const std::vector<float>& bias, Buffer4d* residual,
                         const Convolution& conv, double tolerance = kFloat32SumTolerance) {
  double worst = 0;
  const int64_t oc = out.sizes[1], icPerGroup = weight.sizes[1], kh = weight.sizes[2],
                kw = weight.sizes[3], ocPerGroup = oc / conv.groups;
  for (int64_t n = 0; n < out.sizes[0]; ++n) {
    for (int64_t o = 0; o < oc; ++o) {
      for (int64_t y = 0; y < out.sizes[2]; ++y) {
        for (int64_t x = 0; x < out.sizes[3]; ++x) {
          double sum = bias[o], magnitude = std::fabs(bias[o]);
          for (int64_t i = 0; i < icPerGroup; ++i) {
            const int64_t c = o / ocPerGroup * icPerGroup + i;
            for (int64_t dy = 0; dy < kh; ++dy) {
              for (int64_t dx = 0; dx < kw; ++dx) {
                const int64_t iy = y * conv.stride - conv.pad + dy, ix = x * conv.stride - conv.pad + dx;
                if (iy < 0 || ix < 0 || iy >= in.sizes[2] || ix >= in.sizes[3]) continue;
                const double term = static_cast<double>(weight.at(o, i, dy, dx)) * in.at(n, c, iy, ix);
                sum += term;
                magnitude += std::fabs(term);
              }
            }
          }
          double want = activate(conv.pre, sum, conv.preLow, conv.preHigh);
          if (residual) {
            want += residual->at(n, o, y, x);
            magnitude += std::fabs(residual->at(n, o, y, x));
          }
          want = activate(conv.post, want, conv.postLow, conv.postHigh);
          const float got = out.at(n, o, y, x);
          const double error = std::fabs(got - want) / (magnitude + 1e-3);
          worst = std::max(worst, error);
          if (!(error <= tolerance)) {
            throw std::runtime_error("output [" + std::to_string(n) + "," + std::to_string(o) +
                                     "," + std::to_string(y) + "," + std::to_string(x) +
                                     "] is " + std::to_string(got) + ", expected " +
                                     std::to_string(want));
          }
        }
      }
    }
  }
  return worst;
}

// oneDNN has Winograd kernels only for AVX-512 CPUs; elsewhere the direct kernel is right.
bool hostHasWinograd() {
  static const bool has = cpuHasFlag({"avx512f"});
  return has;
}

bool usesWinograd(const Buffer4d& weight) {
  auto names = runtime::convolutionImplementations(weight.data.data());
  expect(!names.empty(), "no convolution was prepared for these weights");
  for (const auto& name : names) {
    if (name.find("wino") == std::string::npos) return false;
  }
  return true;
}

bool usesOurWinograd(const Buffer4d& weight) {
  auto names = runtime::convolutionImplementations(weight.data.data());
  return names.size() == 1 &&
         names[0].rfind(runtime::WinogradConvolution::kImplementation, 0) == 0;
}

std::vector<float> biasOf(int64_t channels) {
  std::vector<float> bias(channels);
  for (int64_t c = 0; c < channels; ++c) bias[c] = 0.01f * static_cast<float>(c % 7) - 0.03f;
  return bias;
}

}  // namespace

void runConv2dTests() {
  runCase("dnnl conv2d: a residual block's 3x3 convolution, by Winograd (sum, ReLU fused)", [] {
    Buffer4d in({1, 32, 16, 16}, true, 0.f), weight({32, 32, 3, 3}, false, 0.f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d residual({1, 32, 16, 16}, true, 0.25f), out({1, 32, 16, 16}, true, 0.f);
    std::vector<float> bias = biasOf(32);
    Convolution conv;
    conv.post = FusedActivation::kRelu;
    expect(call(out, in, weight, bias, &residual, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, &residual, conv);
    expect(usesWinograd(weight), "expected Winograd's algorithm on a 16x16 plane");
  });

  runCase("dnnl conv2d: NCHW buffers and ReLU, by Winograd on AVX-512", [] {
    Buffer4d in({2, 16, 15, 14}, false, 0.1f), weight({48, 16, 3, 3}, false, -0.05f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d out({2, 48, 15, 14}, false, 0.f);
    std::vector<float> bias = biasOf(48);
    Convolution conv;
    conv.pre = FusedActivation::kRelu;
    conv.postLow = 0.05;
    conv.postHigh = 0.6;
    expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, nullptr, conv);
    expect(usesWinograd(weight) == hostHasWinograd(), "expected Winograd's algorithm on a 15x14 plane (AVX-512 only)");
  });

  // oneDNN's Winograd kernel takes a ReLU but not a clamp; ours takes both.
  runCase("dnnl conv2d: a 3x3 convolution with a fused clamp (ReLU6), by our Winograd", [] {
    Buffer4d in({1, 16, 14, 14}, true, 0.2f), weight({16, 16, 3, 3}, false, 0.f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d out({1, 16, 14, 14}, true, 0.f);
    std::vector<float> bias = biasOf(16);
    Convolution conv;
    conv.post = FusedActivation::kClamp;
    conv.postLow = 0.0;
    conv.postHigh = 0.3;
    expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, nullptr, conv);
    expect(usesOurWinograd(weight), "expected our Winograd convolution for a fused clamp");
  });

  // EfficientNet's SiLU, its squeeze-excitation's sigmoid, MobileNetV3's hardswish and
  // hardsigmoid, GELU (both forms), as oneDNN post-ops; our Winograd epilogue applies only
  // comparisons, so the direct kernel runs.
  runCase("dnnl conv2d: silu, sigmoid, hardswish, hardsigmoid, gelu fused by a residual add", [] {
    const std::pair<FusedActivation, FusedActivation> pairs[] = {
        {FusedActivation::kSilu, FusedActivation::kNone},
        {FusedActivation::kSigmoid, FusedActivation::kHardswish},
        {FusedActivation::kNone, FusedActivation::kSilu},
        {FusedActivation::kHardsigmoid, FusedActivation::kHardsigmoid},
        {FusedActivation::kGeluErf, FusedActivation::kGeluTanh},
        {FusedActivation::kGeluTanh, FusedActivation::kGeluErf}};
    for (const auto& [pre, post] : pairs) {
      Buffer4d in({1, 16, 14, 14}, true, 0.2f), weight({16, 16, 3, 3}, false, 0.f);
      ForgetPrimitives forget(weight.data.data());
      Buffer4d out({1, 16, 14, 14}, true, 0.f), residual({1, 16, 14, 14}, true, -0.5f);
      std::vector<float> bias = biasOf(16);
      Convolution conv;
      conv.pre = pre;
      conv.post = post;
      expect(call(out, in, weight, bias, &residual, conv).empty(), "unexpected error");
      expectConvolution(out, in, weight, bias, &residual, conv);
      expect(!usesOurWinograd(weight), "our Winograd cannot apply these activations");
    }
  });

  // Planes that are not whole tiles of 4x4 (the last tiles hang over the edge), no padding and
  // a padding of 2 (the output larger than the input), two images, channels in one vector (8)
  // or three, more tiles than one block, a clamp before the residual add and a ReLU after it.
  // On AVX-512, oneDNN's Winograd takes channels in blocks of 16 only: these are ours there too.
  runCase("dnnl conv2d: our Winograd on partial tiles, paddings 0-2, two images, blocks", [] {
    struct Shape {
      int64_t batch, in, out, height, width, pad;
    };
    // (The last: 2 x 13 x 11 tiles, more than one block of 256, the second one partial.)
    for (const Shape& s : {Shape{2, 8, 24, 17, 15, 1}, Shape{1, 24, 8, 20, 18, 0},
                           Shape{1, 8, 8, 13, 14, 2}, Shape{2, 8, 16, 50, 42, 1}}) {
      const std::string name = std::to_string(s.batch) + "x" + std::to_string(s.in) + "x" +
                               std::to_string(s.height) + "x" + std::to_string(s.width) +
                               " pad " + std::to_string(s.pad);
      Buffer4d in({s.batch, s.in, s.height, s.width}, true, 0.1f);
      Buffer4d weight({s.out, s.in, 3, 3}, false, -0.05f);
      ForgetPrimitives forget(weight.data.data());
      const int64_t oh = s.height + 2 * s.pad - 2, ow = s.width + 2 * s.pad - 2;
      Buffer4d residual({s.batch, s.out, oh, ow}, true, -0.1f);
      Buffer4d out({s.batch, s.out, oh, ow}, true, 0.f);
      std::vector<float> bias = biasOf(s.out);
      Convolution conv;
      conv.pad = s.pad;
      conv.pre = FusedActivation::kClamp;
      conv.preLow = -0.2;
      conv.preHigh = 0.3;
      conv.post = FusedActivation::kRelu;
      expect(call(out, in, weight, bias, &residual, conv).empty(), "unexpected error, " + name);
      expectConvolution(out, in, weight, bias, &residual, conv);
      expect(usesOurWinograd(weight), "expected our Winograd convolution, " + name);
    }
  });

  // The transforms' baseline build runs only on CPUs without AVX2 unless asked for.
  runCase("winograd conv3x3: baseline and host builds of the transforms match the reference", [] {
    Buffer4d in({1, 16, 18, 17}, true, 0.1f), weight({24, 16, 3, 3}, false, -0.05f);
    Buffer4d residual({1, 24, 18, 17}, true, -0.1f);
    std::vector<float> bias = biasOf(24);
    runtime::WinogradGeometry geometry;
    geometry.inChannels = 16;
    geometry.outChannels = 24;
    geometry.inHeight = geometry.outHeight = 18;
    geometry.inWidth = geometry.outWidth = 17;
    geometry.padTop = geometry.padLeft = 1;
    runtime::WinogradEpilogue epilogue;
    epilogue.post = FusedActivation::kRelu;
    Convolution conv;
    conv.post = FusedActivation::kRelu;
    for (auto instructions : {runtime::WinogradInstructions::kBaseline,
                              runtime::WinogradInstructions::kBestOfHost}) {
      runtime::WinogradConvolution winograd(geometry, weight.data.data(), bias.data(), epilogue,
                                            instructions);
      const bool baseline = instructions == runtime::WinogradInstructions::kBaseline;
      expect((winograd.implementation().find(":baseline+") != std::string::npos) == baseline,
             "unexpected build: " + winograd.implementation());
      expect(winograd.implementation().find("+ref") == std::string::npos,
             "the products run oneDNN's reference loops: " + winograd.implementation());
      Buffer4d out({1, 24, 18, 17}, true, 0.f);
      winograd.run(in.data.data(), out.data.data(), residual.data.data());
      expectConvolution(out, in, weight, bias, &residual, conv);
    }
  });

  runCase("dnnl conv2d: medium precision takes a bfloat16 kernel where the CPU has one", [] {
    Buffer4d in({1, 32, 16, 16}, true, 0.f), weight({32, 32, 3, 3}, false, 0.1f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d residual({1, 32, 16, 16}, true, 0.25f), out({1, 32, 16, 16}, true, 0.f);
    std::vector<float> bias = biasOf(32);
    Convolution conv;
    conv.post = FusedActivation::kRelu;
    conv.precision = runtime::MatmulPrecision::kMedium;
    expect(call(out, in, weight, bias, &residual, conv).empty(), "unexpected error");
    const double worst = expectConvolution(out, in, weight, bias, &residual, conv, kBf16SumTolerance);
    const auto names = runtime::convolutionImplementations(weight.data.data());
    expect(names.size() == 1, "expected one prepared convolution");
    if (cpuHasNativeBf16()) {
      expect(runtime::nativeBf16Implementation(names[0]), "not a native bfloat16 kernel: " + names[0]);
      expect(worst > kFloat32SumTolerance, "the result is float32-exact: bfloat16 was not used");
    } else {
      expect(worst <= kFloat32SumTolerance, "no native bfloat16 here, yet the result is not float32");
    }
  });

  // Grouped: 4 groups of 8 channels, a reduction of 72 (long enough for the matrix units);
  // depthwise: a reduction of 9.
  runCase("dnnl conv2d: medium precision leaves grouped and depthwise convolutions in float32", [] {
    for (int64_t groups : {4, 32}) {
      Buffer4d in({1, 32, 12, 12}, true, 0.f), weight({32, 32 / groups, 3, 3}, false, 0.1f);
      ForgetPrimitives forget(weight.data.data());
      Buffer4d out({1, 32, 12, 12}, true, 0.f);
      std::vector<float> bias = biasOf(32);
      Convolution conv;
      conv.groups = groups;
      conv.precision = runtime::MatmulPrecision::kMedium;
      expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
      expectConvolution(out, in, weight, bias, nullptr, conv);
      const auto names = runtime::convolutionImplementations(weight.data.data());
      expect(names.size() == 1 && !runtime::nativeBf16Implementation(names[0]),
             "a bfloat16 kernel for " + std::to_string(groups) + " groups: " + names[0]);
    }
  });

  // 3x3 over 64 channels: a reduction of 576, each input feeding 2 * 32 * 9 multiply-adds.
  runCase("dnnl conv2d: high precision splits the input into bfloat16 parts (NHWC and NCHW)", [] {
    for (bool channelsLast : {true, false}) {
      Buffer4d in({1, 64, 10, 10}, channelsLast, 0.f), weight({32, 64, 3, 3}, false, 0.1f);
      ForgetPrimitives forget(weight.data.data());
      Buffer4d residual({1, 32, 10, 10}, channelsLast, 0.25f), out({1, 32, 10, 10}, channelsLast, 0.f);
      std::vector<float> bias = biasOf(32);
      Convolution conv;
      conv.post = FusedActivation::kRelu;
      conv.precision = runtime::MatmulPrecision::kHigh;
      const std::string layout = channelsLast ? "NHWC" : "NCHW";
      expect(call(out, in, weight, bias, &residual, conv).empty(), "unexpected error, " + layout);
      const double worst =
          expectConvolution(out, in, weight, bias, &residual, conv, kHighSumTolerance);
      expect(worst < kBf16SumTolerance / 64, "no better than medium precision, " + layout);
      const auto names = runtime::convolutionImplementations(weight.data.data());
      expect(names.size() == 1 && runtime::matrixUnitImplementation(names[0]) == cpuHasMatrixUnits(),
             "an AMX kernel iff the CPU has one, " + layout);
    }
  });

  runCase("dnnl conv2d: high precision keeps a 1x1 convolution over few channels in float32", [] {
    Buffer4d in({1, 64, 10, 10}, true, 0.f), weight({32, 64, 1, 1}, false, 0.1f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d out({1, 32, 10, 10}, true, 0.f);
    std::vector<float> bias = biasOf(32);
    Convolution conv;
    conv.pad = 0;
    conv.precision = runtime::MatmulPrecision::kHigh;
    expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, nullptr, conv);
    const auto names = runtime::convolutionImplementations(weight.data.data());
    expect(names.size() == 1 && !runtime::nativeBf16Implementation(names[0]),
           "a bfloat16 kernel for a 1x1 convolution over 64 channels");
  });

  runCase("dnnl conv2d: a 7x7 plane takes the direct kernel", [] {
    Buffer4d in({1, 64, 7, 7}, true, 0.f), weight({64, 64, 3, 3}, false, 0.f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d out({1, 64, 7, 7}, true, 0.f);
    std::vector<float> bias = biasOf(64);
    Convolution conv;
    expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, nullptr, conv);
    expect(!usesWinograd(weight), "Winograd was chosen for a 7x7 plane");
  });

  runCase("dnnl conv2d: grouped and strided convolutions take the direct kernel", [] {
    Buffer4d in({1, 32, 20, 20}, true, 0.f), weight({32, 8, 3, 3}, false, 0.f);
    ForgetPrimitives forget(weight.data.data());
    Buffer4d out({1, 32, 10, 10}, true, 0.f);
    std::vector<float> bias = biasOf(32);
    Convolution conv;
    conv.stride = 2;
    conv.groups = 4;
    expect(call(out, in, weight, bias, nullptr, conv).empty(), "unexpected error");
    expectConvolution(out, in, weight, bias, nullptr, conv);
    expect(!usesWinograd(weight), "Winograd was chosen for a grouped, strided convolution");
  });
}

}  // namespace aotc::test
