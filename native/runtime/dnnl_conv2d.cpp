#include "runtime/dnnl_conv2d.h"

#include <array>
#include <optional>
#include <stdexcept>
#include <string>

#include <ATen/Parallel.h>

#include "runtime/bf16_split.h"
#include "runtime/dnnl_bf16_parts.h"
#include "runtime/dnnl_context.h"
#include "runtime/external_call_error.h"
#include "runtime/matmul_precision.h"
#include "runtime/reused_bindings.h"
#include "runtime/winograd_conv3x3.h"

namespace aotc::runtime {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

// What identifies one prepared convolution: the weight buffer (a compiled function's
// parameter: stable while it lives), the call's arguments, the layouts of its buffers, and
// the thread count (oneDNN fixes a primitive's parallel decomposition when it is made).
struct Key {
  const void* weights;
  int threads;
  std::array<int64_t, kDnnlConv2dArgCount> args;
  Dims inputSizes, inputStrides, outputSizes, outputStrides, residualStrides;

  bool operator==(const Key& other) const {
    return weights == other.weights && threads == other.threads && args == other.args &&
           inputSizes == other.inputSizes &&
           inputStrides == other.inputStrides && outputSizes == other.outputSizes &&
           outputStrides == other.outputStrides && residualStrides == other.residualStrides;
  }
};

struct KeyHash {
  size_t operator()(const Key& key) const {
    size_t h = std::hash<const void*>()(key.weights);
    hashCombine(h, key.threads);
    for (int64_t v : key.args) hashCombine(h, v);
    for (const Dims* dims : {&key.inputSizes, &key.inputStrides, &key.outputSizes,
                             &key.outputStrides, &key.residualStrides}) {
      hashCombine(h, *dims);
    }
    return h;
  }
};

bool threeByThreeStrideOne(const int64_t* args, const memory::dims& weightDims) {
  return args[kGroups] == 1 && weightDims[2] == 3 && weightDims[3] == 3 &&
         args[kStrideH] == 1 && args[kStrideW] == 1 && args[kDilationH] == 1 &&
         args[kDilationW] == 1;
}

// Winograd F(2x2, 3x3) (oneDNN's jit_fp32_wino_2x3) does a 3x3 stride-1 convolution in fewer
// multiplications than the direct kernel, at the price of transforms and of reordering
// activations into and out of its blocked layout. Measured here (AVX-512, 1 and 2 threads,
// reorders included) against the direct NHWC kernel: 1.2-1.6x faster on planes of 14x14 and
// more with 64-256 channels, 0.8-1.06x on 7x7 planes. Its error stays within float32's
// rounding of the direct result (dnnl_conv2d tests).
bool winogradPays(const int64_t* args, const memory::dims& weightDims, const memory::dims& out) {
  constexpr int64_t kMinPlane = 14 * 14;
  constexpr int64_t kChannelBlock = 16;  // the blocked layout's channel block
  return threeByThreeStrideOne(args, weightDims) && weightDims[0] % kChannelBlock == 0 &&
         weightDims[1] % kChannelBlock == 0 && out[2] * out[3] >= kMinPlane;
}

// The strides of dense channels-last (NHWC) data of [N, C, H, W] `sizes`.
Dims channelsLastStrides(const Dims& sizes) {
  Dims strides = sizes;
  strides[1] = 1;
  strides[3] = sizes[1];
  strides[2] = sizes[1] * sizes[3];
  strides[0] = sizes[1] * sizes[2] * sizes[3];
  return strides;
}

// Whether [N, C, H, W] `sizes` are laid out by `strides` as dense channels-last (NHWC); a
// single image's batch stride does not matter.
bool denseChannelsLast(const Dims& sizes, const Dims& strides) {
  if (sizes.size() != 4 || strides.size() != 4) return false;
  const Dims dense = channelsLastStrides(sizes);
  return strides[1] == dense[1] && strides[2] == dense[2] && strides[3] == dense[3] &&
         (sizes[0] == 1 || strides[0] == dense[0]);
}

// Our own Winograd convolution (winograd_conv3x3.h), where oneDNN has none for this CPU: for a
// 3x3 stride-1 convolution over dense NHWC buffers whose shape pays for it.
std::optional<WinogradGeometry> ownWinogradGeometry(const Key& key,
                                                    const memory::dims& weightDims) {
  const int64_t* args = key.args.data();
  if (!threeByThreeStrideOne(args, weightDims) ||
      !isNoneReluOrClamp(static_cast<FusedActivation>(args[kPreActivation])) ||
      !isNoneReluOrClamp(static_cast<FusedActivation>(args[kPostActivation])) ||
      !denseChannelsLast(key.inputSizes, key.inputStrides) ||
      !denseChannelsLast(key.outputSizes, key.outputStrides) ||
      (args[kHasResidual] && !denseChannelsLast(key.outputSizes, key.residualStrides))) {
    return std::nullopt;
  }
  WinogradGeometry g;
  g.batch = key.inputSizes[0];
  g.inChannels = key.inputSizes[1];
  g.inHeight = key.inputSizes[2];
  g.inWidth = key.inputSizes[3];
  g.outChannels = key.outputSizes[1];
  g.outHeight = key.outputSizes[2];
  g.outWidth = key.outputSizes[3];
  g.padTop = args[kPadH];
  g.padLeft = args[kPadW];
  if (!winogradConvolutionPays(g)) return std::nullopt;
  return g;
}

WinogradEpilogue winogradEpilogue(const int64_t* args) {
  WinogradEpilogue e;
  e.pre = static_cast<FusedActivation>(args[kPreActivation]);
  e.preLow = static_cast<float>(doubleFromBits(args[kPreLow]));
  e.preHigh = static_cast<float>(doubleFromBits(args[kPreHigh]));
  e.post = static_cast<FusedActivation>(args[kPostActivation]);
  e.postLow = static_cast<float>(doubleFromBits(args[kPostLow]));
  e.postHigh = static_cast<float>(doubleFromBits(args[kPostHigh]));
  return e;
}

// Medium and high precision: where bfloat16 kernels (AMX) pay for converting each input to
// bfloat16 (for high precision, into three parts: also splitPartsPay).
// Not for grouped (depthwise) convolutions, which have no channel reduction for the matrix
// units to do (mobilenet_v2 here: 4.8 ms with them in bfloat16, 3.9-4.0 ms without, 5.6 ms
// all float32), nor for reductions shorter than one AMX tile row (32 bfloat16 pairs).
bool bf16Pays(const int64_t* args, const memory::dims& weightDims) {
  constexpr int64_t kTileReduction = 32;
  return args[kGroups] == 1 && weightDims[1] * weightDims[2] * weightDims[3] >= kTileReduction;
}

// High precision: where three bfloat16 products (AMX) on the input's parts pay for splitting
// the input on every run: long reductions (512 or more input values per output: resnet's 3x3
// kernels) each of whose inputs feeds 512 or more multiply-adds. Measured at 1 thread: resnet18
// 20 vs 25-31 ms with all its convolutions split; mobilenet_v2 14.5 vs 9.7 ms: its 1x1
// kernels reduce over 16-960 channels, often on 7x7 and 14x14 planes, where the split and the
// matrix units' poorly filled tiles cost more than they save (3.5-4x slower per convolution).
bool splitPartsPayForConvolution(const int64_t* args, const memory::dims& weightDims,
                                 const memory::dims& out) {
  constexpr int64_t kMinReduction = 512;
  constexpr int64_t kMinFlopsPerInput = 512;
  const int64_t reduction = weightDims[1] * weightDims[2] * weightDims[3];
  const int64_t flopsPerInput = 2 * weightDims[0] * weightDims[2] * weightDims[3] /
                                (args[kStrideH] * args[kStrideW]);
  return reduction >= kMinReduction && flopsPerInput >= kMinFlopsPerInput &&
         splitPartsPay(out[0] * out[2] * out[3], out[1]);
}

// What a run points at its buffers: the kernel's input and output (and residual), what the
// convolution reads and writes (those, or scratch memory in its own layout), its scratchpad,
// and the argument maps of the convolution and of the reorders around it.
struct ConvolutionBindings {
  memory src, dst, residual, convSrc, convDst, scratchpad;
  std::unordered_map<int, memory> conv, inputReorder, residualReorder, outputReorder;
};

// A convolution ready to run: the primitive, the weights in its layout, and the reorders
// between the kernel's buffers and the layout the convolution reads and writes.
class PreparedConvolution {
 public:
  PreparedConvolution(const Key& key, const BufferView& weights, const BufferView* bias) {
    const int64_t* args = key.args.data();
    const memory::dims in = key.inputSizes.toDnnl();
    const memory::dims out = key.outputSizes.toDnnl();
    int64_t groups = args[kGroups];
    memory::dims weightDims = weights.sizes.toDnnl();  // [OC, IC/g, KH, KW]
    memory::dims groupedDims = weightDims;
    Tag weightTag = Tag::oihw;
    if (groups > 1) {
      groupedDims = {groups, weightDims[0] / groups, weightDims[1], weightDims[2], weightDims[3]};
      weightTag = Tag::goihw;
    }
    memory::desc biasDesc = bias ? memory::desc({out[1]}, kF32, Tag::a) : memory::desc();
    memory::dims strides{args[kStrideH], args[kStrideW]};
    memory::dims dilations{args[kDilationH] - 1, args[kDilationW] - 1};
    memory::dims padding{args[kPadH], args[kPadW]};
    dnnl::post_ops ops;
    appendActivation(ops, args[kPreActivation], args[kPreLow], args[kPreHigh]);
    if (args[kHasResidual]) ops.append_sum(1.0f);
    appendActivation(ops, args[kPostActivation], args[kPostLow], args[kPostHigh]);
    // The input and weights in `operands` (float32, or bfloat16 for medium and high precision),
    // with `parts` times the input channels (3 for high precision's parts, bf16_split.h); the
    // output, bias and sums stay float32.
    auto describe = [&](dnnl::algorithm algorithm, Tag activationLayout,
                        memory::data_type operands, int64_t parts = 1) {
      memory::dims partsIn = in, partsWeights = groupedDims;
      partsIn[1] *= parts;
      partsWeights[groupedDims.size() - 3] *= parts;  // [(G,) OC, IC, KH, KW]
      dnnl::convolution_forward::desc desc(
          dnnl::prop_kind::forward_inference, algorithm,
          memory::desc(partsIn, operands, activationLayout),
          memory::desc(partsWeights, operands, Tag::any), biasDesc,
          memory::desc(out, kF32, activationLayout), strides, dilations, padding, padding);
      return dnnl::convolution_forward::primitive_desc(desc, primitiveAttributes(ops),
                                                       cpuEngine());
    };
    std::optional<dnnl::convolution_forward::primitive_desc> chosen;
    const MatmulPrecision precision = matmulPrecisionFromArg(args[kConvPrecision]);
    const bool partsPay = splitPartsPayForConvolution(args, weightDims, out);
    if ((precision == MatmulPrecision::kMedium ||
         (precision == MatmulPrecision::kHigh && partsPay)) &&
        bf16Pays(args, weightDims)) {
      // bfloat16 kernels outrun Winograd's float32 one by far where they are native.
      const int64_t parts = precision == MatmulPrecision::kHigh ? 3 : 1;
      chosen = nativeBf16Descriptor(
          [&](memory::data_type bf16) {
            return describe(dnnl::algorithm::convolution_direct, Tag::nhwc, bf16, parts);
          },
          /*matrixUnits=*/parts == 3);
      splitParts_ = chosen && parts == 3;
    }
    if (!chosen && winogradPays(args, weightDims, out)) {
      try {
        // Winograd's kernels read and write a blocked layout of their choosing.
        chosen = describe(dnnl::algorithm::convolution_winograd, Tag::any, kF32);
      } catch (const dnnl::error&) {
        // Not for this convolution on this CPU (or these post-ops): the direct kernel instead.
      }
    }
    if (!chosen) {
      // oneDNN has no Winograd kernel for this CPU (AVX2): ours, where it applies.
      if (auto geometry = ownWinogradGeometry(key, weightDims)) {
        try {
          winograd_ = std::make_unique<WinogradConvolution>(
              *geometry, static_cast<const float*>(weights.data),
              bias ? static_cast<const float*>(bias->data) : nullptr, winogradEpilogue(args));
          implementation_ = winograd_->implementation();
          return;
        } catch (const dnnl::error&) {
          // No matmul for its products on this CPU: the direct kernel instead.
        }
      }
    }
    if (!chosen) chosen = describe(dnnl::algorithm::convolution_direct, Tag::nhwc, kF32);
    const auto& pd = *chosen;
    convInput_ = pd.src_desc();
    convOutput_ = pd.dst_desc();
    implementation_ = pd.impl_info_str();
    conv_ = dnnl::convolution_forward(pd);
    scratchpad_ = pd.scratchpad_desc();

    // The weights, once, into the layout the chosen implementation reads (for high precision
    // split along their input channels: groups is 1 there).
    weights_ = splitParts_
                   ? splitWeights(weights.data, weightDims, 1, pd.weights_desc())
                   : reorderedCopy({groupedDims, kF32, weightTag}, weights.data, pd.weights_desc());
    if (bias) bias_ = memory(biasDesc, cpuEngine(), bias->data);

    inputDesc_ = memory::desc(in, kF32, key.inputStrides.toDnnl());
    if (splitParts_) prepareInputSplit(key, in);
    outputDesc_ = memory::desc(out, kF32, key.outputStrides.toDnnl());
    auto reorderBetween = [](const memory::desc& from, const memory::desc& to) {
      return dnnl::reorder({from, cpuEngine()}, {to, cpuEngine()});
    };
    if (!splitParts_ && inputDesc_ != convInput_) {
      inputReorder_ = reorderBetween(inputDesc_, convInput_);
    }
    if (outputDesc_ != convOutput_) outputReorder_ = reorderBetween(convOutput_, outputDesc_);
    if (args[kHasResidual]) {
      residualDesc_ = memory::desc(out, kF32, key.residualStrides.toDnnl());
      residualReorder_ = reorderBetween(residualDesc_, convOutput_);
    }
    bindings_ =
        std::make_unique<ReusedBindings<ConvolutionBindings>>([this] { return makeBindings(); });
  }

