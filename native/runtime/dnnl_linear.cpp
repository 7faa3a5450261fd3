#include "runtime/dnnl_linear.h"

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

// True when `view` is laid out row-major (dense, last dimension fastest).
bool rowMajor(const BufferView& view) {
  int64_t expected = 1;
  for (size_t d = view.sizes.size(); d-- > 0;) {
    if (view.sizes[d] != 1 && view.strides[d] != expected) return false;
    expected *= view.sizes[d];
  }
  return true;
}

class PreparedLinear {
 public:
  PreparedLinear(const Key& key, const BufferView& weights, const BufferView* bias) {
    memory::desc src({key.rows, key.inner}, kF32, Tag::nc);
    memory::desc dst({key.rows, key.outer}, kF32, Tag::nc);
    memory::desc biasDesc = bias ? memory::desc({key.outer}, kF32, Tag::a) : memory::desc();
    dnnl::inner_product_forward::desc desc(dnnl::prop_kind::forward_inference, src,
                                           memory::desc({key.outer, key.inner}, kF32, Tag::any),
                                           biasDesc, dst);
    const int64_t* args = key.args.data();
    dnnl::post_ops ops;
    appendActivation(ops, args[kLinearActivation], args[kLinearLow], args[kLinearHigh]);
    dnnl::inner_product_forward::primitive_desc pd(desc, primitiveAttributes(ops), cpuEngine());
    primitive_ = dnnl::inner_product_forward(pd);
    scratchpad_ = pd.scratchpad_desc();
    src_ = src;
    dst_ = dst;

    weights_ = reorderedCopy({{key.outer, key.inner}, kF32, Tag::oi}, weights.data,
                             pd.weights_desc());
    if (bias) bias_ = memory(biasDesc, cpuEngine(), bias->data);
  }

  void run(const BufferView& input, const BufferView& output) const {
    dnnl::engine& engine = cpuEngine();
    dnnl::stream& stream = threadStream();
    // A buffer in another layout (rare: NNC's own buffers are dense) is copied dense first.
    memory gathered;
    memory src;
    if (rowMajor(input)) {
      src = memory(src_, engine, input.data);
    } else {
      gathered = denseCopy(input, stream);
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

 private:
  static memory denseCopy(const BufferView& input, dnnl::stream& stream) {
    memory strided(memory::desc(input.sizes, kF32, input.strides), cpuEngine(), input.data);
    memory dense = threadScratchMemory(memory::desc(input.sizes, kF32, denseStrides(input.sizes)),
                                       ScratchSlot::kInput);
    dnnl::reorder(strided, dense).execute(stream, strided, dense);
    return dense;
  }

  void scatterRows(const memory& dense, const BufferView& output, dnnl::stream& stream) const {
    memory from(memory::desc(output.sizes, kF32, denseStrides(output.sizes)), cpuEngine(),
                dense.get_data_handle());
    memory to(memory::desc(output.sizes, kF32, output.strides), cpuEngine(), output.data);
    dnnl::reorder(from, to).execute(stream, from, to);
  }

  static memory::dims denseStrides(const memory::dims& sizes) {
    memory::dims strides(sizes.size());
    int64_t stride = 1;
    for (size_t d = sizes.size(); d-- > 0;) {
      strides[d] = stride;
      stride *= sizes[d];
    }
    return strides;
  }

  dnnl::inner_product_forward primitive_;
  PreparedWeights weights_;
  memory bias_;
  memory::desc src_, dst_, scratchpad_;
};

using LinearCache = PreparedCache<Key, KeyHash, PreparedLinear>;

void linear(int64_t bufs_num, void** buf_data, int64_t* buf_ranks, int64_t* buf_dims,
            int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num, int64_t* extra_args) {
  if (args_num != kDnnlLinearArgCount) {
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
  std::copy(extra_args, extra_args + kDnnlLinearArgCount, key.args.begin());
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
