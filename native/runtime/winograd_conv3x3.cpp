#include "runtime/winograd_conv3x3.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <ATen/Parallel.h>

#include "runtime/dnnl_context.h"
#include "runtime/reused_bindings.h"

namespace aotc::runtime {
namespace {

using dnnl::memory;

constexpr int kLanes = 8;                    // channels per vector
constexpr int kTile = 4;                     // outputs per tile side
constexpr int kPatch = kTile + 3 - 1;        // inputs per tile side
constexpr int kPoints = kPatch * kPatch;     // products per tile and channel pair
constexpr int64_t kTilesPerTask = 4;         // parallel grain of the transforms
// Tiles transformed, multiplied and transformed back at a time: a whole resnet layer at
// 224x224 (at most 196 tiles), while a large image's scratch memory stays bounded
// (36 x 256 x channels floats for each side of the product, 2.4 MB at 64 channels) instead of
// growing with its area.
constexpr int64_t kTilesPerBlock = 256;

// Eight floats as one value (GCC's and Clang's vector extension): one AVX register in the
// AVX2 builds of the transforms below, two SSE registers in the baseline ones. Everything
// taking or returning it is always inlined into those builds, so that it compiles for their
// instruction set (and no call passes a vector: hence no -Wpsabi concern; vectors are taken by
// reference all the same, which keeps GCC's note about their parameter ABI quiet).
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));
#pragma GCC diagnostic ignored "-Wpsabi"
#define AOTC_VECTOR_HELPER inline __attribute__((always_inline))

AOTC_VECTOR_HELPER Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

AOTC_VECTOR_HELPER void store(float* p, const Vec& v) { std::memcpy(p, &v, sizeof v); }

AOTC_VECTOR_HELPER Vec broadcast(float value) { return Vec{} + value; }

// V = B^T d B, one dimension at a time: B^T applied to six values S apart, results T apart.
template <int S, int T>
AOTC_VECTOR_HELPER void inputTransform(const Vec* d, Vec* r) {
  const Vec d0 = d[0], d1 = d[S], d2 = d[2 * S], d3 = d[3 * S], d4 = d[4 * S], d5 = d[5 * S];
  r[0] = 4.f * d0 - 5.f * d2 + d4;
  r[T] = (d3 + d4) - 4.f * (d1 + d2);
  r[2 * T] = (d4 - d3) + 4.f * (d1 - d2);
  r[3 * T] = (d4 - d2) + 2.f * (d3 - d1);
  r[4 * T] = (d4 - d2) - 2.f * (d3 - d1);
  r[5 * T] = 4.f * d1 - 5.f * d3 + d5;
}

// Y = A^T M A, one dimension at a time: A^T applied to six values S apart, four results T apart.
template <int S, int T>
AOTC_VECTOR_HELPER void outputTransform(const Vec* m, Vec* o) {
  const Vec sum12 = m[S] + m[2 * S], difference12 = m[S] - m[2 * S];
  const Vec sum34 = m[3 * S] + m[4 * S], difference34 = m[3 * S] - m[4 * S];
  o[0] = m[0] + sum12 + sum34;
  o[T] = difference12 + 2.f * difference34;
  o[2 * T] = sum12 + 4.f * sum34;
  o[3 * T] = difference12 + 8.f * difference34 + m[5 * S];
}

// As PyTorch's relu and clamp: NaN passes through (a comparison with NaN is false).
AOTC_VECTOR_HELPER Vec activate(const Vec& value, FusedActivation kind, float low, float high) {
  Vec v = value;
  switch (kind) {
    case FusedActivation::kNone: return v;
    case FusedActivation::kRelu: {
      const Vec zero{};
      return v < zero ? zero : v;
    }
    case FusedActivation::kClamp: {
      const Vec lowest = broadcast(low), highest = broadcast(high);
      v = v < lowest ? lowest : v;
      return v > highest ? highest : v;
    }
    case FusedActivation::kSilu:
    case FusedActivation::kSigmoid:
    case FusedActivation::kHardswish:
    case FusedActivation::kHardsigmoid:
    case FusedActivation::kGeluErf:
    case FusedActivation::kGeluTanh:
      break;  // refused by the constructor
  }
  return v;
}

// Where the tiles are: tile t covers outputs [4 ty, 4 ty + 4) x [4 tx, 4 tx + 4) of image n,
// t = (n * tilesH + ty) * tilesW + tx; the last row and column of tiles may hang over the edge.
struct TileGrid {
  int64_t tilesH, tilesW;
  int64_t n(int64_t tile) const { return tile / (tilesH * tilesW); }
  int64_t row(int64_t tile) const { return tile / tilesW % tilesH; }
  int64_t column(int64_t tile) const { return tile % tilesW; }
};

