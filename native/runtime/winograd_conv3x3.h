// Winograd's minimal filtering F(4x4, 3x3) for 3x3 stride-1 convolutions, for CPUs where
// oneDNN has no Winograd kernel (its own are AVX-512 only, so AVX2 machines ran every 3x3
// convolution as a direct one). Each 4x4 block of outputs (a tile) is A^T [U . V] A, where
// V = B^T d B transforms the tile's 6x6 input patch d and U = G g G^T the 3x3 kernel g: summed
// over input channels, the 36 elementwise products are 36 independent matrix products
// (tiles x input channels times input channels x output channels), one batched oneDNN matmul.
// That is 36 multiply-adds per 16 outputs and channel pair instead of 144; the transforms are
// vectorized over 8 channels. Bias, the activations and a residual add are fused into the
// output transform.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/fused_activation.h"

namespace aotc::runtime {

struct WinogradGeometry {
  int64_t batch = 1, inChannels = 0, outChannels = 0;
  int64_t inHeight = 0, inWidth = 0, outHeight = 0, outWidth = 0;
  int64_t padTop = 0, padLeft = 0;
};

// conv + bias, then `pre`, then + residual (when run is given one), then `post`.
struct WinogradEpilogue {
  FusedActivation pre = FusedActivation::kNone;
  float preLow = 0, preHigh = 0;
  FusedActivation post = FusedActivation::kNone;
  float postLow = 0, postHigh = 0;
};

// Whether F(4x4, 3x3) outruns oneDNN's direct AVX2 kernel for this convolution (channels in
// whole vectors, planes large enough for its tiles to fill; see the .cpp for the measurements).
bool winogradConvolutionPays(const WinogradGeometry& geometry);

// Which build of the transforms runs: AVX2 with FMA where the CPU has them (else the
// baseline), or the baseline (SSE2) everywhere, so that tests reach it on any CPU.
enum class WinogradInstructions { kBestOfHost, kBaseline };

class WinogradConvolution {
 public:
  static constexpr const char* kImplementation = "aotc_winograd_4x4_3x3";

  // weights: [outChannels, inChannels, 3, 3] contiguous; bias: [outChannels] or null. Both are
  // read here only (the transformed weights are a copy). Throws std::invalid_argument for
  // channel counts that are not multiples of 8, and dnnl::error when oneDNN has only its
  // reference implementation for the products on this CPU.
  WinogradConvolution(const WinogradGeometry& geometry, const float* weights, const float* bias,
                      const WinogradEpilogue& epilogue,
                      WinogradInstructions instructions = WinogradInstructions::kBestOfHost);
  ~WinogradConvolution();

  // input [N, H, W, C], output and residual [N, OH, OW, OC], all dense channels-last; residual
  // may be null. Safe to call from several threads at once.
  void run(const float* input, float* output, const float* residual) const;

  // Ours, the transforms' build and the matmul's oneDNN implementation:
  // "aotc_winograd_4x4_3x3:avx2+gemm:jit".
  std::string implementation() const;

 private:
  struct Prepared;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace aotc::runtime