  void run(const BufferView& input, const BufferView& output, const BufferView* residual) const {
    if (winograd_) {
      winograd_->run(static_cast<const float*>(input.data), static_cast<float*>(output.data),
                     residual ? static_cast<const float*>(residual->data) : nullptr);
      return;
    }
    bindings_->with([&](ConvolutionBindings& bound) {
      dnnl::stream& stream = threadStream();
      bound.src.set_data_handle(input.data);
      bound.dst.set_data_handle(output.data);
      // Buffers in another layout than the convolution's go through scratch memory.
      if (splitParts_) splitInput(input, bound, stream);
      if (inputReorder_) {
        bound.convSrc.set_data_handle(threadScratch(convInput_.get_size(), ScratchSlot::kInput));
        inputReorder_.execute(stream, bound.inputReorder);
      }
      if (outputReorder_) {
        bound.convDst.set_data_handle(
            threadScratch(convOutput_.get_size(), ScratchSlot::kOutput));
      }
      if (residual) {
        // The sum post-op adds what the destination holds.
        bound.residual.set_data_handle(residual->data);
        residualReorder_.execute(stream, bound.residualReorder);
      }
      bound.scratchpad.set_data_handle(
          threadScratch(scratchpad_.get_size(), ScratchSlot::kPrimitive));
      conv_.execute(stream, bound.conv);
      if (outputReorder_) outputReorder_.execute(stream, bound.outputReorder);
      stream.wait();
    });
  }