struct InputTransformArgs {
  const float* input;  // [N, H, W, C]
  float* transformed;  // [tiles of the block, 36, C]
  int64_t blockStart;  // the block's first tile
  int64_t channels, height, width, padTop, padLeft;
  TileGrid grid;
};

// The input patches of tiles [first, last), transformed (zeros outside the input: padding).
AOTC_VECTOR_HELPER void transformInputTiles(const InputTransformArgs& a, int64_t first,
                                            int64_t last) {
  Vec d[kPoints], t[kPoints], v[kPoints];
  for (int64_t tile = first; tile < last; ++tile) {
    const int64_t n = a.grid.n(tile);
    const int64_t y0 = a.grid.row(tile) * kTile - a.padTop;
    const int64_t x0 = a.grid.column(tile) * kTile - a.padLeft;
    // Offsets of the patch's pixels in the input, -1 for those outside it.
    std::array<int64_t, kPoints> offsets;
    for (int i = 0; i < kPatch; ++i) {
      for (int j = 0; j < kPatch; ++j) {
        const int64_t y = y0 + i, x = x0 + j;
        const bool inside = y >= 0 && y < a.height && x >= 0 && x < a.width;
        offsets[i * kPatch + j] = inside ? ((n * a.height + y) * a.width + x) * a.channels : -1;
      }
    }
    float* out = a.transformed + (tile - a.blockStart) * kPoints * a.channels;
    for (int64_t c = 0; c < a.channels; c += kLanes) {
      for (int p = 0; p < kPoints; ++p) {
        d[p] = offsets[p] >= 0 ? load(a.input + offsets[p] + c) : Vec{};
      }
      for (int j = 0; j < kPatch; ++j) inputTransform<kPatch, kPatch>(d + j, t + j);
      for (int i = 0; i < kPatch; ++i) inputTransform<1, 1>(t + i * kPatch, v + i * kPatch);
      for (int p = 0; p < kPoints; ++p) store(out + p * a.channels + c, v[p]);
    }
  }
}

struct OutputTransformArgs {
  const float* products;  // [tiles of the block, 36, OC]
  int64_t blockStart;     // the block's first tile
  const float* bias;      // [OC] (zeros when the convolution has none)
  const float* residual;  // [N, OH, OW, OC] or null
  float* output;          // [N, OH, OW, OC]
  int64_t channels, outHeight, outWidth;
  TileGrid grid;
  WinogradEpilogue epilogue;
};

// The outputs of tiles [first, last): transformed back, then bias, activations and residual.
AOTC_VECTOR_HELPER void transformOutputTiles(const OutputTransformArgs& a, int64_t first,
                                             int64_t last) {
  const WinogradEpilogue& e = a.epilogue;
  Vec m[kPoints], t[kTile * kPatch], o[kTile * kTile];
  for (int64_t tile = first; tile < last; ++tile) {
    const int64_t n = a.grid.n(tile);
    const int64_t y0 = a.grid.row(tile) * kTile, x0 = a.grid.column(tile) * kTile;
    const int rows = static_cast<int>(std::min<int64_t>(kTile, a.outHeight - y0));
    const int columns = static_cast<int>(std::min<int64_t>(kTile, a.outWidth - x0));
    const float* in = a.products + (tile - a.blockStart) * kPoints * a.channels;
    for (int64_t c = 0; c < a.channels; c += kLanes) {
      for (int p = 0; p < kPoints; ++p) m[p] = load(in + p * a.channels + c);
      for (int j = 0; j < kPatch; ++j) outputTransform<kPatch, kPatch>(m + j, t + j);
      for (int i = 0; i < kTile; ++i) outputTransform<1, 1>(t + i * kPatch, o + i * kTile);
      const Vec bias = load(a.bias + c);
      for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < columns; ++j) {
          const int64_t pixel = (n * a.outHeight + y0 + i) * a.outWidth + x0 + j;
          const int64_t offset = pixel * a.channels + c;
          Vec r = activate(o[i * kTile + j] + bias, e.pre, e.preLow, e.preHigh);
          if (a.residual) r += load(a.residual + offset);
          store(a.output + offset, activate(r, e.post, e.postLow, e.postHigh));
        }
      }
    }
  }
}

// The transforms built for AVX2 with FMA, and for the baseline; chosen by the CPU at run time
// (GCC's target_clones would not do: its "arch=haswell" clone tests the CPU model, not its
// features, and is never taken on AMD's).
__attribute__((target("avx2,fma"))) void transformInputTilesAvx2(const InputTransformArgs& a,
                                                                  int64_t first, int64_t last) {
  transformInputTiles(a, first, last);
}
void transformInputTilesBaseline(const InputTransformArgs& a, int64_t first, int64_t last) {
  transformInputTiles(a, first, last);
}
__attribute__((target("avx2,fma"))) void transformOutputTilesAvx2(const OutputTransformArgs& a,
                                                                   int64_t first, int64_t last) {
  transformOutputTiles(a, first, last);
}
void transformOutputTilesBaseline(const OutputTransformArgs& a, int64_t first, int64_t last) {
  transformOutputTiles(a, first, last);
}

