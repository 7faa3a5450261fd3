#include "runtime/dnnl_context.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "runtime/fused_activation.h"

namespace aotc::runtime {
namespace {

struct Releasers {
  std::mutex mutex;
  std::vector<std::function<void(const void*)>> all;
};

Releasers& releasers() {
  static Releasers* instance = new Releasers();  // never destroyed: models may unload at exit
  return *instance;
}

}  // namespace

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& threadStream() {
  thread_local dnnl::stream stream(cpuEngine());
  return stream;
}

void* threadScratch(size_t bytes, ScratchSlot slot) {
  struct Buffer {
    std::unique_ptr<char[]> bytes;
    size_t size = 0;
  };
  thread_local Buffer buffers[static_cast<int>(ScratchSlot::kCount)];
  Buffer& buffer = buffers[static_cast<int>(slot)];
  size_t needed = bytes + 64;
  if (buffer.size < needed) {
    buffer.bytes = std::make_unique<char[]>(needed);
    buffer.size = needed;
  }
  auto address = reinterpret_cast<uintptr_t>(buffer.bytes.get());
  return reinterpret_cast<void*>((address + 63) & ~uintptr_t{63});
}

dnnl::memory threadScratchMemory(const dnnl::memory::desc& desc, ScratchSlot slot) {
  return dnnl::memory(desc, cpuEngine(), threadScratch(desc.get_size(), slot));
}

dnnl::memory threadScratchpad(const dnnl::memory::desc& desc) {
  return threadScratchMemory(desc, ScratchSlot::kPrimitive);
}

bool nativeBf16Implementation(const std::string& implementation) {
  const std::string isa = implementation.substr(implementation.rfind(':') + 1);
  return isa.find("bf16") != std::string::npos || isa.find("amx") != std::string::npos;
}

bool matrixUnitImplementation(const std::string& implementation) {
  return implementation.substr(implementation.rfind(':') + 1).find("amx") != std::string::npos;
}

double doubleFromBits(int64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

void appendActivation(dnnl::post_ops& ops, int64_t kind, int64_t lowBits, int64_t highBits) {
  switch (static_cast<FusedActivation>(kind)) {
    case FusedActivation::kNone: return;
    case FusedActivation::kRelu:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      return;
    case FusedActivation::kClamp:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip,
                         static_cast<float>(doubleFromBits(lowBits)),
                         static_cast<float>(doubleFromBits(highBits)));
      return;
    case FusedActivation::kSilu:  // oneDNN's swish: x * sigmoid(alpha * x)
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_swish, 1.0f, 0.0f);
      return;
    case FusedActivation::kSigmoid:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_logistic, 0.0f, 0.0f);
      return;
    case FusedActivation::kHardswish:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_hardswish, 0.0f, 0.0f);
      return;
    case FusedActivation::kHardsigmoid:  // oneDNN 2.6 has none: x / 6 + 1/2, clipped to [0, 1]
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, 1.0f / 6.0f, 0.5f);
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, 0.0f, 1.0f);
      return;
    case FusedActivation::kGeluErf:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_erf, 0.0f, 0.0f);
      return;
    case FusedActivation::kGeluTanh:
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_tanh, 0.0f, 0.0f);
      return;
  }
  throw std::invalid_argument("unknown fused activation " + std::to_string(kind));
}

dnnl::primitive_attr primitiveAttributes(const dnnl::post_ops& ops) {
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

PreparedWeights reorderedCopy(const dnnl::memory::desc& plain, void* data,
                              const dnnl::memory::desc& wanted) {
  dnnl::memory from(plain, cpuEngine(), data);
  PreparedWeights prepared{LargeBuffer(wanted.get_size()), {}};
  prepared.memory = dnnl::memory(wanted, cpuEngine(), prepared.storage.data());
  dnnl::reorder(from, prepared.memory).execute(threadStream(), from, prepared.memory);
  threadStream().wait();
  return prepared;
}

void releaseDnnlPrimitives(const void* weights) {
  auto& r = releasers();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const auto& release : r.all) release(weights);
}

namespace detail {
void registerReleaser(std::function<void(const void*)> release) {
  auto& r = releasers();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.all.push_back(std::move(release));
}
}  // namespace detail

}  // namespace aotc::runtime
