#include "runtime/dnnl_linear.h"

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

namespace aotc::runtime {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

// The weight buffer, the arguments, the shape, and the thread count (oneDNN fixes a
// primitive's parallel decomposition when it is made).
struct Key {
  const void* weights;
  int threads;
  std::array<int64_t, kDnnlLinearArgCount> args;
  int64_t rows, inner, outer;  // M, K, N

  bool operator==(const Key& other) const {
    return weights == other.weights && threads == other.threads && args == other.args &&
           rows == other.rows &&
           inner == other.inner && outer == other.outer;
  }
};

struct KeyHash {
  size_t operator()(const Key& key) const {
    size_t h = std::hash<const void*>()(key.weights);
    hashCombine(h, key.threads);
    for (int64_t v : key.args) hashCombine(h, v);
    for (int64_t v : {key.rows, key.inner, key.outer}) hashCombine(h, v);
    return h;
  }
};

// What a run points at its buffers: the primitive's input (the kernel's buffer, or scratch
// memory after a conversion), output and scratchpad, and the kernel's dense float32 input
// when it is converted to the primitive's operand type (bfloat16).
struct LinearBindings {
  memory src, dst, scratchpad, given;
  std::unordered_map<int, memory> args, convertArgs;
};

class PreparedLinear {
 public:
  PreparedLinear(const Key& key, const BufferView& weights, const BufferView* bias) {
    const int64_t* args = key.args.data();
    dst_ = memory::desc({key.rows, key.outer}, kF32, Tag::nc);
    memory::desc biasDesc = bias ? memory::desc({key.outer}, kF32, Tag::a) : memory::desc();
    dnnl::post_ops ops;
    appendActivation(ops, args[kLinearActivation], args[kLinearLow], args[kLinearHigh]);
    // The input and the weights in `operands` (float32, or bfloat16 for medium and high
    // precision) with a reduction of `inner` (3K for high precision's parts, bf16_split.h); the
    // output, bias and sums stay float32.
    auto describe = [&](memory::data_type operands, int64_t inner) {
      dnnl::inner_product_forward::desc desc(
          dnnl::prop_kind::forward_inference, memory::desc({key.rows, inner}, operands, Tag::nc),
          memory::desc({key.outer, inner}, operands, Tag::any), biasDesc, dst_);
      return dnnl::inner_product_forward::primitive_desc(desc, primitiveAttributes(ops),
                                                         cpuEngine());
    };
    std::optional<dnnl::inner_product_forward::primitive_desc> chosen;
    switch (matmulPrecisionFromArg(args[kLinearPrecision])) {
      case MatmulPrecision::kMedium:
        chosen = nativeBf16Descriptor([&](memory::data_type bf16) { return describe(bf16, key.inner); });
        break;
      case MatmulPrecision::kHigh:
        if (!splitPartsPay(key.rows, key.outer)) break;  // float32 instead
        chosen = nativeBf16Descriptor(
            [&](memory::data_type bf16) { return describe(bf16, 3 * key.inner); },
            /*matrixUnits=*/true);
        splitParts_ = chosen.has_value();
        break;
      case MatmulPrecision::kHighest:
        break;
    }
    if (!chosen) chosen = describe(kF32, key.inner);
    const auto& pd = *chosen;
    primitive_ = dnnl::inner_product_forward(pd);
    scratchpad_ = pd.scratchpad_desc();
    src_ = pd.src_desc();
    implementation_ = pd.impl_info_str();
    if (splitParts_) {
      weights_ = splitWeights(weights.data, {key.outer, key.inner}, 1, pd.weights_desc());
    } else {
      if (src_.data_type() != kF32) {
        denseInput_ = memory::desc({key.rows, key.inner}, kF32, Tag::nc);
        toOperandType_ = dnnl::reorder({denseInput_, cpuEngine()}, {src_, cpuEngine()});
      }
      weights_ = reorderedCopy({{key.outer, key.inner}, kF32, Tag::oi}, weights.data,
                               pd.weights_desc());
    }
    if (bias) bias_ = memory(biasDesc, cpuEngine(), bias->data);
    bindings_ =
        std::make_unique<ReusedBindings<LinearBindings>>([this] { return makeBindings(); });
  }