  const std::string& implementation() const { return implementation_; }

 private:
  // High precision: the input is split into bfloat16 parts along its channels, into NHWC with
  // three times the channels; an input in another layout is first reordered to float32 NHWC,
  // so that the split reads and writes whole rows of channels.
  void prepareInputSplit(const Key& key, const memory::dims& in) {
    const Dims channelsLast = channelsLastStrides(key.inputSizes);
    splitSizes_ = key.inputSizes;
    splitFromStrides_ = channelsLast;
    splitToStrides_ = tripledLike(key.inputSizes, channelsLast, 1);
    const memory::desc nhwcInput(in, kF32, channelsLast.toDnnl());
    if (inputDesc_ != nhwcInput) {
      toChannelsLast_ = dnnl::reorder({inputDesc_, cpuEngine()}, {nhwcInput, cpuEngine()});
      channelsLastInput_ = nhwcInput;
    }
  }

  void splitInput(const BufferView& input, ConvolutionBindings& bound, dnnl::stream& stream) const {
    const void* from = input.data;
    if (toChannelsLast_) {
      void* reordered = threadScratch(channelsLastInput_.get_size(), ScratchSlot::kSecondInput);
      memory to(channelsLastInput_, cpuEngine(), reordered);
      toChannelsLast_.execute(stream, bound.src, to);
      from = reordered;
    }
    auto* parts = static_cast<uint16_t*>(threadScratch(convInput_.get_size(), ScratchSlot::kInput));
    splitOperand(static_cast<const float*>(from), splitSizes_, splitFromStrides_, 1, parts,
                 splitToStrides_, SplitOrder::kHighHighLow);
    bound.convSrc.set_data_handle(parts);
  }

