#include "runtime/dnnl_matmul.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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
constexpr auto kF32 = memory::data_type::f32;

// The operands' shapes and strides, the precision, and the thread count (oneDNN fixes a
// primitive's parallel decomposition when it is made). `weights` is always null: nothing here
// outlives a model.
struct Key {
  const void* weights = nullptr;
  int threads = 0;
  MatmulPrecision precision = MatmulPrecision::kHighest;
  Dims dims[3];     // output, a, b
  Dims strides[3];

  bool operator==(const Key& other) const {
    if (threads != other.threads || precision != other.precision) return false;
    for (int i = 0; i < 3; ++i) {
      if (dims[i] != other.dims[i] || strides[i] != other.strides[i]) return false;
    }
    return true;
  }
};

struct KeyHash {
  size_t operator()(const Key& key) const {
    size_t h = std::hash<int>()(key.threads);
    hashCombine(h, static_cast<int64_t>(key.precision));
    for (int i = 0; i < 3; ++i) {
      hashCombine(h, key.dims[i]);
      hashCombine(h, key.strides[i]);
    }
    return h;
  }
};

// What a run points at its buffers: the kernel's operands and output, the operands as the
// primitive reads them (the given ones, or bfloat16 copies in scratch memory), the scratchpad,
// and the argument maps of the conversions and the product.
struct MatmulBindings {
  memory given[2], operands[2], dst, scratchpad;
  std::unordered_map<int, memory> convert[2], args;
};

class PreparedMatmul {
 public:
  explicit PreparedMatmul(const Key& key) {
    for (int i = 0; i < 3; ++i) {
      given_[i] = memory::desc(key.dims[i].toDnnl(), kF32, key.strides[i].toDnnl());
    }
    // Operands in `type`: float32 as given, or bfloat16 (medium precision), converted on each
    // call into dense scratch memory laid out in the given operand's dimension order (so a
    // transposed operand converts without transposing: the matmul reads it through strides);
    // the output stays float32.
    auto describe = [&](memory::data_type type) {
      auto operand = [&](int i) {
        if (type == kF32) return given_[i];
        return memory::desc(key.dims[i].toDnnl(), type,
                            denseStridesLike(key.dims[i], key.strides[i]).toDnnl());
      };
      dnnl::matmul::desc desc(operand(1), operand(2), given_[0]);
      return dnnl::matmul::primitive_desc(desc, primitiveAttributes({}), cpuEngine());
    };
    // High precision: bfloat16 parts, the reduction three times as long (bf16_split.h), in
    // the same dimension order.
    const size_t rank = key.dims[0].size();
    const size_t reduced[2] = {rank - 1, rank - 2};
    auto describeParts = [&](memory::data_type bf16) {
      memory::desc parts[2];
      for (int i = 0; i < 2; ++i) {
        Dims sizes = key.dims[i + 1];
        partStrides_[i] = tripledLike(sizes, key.strides[i + 1], reduced[i]);
        sizes[reduced[i]] *= 3;
        parts[i] = memory::desc(sizes.toDnnl(), bf16, partStrides_[i].toDnnl());
      }
      dnnl::matmul::desc desc(parts[0], parts[1], given_[0]);
      return dnnl::matmul::primitive_desc(desc, primitiveAttributes({}), cpuEngine());
    };
    std::optional<dnnl::matmul::primitive_desc> chosen;
    if (key.precision == MatmulPrecision::kMedium) chosen = nativeBf16Descriptor(describe);
    if (key.precision == MatmulPrecision::kHigh &&
        splitPartsPay(key.dims[0][rank - 2], key.dims[0][rank - 1])) {
      chosen = nativeBf16Descriptor(describeParts, /*matrixUnits=*/true);
      splitParts_ = chosen.has_value();
    }
    if (!chosen) chosen = describe(kF32);
    primitive_ = dnnl::matmul(*chosen);
    scratchpad_ = chosen->scratchpad_desc();
    operands_[0] = chosen->src_desc();
    operands_[1] = chosen->weights_desc();
    for (int i = 0; i < 2 && !splitParts_; ++i) {
      if (operands_[i] != given_[i + 1]) {
        convert_[i] = dnnl::reorder({given_[i + 1], cpuEngine()}, {operands_[i], cpuEngine()});
      }
    }
    if (splitParts_) {
      for (int i = 0; i < 2; ++i) {
        sizes_[i] = key.dims[i + 1];
        strides_[i] = key.strides[i + 1];
        reduced_[i] = reduced[i];
      }
    }
    bindings_ = std::make_unique<ReusedBindings<MatmulBindings>>([this] { return makeBindings(); });
  }