bool hostHasAvx2Fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

// U = G g G^T for every output and input channel, in double, as [36, IC, OC]: the matmul's
// weights, point by point.
std::vector<float> transformWeights(const float* weights, int64_t outChannels,
                                    int64_t inChannels) {
  static constexpr double G[kPatch][3] = {
      {1.0 / 4, 0, 0},
      {-1.0 / 6, -1.0 / 6, -1.0 / 6},
      {-1.0 / 6, 1.0 / 6, -1.0 / 6},
      {1.0 / 24, 1.0 / 12, 1.0 / 6},
      {1.0 / 24, -1.0 / 12, 1.0 / 6},
      {0, 0, 1},
  };
  std::vector<float> transformed(static_cast<size_t>(kPoints * inChannels * outChannels));
  for (int64_t o = 0; o < outChannels; ++o) {
    for (int64_t i = 0; i < inChannels; ++i) {
      const float* g = weights + (o * inChannels + i) * 9;
      double gt[kPatch][3];  // G g
      for (int r = 0; r < kPatch; ++r) {
        for (int k = 0; k < 3; ++k) {
          gt[r][k] = G[r][0] * g[k] + G[r][1] * g[3 + k] + G[r][2] * g[6 + k];
        }
      }
      for (int r = 0; r < kPatch; ++r) {
        for (int s = 0; s < kPatch; ++s) {
          const double u = gt[r][0] * G[s][0] + gt[r][1] * G[s][1] + gt[r][2] * G[s][2];
          const int64_t at = ((r * kPatch + s) * inChannels + i) * outChannels + o;
          transformed[static_cast<size_t>(at)] = static_cast<float>(u);
        }
      }
    }
  }
  return transformed;
}

int64_t tilesAlong(int64_t outputs) { return (outputs + kTile - 1) / kTile; }

// The matmul's memory objects, re-pointed on each run (reused_bindings.h).
struct ProductBindings {
  memory transformed, products, scratchpad;
  std::unordered_map<int, memory> args;
};

}  // namespace

// Measured on an AVX2 CPU (AMD EPYC, 2 cores), resnet18 with its 3x3 stride-1 convolutions
// done by this rather than by oneDNN's direct kernel, interleaved runs, p10: 30.4 vs 48.3 ms at
// 1 thread, 19.1 vs 30.6 ms at 2. Adding the 7x7 planes (layer 4: 512 channels, whose tiles
// hang over the edge and whose transformed weights are 4x the size) made it slower: 32.4 vs
// 29.5 ms at 1 thread, 24.5 vs 24.1 at 2 (two interleaved pairs each); they stay direct.
bool winogradConvolutionPays(const WinogradGeometry& g) {
  constexpr int64_t kMinPlane = 14 * 14;
  return g.inChannels % kLanes == 0 && g.outChannels % kLanes == 0 &&
         g.outHeight * g.outWidth >= kMinPlane;
}

struct WinogradConvolution::Prepared {
  WinogradGeometry geometry;
  WinogradEpilogue epilogue;
  bool avx2;  // the AVX2 build of the transforms, else the baseline
  TileGrid grid;
  int64_t tiles, blockTiles;
  std::vector<float> bias;
  memory::desc transformedDesc, productsDesc, scratchpadDesc;
  dnnl::matmul matmul;
  PreparedWeights weights;
  std::string implementation;
  std::unique_ptr<ReusedBindings<ProductBindings>> bindings;
};