  ConvolutionBindings makeBindings() const {
    dnnl::engine& engine = cpuEngine();
    ConvolutionBindings bound;
    bound.src = memory(inputDesc_, engine, nullptr);
    bound.dst = memory(outputDesc_, engine, nullptr);
    bound.convSrc =
        inputReorder_ || splitParts_ ? memory(convInput_, engine, nullptr) : bound.src;
    bound.convDst = outputReorder_ ? memory(convOutput_, engine, nullptr) : bound.dst;
    bound.scratchpad = memory(scratchpad_, engine, nullptr);
    bound.conv = {{DNNL_ARG_SRC, bound.convSrc}, {DNNL_ARG_WEIGHTS, weights_.memory},
                  {DNNL_ARG_DST, bound.convDst}, {DNNL_ARG_SCRATCHPAD, bound.scratchpad}};
    if (bias_) bound.conv.emplace(DNNL_ARG_BIAS, bias_);
    if (inputReorder_) {
      bound.inputReorder = {{DNNL_ARG_FROM, bound.src}, {DNNL_ARG_TO, bound.convSrc}};
    }
    if (outputReorder_) {
      bound.outputReorder = {{DNNL_ARG_FROM, bound.convDst}, {DNNL_ARG_TO, bound.dst}};
    }
    if (residualReorder_) {
      bound.residual = memory(residualDesc_, engine, nullptr);
      bound.residualReorder = {{DNNL_ARG_FROM, bound.residual}, {DNNL_ARG_TO, bound.convDst}};
    }
    return bound;
  }