  void run(void* out, void* a, void* b) const {
    bindings_->with([&](MatmulBindings& bound) {
      dnnl::stream& stream = threadStream();
      void* data[2] = {a, b};
      const ScratchSlot slots[2] = {ScratchSlot::kInput, ScratchSlot::kSecondInput};
      const SplitOrder orders[2] = {SplitOrder::kHighHighLow, SplitOrder::kHighLowHigh};
      for (int i = 0; i < 2; ++i) {
        bound.given[i].set_data_handle(data[i]);
        if (splitParts_) {
          auto* parts = static_cast<uint16_t*>(threadScratch(operands_[i].get_size(), slots[i]));
          splitOperand(static_cast<const float*>(data[i]), sizes_[i], strides_[i], reduced_[i],
                       parts, partStrides_[i], orders[i]);
          bound.operands[i].set_data_handle(parts);
        }
        if (!convert_[i]) continue;
        bound.operands[i].set_data_handle(threadScratch(operands_[i].get_size(), slots[i]));
        convert_[i].execute(stream, bound.convert[i]);
      }
      bound.dst.set_data_handle(out);
      bound.scratchpad.set_data_handle(
          threadScratch(scratchpad_.get_size(), ScratchSlot::kPrimitive));
      primitive_.execute(stream, bound.args);
      stream.wait();
    });
  }

 private:
  MatmulBindings makeBindings() const {
    dnnl::engine& engine = cpuEngine();
    MatmulBindings bound;
    for (int i = 0; i < 2; ++i) {
      bound.given[i] = memory(given_[i + 1], engine, nullptr);
      const bool ownOperand = convert_[i] || splitParts_;
      bound.operands[i] = ownOperand ? memory(operands_[i], engine, nullptr) : bound.given[i];
      if (convert_[i]) {
        bound.convert[i] = {{DNNL_ARG_FROM, bound.given[i]}, {DNNL_ARG_TO, bound.operands[i]}};
      }
    }
    bound.dst = memory(given_[0], engine, nullptr);
    bound.scratchpad = memory(scratchpad_, engine, nullptr);
    bound.args = {{DNNL_ARG_SRC, bound.operands[0]}, {DNNL_ARG_WEIGHTS, bound.operands[1]},
                  {DNNL_ARG_DST, bound.dst}, {DNNL_ARG_SCRATCHPAD, bound.scratchpad}};
    return bound;
  }

  dnnl::matmul primitive_;
  memory::desc given_[3];     // the kernel's buffers: output, a, b (float32, strided)
  memory::desc operands_[2];  // a and b as the primitive reads them
  dnnl::reorder convert_[2];  // given -> operands, where they differ
  // High precision: the operands split into bfloat16 parts (bf16_split.h) on each run, along
  // their reduced dimension, into memory of partStrides_.
  bool splitParts_ = false;
  Dims sizes_[2], strides_[2], partStrides_[2];
  size_t reduced_[2] = {0, 0};
  memory::desc scratchpad_;
  std::unique_ptr<ReusedBindings<MatmulBindings>> bindings_;
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
            int64_t* buf_strides, int8_t* buf_dtypes, int64_t args_num,
            const int64_t* extra_args) {
  // Kernels compiled before the arguments existed pass fewer.
  if (bufs_num != 3 || args_num < 0 || args_num > kDnnlMatmulArgCount) {
    throw std::invalid_argument("expected 3 buffers and at most " +
                                std::to_string(kDnnlMatmulArgCount) + " arguments, got " +
                                std::to_string(bufs_num) + " and " + std::to_string(args_num));
  }
  auto bufs = float32Buffers("aotc_dnnl_matmul", bufs_num, buf_data, buf_ranks, buf_dims,
                             buf_strides, buf_dtypes);
  const size_t rank = bufs[0].sizes.size();
  for (int i = 1; i < 3; ++i) {
    if (bufs[i].sizes.size() < 2 || bufs[i].sizes.size() > rank) {
      throw std::invalid_argument(
          "operands must have a rank of at least 2 and at most the output's");
    }
  }
  // A transposed operand: the same memory with its last two dimensions swapped.
  for (auto [arg, buf] : {std::pair{kMatmulTransposeA, 1}, std::pair{kMatmulTransposeB, 2}}) {
    const size_t r = bufs[buf].sizes.size();
    if (args_num > arg && extra_args[arg] != 0) {
      std::swap(bufs[buf].sizes[r - 1], bufs[buf].sizes[r - 2]);
      std::swap(bufs[buf].strides[r - 1], bufs[buf].strides[r - 2]);
    }
  }
  // An operand of lower rank (x @ W with a 3-d x and a 2-d W) is broadcast over the leading
  // dimensions, as size-1 dimensions outside its data.
  for (int i = 1; i < 3; ++i) {
    BufferView& operand = bufs[i];
    while (operand.sizes.size() < rank) {
      operand.strides.prepend(operand.sizes[0] * operand.strides[0]);
      operand.sizes.prepend(1);
    }
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
  if (args_num > 0) key.precision = matmulPrecisionFromArg(extra_args[kMatmulPrecision]);
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
                                 int64_t args_num, int64_t* extra_args) {
  aotc::runtime::runWithoutThrowing("matmul", [&] {
    aotc::runtime::matmul(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides, buf_dtypes,
                          args_num, extra_args);
  });
}
