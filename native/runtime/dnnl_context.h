// What the runtime's oneDNN external functions (dnnl_conv2d, dnnl_linear) share: the CPU
// engine, a stream and scratch memory per thread, the reading of NNC's buffer arguments, and
// the cache of prepared primitives, keyed by the weight buffer they were prepared for.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "runtime/buffer_views.h"
#include "runtime/large_buffer.h"

namespace aotc::runtime {

dnnl::engine& cpuEngine();
dnnl::stream& threadStream();

// Scratch memory for one primitive execution, from a buffer per thread. Primitives are made
// with scratchpad_mode::user: with library-managed scratch memory, oneDNN primitives are not
// safe to run from several threads at once (unless it is built for concurrent execution).
dnnl::memory threadScratchpad(const dnnl::memory::desc& desc);

// Per-thread scratch memory for data in transit (e.g. an input reordered to NHWC), reused
// across runs so that no run faults in fresh pages; `slot` tells apart what one call needs at
// the same time.
enum class ScratchSlot { kPrimitive, kInput, kSecondInput, kOutput, kCount };
void* threadScratch(size_t bytes, ScratchSlot slot);  // 64-byte aligned
dnnl::memory threadScratchMemory(const dnnl::memory::desc& desc, ScratchSlot slot);

// Whether a oneDNN implementation (its impl_info_str, "<kernel>:<isa>") runs on an ISA with
// native bfloat16 arithmetic (AVX512-BF16, AMX) rather than emulating it (slower than float32).
bool nativeBf16Implementation(const std::string& implementation);

// Whether a oneDNN implementation runs on the matrix units (AMX).
bool matrixUnitImplementation(const std::string& implementation);

// For MatmulPrecision::kMedium: the primitive descriptor that describe(bf16) makes, when oneDNN
// has a kernel with native bfloat16 arithmetic for it on this CPU; otherwise none, and the
// caller computes in float32. For kHigh `matrixUnits` asks for an AMX kernel: its three
// products outrun one float32 product only there (AVX512-BF16 alone does bfloat16 products at
// twice float32's rate, not three times).
template <class Describe>
auto nativeBf16Descriptor(Describe describe, bool matrixUnits = false)
    -> std::optional<decltype(describe(dnnl::memory::data_type::bf16))> {
  try {
    auto pd = describe(dnnl::memory::data_type::bf16);
    const std::string implementation = pd.impl_info_str();
    if (matrixUnits ? matrixUnitImplementation(implementation)
                    : nativeBf16Implementation(implementation)) {
      return pd;
    }
  } catch (const dnnl::error&) {
    // No bfloat16 implementation at all.
  }
  return std::nullopt;
}

// A double passed in NNC's int64 extra_args as its bit pattern.
double doubleFromBits(int64_t bits);

// Appends a FusedActivation (kind, then its bounds as bit patterns) to `ops`.
void appendActivation(dnnl::post_ops& ops, int64_t kind, int64_t lowBits, int64_t highBits);

// Attributes of every primitive here: `ops`, and scratch memory we give (threadScratchpad).
dnnl::primitive_attr primitiveAttributes(const dnnl::post_ops& ops);

// Weights in the layout a primitive wants, in a buffer of their own (large_buffer.h).
struct PreparedWeights {
  LargeBuffer storage;
  dnnl::memory memory;
};

// `plain` (memory at `data`) reordered into a new buffer of layout `wanted`: weights, once.
PreparedWeights reorderedCopy(const dnnl::memory::desc& plain, void* data,
                              const dnnl::memory::desc& wanted);

// Forgets every primitive prepared for a weight buffer about to be freed (a compiled
// function's parameter), so that a later buffer at the same address never finds them.
void releaseDnnlPrimitives(const void* weights);

namespace detail {
void registerReleaser(std::function<void(const void*)> release);
}

// Prepared primitives by Key (which has a `weights` member, hashed by Hash); created once,
// then shared by every run. Thread-safe.
template <class Key, class Hash, class Prepared>
class PreparedCache {
 public:
  PreparedCache() {
    detail::registerReleaser([this](const void* weights) { release(weights); });
  }

  template <class Make>
  std::shared_ptr<const Prepared> get(const Key& key, Make make) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = prepared_.find(key);
    if (it != prepared_.end()) return it->second;
    std::shared_ptr<const Prepared> made = make();
    prepared_.emplace(key, made);
    return made;
  }

  // The cache of one kind of primitive: never destroyed, since models may unload at exit.
  static PreparedCache& instance() {
    static auto* cache = new PreparedCache();
    return *cache;
  }

  // Calls visit(prepared) for each primitive prepared for `weights`.
  template <class Visit>
  void forEach(const void* weights, Visit visit) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& entry : prepared_) {
      if (entry.first.weights == weights) visit(*entry.second);
    }
  }

  void release(const void* weights) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = prepared_.begin(); it != prepared_.end();) {
      it = it->first.weights == weights ? prepared_.erase(it) : std::next(it);
    }
  }

 private:
  std::mutex mutex_;
  std::unordered_map<Key, std::shared_ptr<const Prepared>, Hash> prepared_;
};

// Combines values into a hash (for the caches' keys).
inline void hashCombine(size_t& hash, int64_t value) {
  hash ^= std::hash<int64_t>()(value) + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
}

inline void hashCombine(size_t& hash, const Dims& dims) {
  hashCombine(hash, static_cast<int64_t>(dims.size()));
  for (int64_t value : dims) hashCombine(hash, value);
}

}  // namespace aotc::runtime