WinogradConvolution::WinogradConvolution(const WinogradGeometry& geometry, const float* weights,
                                         const float* bias, const WinogradEpilogue& epilogue,
                                         WinogradInstructions instructions)
    : prepared_(std::make_unique<Prepared>()) {
  if (geometry.inChannels % kLanes != 0 || geometry.outChannels % kLanes != 0) {
    throw std::invalid_argument("Winograd convolution: channel counts must be multiples of " +
                                std::to_string(kLanes));
  }
  if (!isNoneReluOrClamp(epilogue.pre) || !isNoneReluOrClamp(epilogue.post)) {
    throw std::invalid_argument("Winograd convolution: fuses relu and clamp only");
  }
  Prepared& p = *prepared_;
  p.geometry = geometry;
  p.epilogue = epilogue;
  p.avx2 = instructions == WinogradInstructions::kBestOfHost && hostHasAvx2Fma();
  p.grid = {tilesAlong(geometry.outHeight), tilesAlong(geometry.outWidth)};
  p.tiles = geometry.batch * p.grid.tilesH * p.grid.tilesW;
  p.blockTiles = std::min(p.tiles, kTilesPerBlock);
  p.bias.assign(static_cast<size_t>(geometry.outChannels), 0.f);
  if (bias) std::copy(bias, bias + geometry.outChannels, p.bias.begin());

  // 36 products [block tiles, IC] x [IC, OC], reading and writing the transforms'
  // [block tiles, 36, C]. A last, partial block multiplies the previous block's rows past its
  // end too (the rows of a product are independent): its output transform skips them.
  const int64_t ic = geometry.inChannels, oc = geometry.outChannels;
  constexpr auto kF32 = memory::data_type::f32;
  p.transformedDesc = memory::desc({kPoints, p.blockTiles, ic}, kF32, {ic, kPoints * ic, 1});
  p.productsDesc = memory::desc({kPoints, p.blockTiles, oc}, kF32, {oc, kPoints * oc, 1});
  const memory::desc plainWeights({kPoints, ic, oc}, kF32, memory::format_tag::abc);
  dnnl::matmul::desc desc(p.transformedDesc,
                          memory::desc({kPoints, ic, oc}, kF32, memory::format_tag::any),
                          p.productsDesc);
  dnnl::matmul::primitive_desc pd(desc, primitiveAttributes({}), cpuEngine());
  if (std::string(pd.impl_info_str()).rfind("ref", 0) == 0) {
    // oneDNN's reference loops would make this far slower than the direct convolution.
    throw dnnl::error(dnnl_unimplemented, "no optimized matmul for Winograd's products");
  }
  p.implementation = std::string(kImplementation) + (p.avx2 ? ":avx2" : ":baseline") + "+" +
                     pd.impl_info_str();
  p.matmul = dnnl::matmul(pd);
  p.scratchpadDesc = pd.scratchpad_desc();
  std::vector<float> transformed = transformWeights(weights, oc, ic);
  p.weights = reorderedCopy(plainWeights, transformed.data(), pd.weights_desc());
  p.bindings = std::make_unique<ReusedBindings<ProductBindings>>([&p] {
    ProductBindings bound;
    bound.transformed = memory(p.transformedDesc, cpuEngine(), nullptr);
    bound.products = memory(p.productsDesc, cpuEngine(), nullptr);
    bound.scratchpad = memory(p.scratchpadDesc, cpuEngine(), nullptr);
    bound.args = {{DNNL_ARG_SRC, bound.transformed},
                  {DNNL_ARG_WEIGHTS, p.weights.memory},
                  {DNNL_ARG_DST, bound.products},
                  {DNNL_ARG_SCRATCHPAD, bound.scratchpad}};
    return bound;
  });
}

WinogradConvolution::~WinogradConvolution() = default;

std::string WinogradConvolution::implementation() const { return prepared_->implementation; }

void WinogradConvolution::run(const float* input, float* output, const float* residual) const {
  const Prepared& p = *prepared_;
  const WinogradGeometry& g = p.geometry;
  auto* transformed =
      static_cast<float*>(threadScratch(p.transformedDesc.get_size(), ScratchSlot::kInput));
  auto* products =
      static_cast<float*>(threadScratch(p.productsDesc.get_size(), ScratchSlot::kOutput));

  const bool avx2 = p.avx2;
  for (int64_t block = 0; block < p.tiles; block += p.blockTiles) {
    const int64_t blockEnd = std::min(block + p.blockTiles, p.tiles);
    const InputTransformArgs in{input, transformed, block, g.inChannels, g.inHeight,
                                g.inWidth, g.padTop, g.padLeft, p.grid};
    at::parallel_for(block, blockEnd, kTilesPerTask, [&](int64_t first, int64_t last) {
      avx2 ? transformInputTilesAvx2(in, first, last)
           : transformInputTilesBaseline(in, first, last);
    });
    p.bindings->with([&](ProductBindings& bound) {
      bound.transformed.set_data_handle(transformed);
      bound.products.set_data_handle(products);
      bound.scratchpad.set_data_handle(
          threadScratch(p.scratchpadDesc.get_size(), ScratchSlot::kPrimitive));
      dnnl::stream& stream = threadStream();
      p.matmul.execute(stream, bound.args);
      stream.wait();
    });
    const OutputTransformArgs out{products, block, p.bias.data(), residual, output,
                                  g.outChannels, g.outHeight, g.outWidth, p.grid, p.epilogue};
    at::parallel_for(block, blockEnd, kTilesPerTask, [&](int64_t first, int64_t last) {
      avx2 ? transformOutputTilesAvx2(out, first, last)
           : transformOutputTilesBaseline(out, first, last);
    });
  }
}

}  // namespace aotc::runtime
