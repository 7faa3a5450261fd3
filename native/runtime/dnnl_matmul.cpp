#include "runtime/dnnl_matmul.h"

#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/Parallel.h>

#include "runtime/dnnl_context.h"
#include "runtime/external_call_error.h"

namespace aotc::runtime {
namespace {

using dnnl::memory;
constexpr auto kF32 = memory::data_type::f32;

// The operands' shapes and strides, and the thread count (oneDNN fixes a primitive's parallel
// decomposition when it is made). `weights` is always null: nothing here outlives a model.
struct Key {
  const void* weights = nullptr;
  int threads = 0;
  memory::dims dims[3];     // output, a, b
  memory::dims strides[3];

  bool operator==(const Key& other) const {
    if (threads != other.threads) return false;
    for (int i = 0; i < 3; ++i) {
      if (dims[i] != other.dims[i] || strides[i] != other.strides[i]) return false;
    }
    return true;
  }
};

struct KeyHash {
  size_t operator()(const Key& key) const {
    size_t h = std::hash<int>()(key.threads);
    for (int i = 0; i < 3; ++i) {
      for (int64_t v : key.dims[i]) hashCombine(h, v);
      for (int64_t v : key.strides[i]) hashCombine(h, v);
    }
    return h;
  }
};

class PreparedMatmul {
 public:
  explicit PreparedMatmul(const Key& key) {
    for (int i = 0; i < 3; ++i) descs_[i] = memory::desc(key.dims[i], kF32, key.strides[i]);
    dnnl::matmul::desc desc(descs_[1], descs_[2], descs_[0]);
    dnnl::matmul::primitive_desc pd(desc, primitiveAttributes({}), cpuEngine());
    primitive_ = dnnl::matmul(pd);
    scratchpad_ = pd.scratchpad_desc();
  }

  void run(void* out, void* a, void* b) const {
    dnnl::engine& engine = cpuEngine();
    dnnl::stream& stream = threadStream();
    primitive_.execute(stream, {{DNNL_ARG_SRC, memory(descs_[1], engine, a)},
                                {DNNL_ARG_WEIGHTS, memory(descs_[2], engine, b)},
                                {DNNL_ARG_DST, memory(descs_[0], engine, out)},
                                {DNNL_ARG_SCRATCHPAD, threadScratchpad(scratchpad_)}});
    stream.wait();
  }

 private:
  dnnl::matmul primitive_;
  memory::desc descs_[3];
  memory::desc scratchpad_;
};

using MatmulCache = PreparedCache<Key, KeyHash, PreparedMatmul>;

void zeroFill(const BufferView& view) {
  std::vector<int64_t> index(view.sizes.size(), 0);
  auto* data = static_cast<float*>(view.data);
  for (;;) {
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d) offset += index[d] * view.strides[d];
    data[offset] = 0.f;
    size_t d = index.size();
    while (d-- > 0 && ++index[d] == view.sizes[d]) index[d] = 0;
    if (d == static_cast<size_t>(-1)) return;
  }
}

void matmul(int64_t bufs_num, void** buf_data, int64_t* buf_ranks, int64_t* buf_dims,
            int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num) {
  if (bufs_num != 3 || args_num != 0) {
    throw std::invalid_argument("expected 3 buffers and no arguments, got " +
                                std::to_string(bufs_num) + " and " + std::to_string(args_num));
  }
  auto bufs = float32Buffers("aotc_dnnl_matmul", bufs_num, buf_data, buf_ranks, buf_dims,
                             buf_strides, buf_dtypes);
  const size_t rank = bufs[0].sizes.size();
  if (rank < 2 || bufs[1].sizes.size() != rank || bufs[2].sizes.size() != rank) {
    throw std::invalid_argument("operands must have one rank of at least 2");
  }
  const auto& out = bufs[0].sizes;
  const auto& a = bufs[1].sizes;
  const auto& b = bufs[2].sizes;
  bool shapesMatch = a[rank - 1] == b[rank - 2] && out[rank - 2] == a[rank - 2] &&
                     out[rank - 1] == b[rank - 1];
  for (size_t d = 0; d + 2 < rank; ++d) {
    shapesMatch = shapesMatch && (a[d] == out[d] || a[d] == 1) && (b[d] == out[d] || b[d] == 1);
  }
  if (!shapesMatch) throw std::invalid_argument("operand and output shapes do not match");
  for (int64_t size : out) {
    if (size == 0) return;  // nothing to compute
  }
  if (a[rank - 1] == 0) {
    zeroFill(bufs[0]);  // an empty sum
    return;
  }
  Key key;
  key.threads = at::get_num_threads();
  for (int i = 0; i < 3; ++i) {
    key.dims[i] = bufs[i].sizes;
    key.strides[i] = bufs[i].strides;
  }
  MatmulCache::instance()
      .get(key, [&] { return std::make_shared<const PreparedMatmul>(key); })
      ->run(bufs[0].data, bufs[1].data, bufs[2].data);
}

}  // namespace
}  // namespace aotc::runtime

// No exception may cross the generated kernel that calls this (see external_call_error.h).
extern "C" void aotc_dnnl_matmul(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,
                                 int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,
                                 int64_t args_num, int64_t* /*extra_args*/) {
  aotc::runtime::runWithoutThrowing("matmul", [&] {
    aotc::runtime::matmul(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                          args_num);
  });
}