  // Our Winograd convolution, when it does this one (and none of the oneDNN members below).
  std::unique_ptr<WinogradConvolution> winograd_;
  dnnl::convolution_forward conv_;
  PreparedWeights weights_;
  memory bias_;
  // The layouts the convolution reads and writes: NHWC (direct), or blocked (Winograd).
  memory::desc convInput_, convOutput_, inputDesc_, outputDesc_, residualDesc_, scratchpad_;
  dnnl::reorder inputReorder_, outputReorder_, residualReorder_;
  // High precision: the input split into bfloat16 parts (splitInput), from float32 NHWC
  // (reordered there when given in another layout).
  bool splitParts_ = false;
  Dims splitSizes_, splitFromStrides_, splitToStrides_;
  memory::desc channelsLastInput_;
  dnnl::reorder toChannelsLast_;
  std::string implementation_;
  std::unique_ptr<ReusedBindings<ConvolutionBindings>> bindings_;
};

using ConvolutionCache = PreparedCache<Key, KeyHash, PreparedConvolution>;

void convolve(int64_t bufs_num, void** buf_data, int64_t* buf_ranks, int64_t* buf_dims,
              int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num, int64_t* extra_args) {
  // Kernels compiled before the precision argument existed pass one fewer.
  if (args_num != kDnnlConv2dArgCount && args_num != kConvPrecision) {
    throw std::invalid_argument("aotc_dnnl_conv2d: expected " +
                                std::to_string(kDnnlConv2dArgCount) + " arguments, got " +
                                std::to_string(args_num));
  }
  bool hasBias = extra_args[kHasBias] != 0;
  bool hasResidual = extra_args[kHasResidual] != 0;
  if (bufs_num != 3 + hasBias + hasResidual) {
    throw std::invalid_argument("aotc_dnnl_conv2d: unexpected buffer count " +
                                std::to_string(bufs_num));
  }
  auto bufs = float32Buffers("aotc_dnnl_conv2d", bufs_num, buf_data, buf_ranks, buf_dims,
                             buf_strides, buf_dtypes);
  const BufferView& output = bufs[0];
  const BufferView& input = bufs[1];
  const BufferView& weights = bufs[2];
  const BufferView* bias = hasBias ? &bufs[3] : nullptr;
  const BufferView* residual = hasResidual ? &bufs[3 + hasBias] : nullptr;

  Key key;
  key.weights = weights.data;
  key.threads = at::get_num_threads();
  key.args.fill(0);  // an absent precision: kHighest
  std::copy(extra_args, extra_args + args_num, key.args.begin());
  key.inputSizes = input.sizes;
  key.inputStrides = input.strides;
  key.outputSizes = output.sizes;
  key.outputStrides = output.strides;
  if (residual) key.residualStrides = residual->strides;
  ConvolutionCache::instance()
      .get(key, [&] { return std::make_shared<const PreparedConvolution>(key, weights, bias); })
      ->run(input, output, residual);
}

}  // namespace

std::vector<std::string> convolutionImplementations(const void* weights) {
  std::vector<std::string> names;
  ConvolutionCache::instance().forEach(weights, [&](const PreparedConvolution& prepared) {
    names.push_back(prepared.implementation());
  });
  return names;
}

}  // namespace aotc::runtime

// No exception may cross the generated kernel that calls this (see external_call_error.h).
extern "C" void aotc_dnnl_conv2d(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* extra_args) {
  aotc::runtime::runWithoutThrowing("convolution", [&] {
    aotc::runtime::convolve(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                            args_num, extra_args);
  });
}