  void run(const BufferView& input, const BufferView& output) const {
    if (splitParts_) {
      runOnParts(input, output);
      return;
    }
    if (!rowMajor(input) || !rowMajor(output)) {
      runStrided(input, output);
      return;
    }
    bindings_->with([&](LinearBindings& bound) {
      dnnl::stream& stream = threadStream();
      bound.scratchpad.set_data_handle(
          threadScratch(scratchpad_.get_size(), ScratchSlot::kPrimitive));
      if (bound.given) {
        bound.given.set_data_handle(input.data);
        bound.src.set_data_handle(threadScratch(src_.get_size(), ScratchSlot::kInput));
        toOperandType_.execute(stream, bound.convertArgs);
      } else {
        bound.src.set_data_handle(input.data);
      }
      bound.dst.set_data_handle(output.data);
      primitive_.execute(stream, bound.args);
      stream.wait();
    });
  }

  const std::string& implementation() const { return implementation_; }

 private:
  LinearBindings makeBindings() const {
    dnnl::engine& engine = cpuEngine();
    LinearBindings bound;
    bound.src = memory(src_, engine, nullptr);
    bound.dst = memory(dst_, engine, nullptr);
    bound.scratchpad = memory(scratchpad_, engine, nullptr);
    bound.args = {{DNNL_ARG_SRC, bound.src}, {DNNL_ARG_WEIGHTS, weights_.memory},
                  {DNNL_ARG_DST, bound.dst}, {DNNL_ARG_SCRATCHPAD, bound.scratchpad}};
    if (bias_) bound.args.emplace(DNNL_ARG_BIAS, bias_);
    if (src_.data_type() != kF32) {
      bound.given = memory(denseInput_, engine, nullptr);
      bound.convertArgs = {{DNNL_ARG_FROM, bound.given}, {DNNL_ARG_TO, bound.src}};
    }
    return bound;
  }

  // High precision: the input, of any layout, split into its bfloat16 parts in scratch memory
  // (the rows [x_hi x_hi x_lo] against the weights' [w_hi w_lo w_hi]).
  void runOnParts(const BufferView& input, const BufferView& output) const {
    bindings_->with([&](LinearBindings& bound) {
      dnnl::stream& stream = threadStream();
      auto* parts = static_cast<uint16_t*>(threadScratch(src_.get_size(), ScratchSlot::kInput));
      splitOperand(static_cast<const float*>(input.data), input.sizes, input.strides,
                   input.sizes.size() - 1, parts, tripledRowMajor(input.sizes, input.sizes.size() - 1),
                   SplitOrder::kHighHighLow);
      bound.src.set_data_handle(parts);
      bound.scratchpad.set_data_handle(
          threadScratch(scratchpad_.get_size(), ScratchSlot::kPrimitive));
      const bool denseOutput = rowMajor(output);
      bound.dst.set_data_handle(denseOutput
                                    ? output.data
                                    : threadScratch(dst_.get_size(), ScratchSlot::kOutput));
      primitive_.execute(stream, bound.args);
      if (!denseOutput) scatterRows(bound.dst, output, stream);
      stream.wait();
    });
  }

