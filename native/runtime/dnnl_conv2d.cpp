#include "runtime/dnnl_conv2d.h"

#include <array>
#include <stdexcept>
#include <string>

#include <ATen/Parallel.h>

#include "runtime/dnnl_context.h"
#include "runtime/external_call_error.h"

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
  memory::dims inputSizes, inputStrides, outputSizes, outputStrides, residualStrides;

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
    for (const auto* dims : {&key.inputSizes, &key.inputStrides, &key.outputSizes,
                             &key.outputStrides, &key.residualStrides}) {
      for (int64_t v : *dims) hashCombine(h, v);
    }
    return h;
  }
};

// A convolution ready to run: the primitive, the weights in its layout, and the reorders
// between the kernel's buffers and the NHWC layout it reads and writes.
class PreparedConvolution {
 public:
  PreparedConvolution(const Key& key, const BufferView& weights, const BufferView* bias) {
    const int64_t* args = key.args.data();
    const auto& in = key.inputSizes;
    const auto& out = key.outputSizes;
    int64_t groups = args[kGroups];
    memory::dims weightDims = weights.sizes;  // [OC, IC/g, KH, KW]
    memory::dims groupedDims = weightDims;
    Tag weightTag = Tag::oihw;
    if (groups > 1) {
      groupedDims = {groups, weightDims[0] / groups, weightDims[1], weightDims[2], weightDims[3]};
      weightTag = Tag::goihw;
    }
    nhwcInput_ = memory::desc(in, kF32, Tag::nhwc);
    nhwcOutput_ = memory::desc(out, kF32, Tag::nhwc);
    memory::desc biasDesc = bias ? memory::desc({out[1]}, kF32, Tag::a) : memory::desc();
    memory::dims strides{args[kStrideH], args[kStrideW]};
    memory::dims dilations{args[kDilationH] - 1, args[kDilationW] - 1};
    memory::dims padding{args[kPadH], args[kPadW]};
    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, nhwcInput_,
        memory::desc(groupedDims, kF32, Tag::any), biasDesc, nhwcOutput_, strides, dilations,
        padding, padding);

    dnnl::post_ops ops;
    appendActivation(ops, args[kPreActivation], args[kPreLow], args[kPreHigh]);
    if (args[kHasResidual]) ops.append_sum(1.0f);
    appendActivation(ops, args[kPostActivation], args[kPostLow], args[kPostHigh]);
    dnnl::convolution_forward::primitive_desc pd(desc, primitiveAttributes(ops), cpuEngine());
    conv_ = dnnl::convolution_forward(pd);
    scratchpad_ = pd.scratchpad_desc();

    // The weights, once, into the layout the chosen implementation reads.
    weights_ = reorderedCopy({groupedDims, kF32, weightTag}, weights.data, pd.weights_desc());
    if (bias) bias_ = memory(biasDesc, cpuEngine(), bias->data);

    inputDesc_ = memory::desc(in, kF32, key.inputStrides);
    outputDesc_ = memory::desc(out, kF32, key.outputStrides);
    auto reorderBetween = [](const memory::desc& from, const memory::desc& to) {
      return dnnl::reorder({from, cpuEngine()}, {to, cpuEngine()});
    };
    if (inputDesc_ != nhwcInput_) inputReorder_ = reorderBetween(inputDesc_, nhwcInput_);
    if (outputDesc_ != nhwcOutput_) outputReorder_ = reorderBetween(nhwcOutput_, outputDesc_);
    if (args[kHasResidual]) {
      residualDesc_ = memory::desc(out, kF32, key.residualStrides);
      residualReorder_ = reorderBetween(residualDesc_, nhwcOutput_);
    }
  }

  void run(const BufferView& input, const BufferView& output, const BufferView* residual) const {
    dnnl::engine& engine = cpuEngine();
    dnnl::stream& stream = threadStream();
    memory src(inputDesc_, engine, input.data);
    memory dst(outputDesc_, engine, output.data);
    // Buffers in another layout go through NHWC scratch memory.
    memory nhwcSrc = inputReorder_ ? threadScratchMemory(nhwcInput_, ScratchSlot::kInput) : src;
    memory nhwcDst = outputReorder_ ? threadScratchMemory(nhwcOutput_, ScratchSlot::kOutput) : dst;
    if (inputReorder_) inputReorder_.execute(stream, src, nhwcSrc);
    if (residual) {
      // The sum post-op adds what the destination holds.
      memory residualMemory(residualDesc_, engine, residual->data);
      residualReorder_.execute(stream, residualMemory, nhwcDst);
    }
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC, nhwcSrc}, {DNNL_ARG_WEIGHTS, weights_.memory}, {DNNL_ARG_DST, nhwcDst}};
    if (bias_) args.emplace(DNNL_ARG_BIAS, bias_);
    args.emplace(DNNL_ARG_SCRATCHPAD, threadScratchpad(scratchpad_));
    conv_.execute(stream, args);
    if (outputReorder_) outputReorder_.execute(stream, nhwcDst, dst);
    stream.wait();
  }

 private:
  dnnl::convolution_forward conv_;
  PreparedWeights weights_;
  memory bias_;
  memory::desc nhwcInput_, nhwcOutput_, inputDesc_, outputDesc_, residualDesc_, scratchpad_;
  dnnl::reorder inputReorder_, outputReorder_, residualReorder_;
};

using ConvolutionCache = PreparedCache<Key, KeyHash, PreparedConvolution>;

void convolve(int64_t bufs_num, void** buf_data, int64_t* buf_ranks, int64_t* buf_dims,
              int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num, int64_t* extra_args) {
  if (args_num != kDnnlConv2dArgCount) {
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
  std::copy(extra_args, extra_args + kDnnlConv2dArgCount, key.args.begin());
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