  // A run whose input or output is not row-major (rare: NNC's own buffers are dense) goes
  // through dense scratch memory, with memory objects of its own.
  void runStrided(const BufferView& input, const BufferView& output) const {
    dnnl::engine& engine = cpuEngine();
    dnnl::stream& stream = threadStream();
    memory src;
    const bool denseInput = rowMajor(input);
    if (src_.data_type() == kF32 && denseInput) {
      src = memory(src_, engine, input.data);
    } else if (denseInput) {
      memory given(denseInput_, engine, input.data);
      src = threadScratchMemory(src_, ScratchSlot::kInput);
      toOperandType_.execute(stream, given, src);
    } else {
      const memory::dims sizes = input.sizes.toDnnl();
      memory given(memory::desc(sizes, kF32, input.strides.toDnnl()), engine, input.data);
      memory gathered = threadScratchMemory(
          memory::desc(sizes, src_.data_type(), denseStrides(sizes)), ScratchSlot::kInput);
      dnnl::reorder(given, gathered).execute(stream, given, gathered);
      src = memory(src_, engine, gathered.get_data_handle());
    }
    const bool denseOutput = rowMajor(output);
    memory dst = denseOutput ? memory(dst_, engine, output.data)
                             : threadScratchMemory(dst_, ScratchSlot::kOutput);
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights_.memory}, {DNNL_ARG_DST, dst}};
    if (bias_) args.emplace(DNNL_ARG_BIAS, bias_);
    args.emplace(DNNL_ARG_SCRATCHPAD, threadScratchpad(scratchpad_));
    primitive_.execute(stream, args);
    if (!denseOutput) scatterRows(dst, output, stream);
    stream.wait();
  }

  void scatterRows(const memory& dense, const BufferView& output, dnnl::stream& stream) const {
    const memory::dims sizes = output.sizes.toDnnl();
    memory from(memory::desc(sizes, kF32, denseStrides(sizes)), cpuEngine(),
                dense.get_data_handle());
    memory to(memory::desc(sizes, kF32, output.strides.toDnnl()), cpuEngine(), output.data);
    dnnl::reorder(from, to).execute(stream, from, to);
  }

  dnnl::inner_product_forward primitive_;
  PreparedWeights weights_;
  memory bias_;
  memory::desc src_, dst_, scratchpad_;
  memory::desc denseInput_;       // a dense float32 input, when src_ is bfloat16
  dnnl::reorder toOperandType_;   // denseInput_ -> src_
  std::string implementation_;
  bool splitParts_ = false;       // high precision on bfloat16 parts (bf16_split.h)
  std::unique_ptr<ReusedBindings<LinearBindings>> bindings_;
};

using LinearCache = PreparedCache<Key, KeyHash, PreparedLinear>;

void linear(int64_t bufs_num, void** buf_data, int64_t* buf_ranks, int64_t* buf_dims,
            int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num, int64_t* extra_args) {
  // Kernels compiled before the precision argument existed pass one fewer.
  if (args_num != kDnnlLinearArgCount && args_num != kLinearPrecision) {
    throw std::invalid_argument("expected " + std::to_string(kDnnlLinearArgCount) +
                                " arguments, got " + std::to_string(args_num));
  }
  bool hasBias = extra_args[kLinearHasBias] != 0;
  if (bufs_num != 3 + hasBias) {
    throw std::invalid_argument("unexpected buffer count " + std::to_string(bufs_num));
  }
  auto bufs = float32Buffers("aotc_dnnl_linear", bufs_num, buf_data, buf_ranks, buf_dims,
                             buf_strides, buf_dtypes);
  const BufferView& output = bufs[0];
  const BufferView& input = bufs[1];
  const BufferView& weights = bufs[2];
  if (input.sizes.empty() || weights.sizes.size() != 2 || output.sizes.empty() ||
      input.sizes.back() != weights.sizes[1] || output.sizes.back() != weights.sizes[0]) {
    throw std::invalid_argument("input, weight and output shapes do not match");
  }
  Key key;
  key.weights = weights.data;
  key.threads = at::get_num_threads();
  key.args.fill(0);  // an absent precision: kHighest
  std::copy(extra_args, extra_args + args_num, key.args.begin());
  key.inner = weights.sizes[1];
  key.outer = weights.sizes[0];
  key.rows = 1;
  for (size_t d = 0; d + 1 < input.sizes.size(); ++d) key.rows *= input.sizes[d];
  const BufferView* bias = hasBias ? &bufs[3] : nullptr;
  LinearCache::instance()
      .get(key, [&] { return std::make_shared<const PreparedLinear>(key, weights, bias); })
      ->run(input, output);
}

}  // namespace

std::vector<std::string> linearImplementations(const void* weights) {
  std::vector<std::string> names;
  LinearCache::instance().forEach(
      weights, [&](const PreparedLinear& prepared) { names.push_back(prepared.implementation()); });
  return names;
}

}  // namespace aotc::runtime

// No exception may cross the generated kernel that calls this (see external_call_error.h).
extern "C" void aotc_dnnl_linear(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* extra_args) {
  aotc::runtime::runWithoutThrowing("linear", [&] {
    aotc::runtime::linear(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                          args_num, extra_args);
  });
}
