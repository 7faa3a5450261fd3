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

dnnl::memory threadScratchMemory(const dnnl::memory::desc& desc, ScratchSlot slot) {
  struct Buffer {
    std::unique_ptr<char[]> bytes;
    size_t size = 0;
  };
  thread_local Buffer buffers[static_cast<int>(ScratchSlot::kCount)];
  Buffer& buffer = buffers[static_cast<int>(slot)];
  size_t needed = desc.get_size() + 64;
  if (buffer.size < needed) {
    buffer.bytes = std::make_unique<char[]>(needed);
    buffer.size = needed;
  }
  auto address = reinterpret_cast<uintptr_t>(buffer.bytes.get());
  void* aligned = reinterpret_cast<void*>((address + 63) & ~uintptr_t{63});
  return dnnl::memory(desc, cpuEngine(), aligned);
}

dnnl::memory threadScratchpad(const dnnl::memory::desc& desc) {
  return threadScratchMemory(desc, ScratchSlot::kPrimitive);
}

bool nativeBf16Implementation(const std::string& implementation) {
  const std::string isa = implementation.substr(implementation.rfind(':') + 1);
  return isa.find("bf16") != std::string::npos || isa.find("amx") != std::string::npos;
}

double doubleFromBits(int64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

dnnl::memory::dims denseStrides(const dnnl::memory::dims& sizes) {
  dnnl::memory::dims strides(sizes.size());
  int64_t stride = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= sizes[d];
  }
  return strides;
}

std::vector<BufferView> float32Buffers(const char* function, int64_t bufs_num, void** buf_data,
                                       int64_t* buf_ranks, int64_t* buf_dims,
                                       int64_t* buf_strides, int8_t* buf_dtypes) {
  std::vector<BufferView> bufs(bufs_num);
  int64_t offset = 0;
  for (int64_t b = 0; b < bufs_num; ++b) {
    if (buf_dtypes[b] != static_cast<int8_t>(6)) {  // c10::ScalarType::Float
      throw std::invalid_argument(std::string(function) + ": buffers must be float32");
    }
    bufs[b].data = buf_data[b];
    bufs[b].sizes.assign(buf_dims + offset, buf_dims + offset + buf_ranks[b]);
    bufs[b].strides.assign(buf_strides + offset, buf_strides + offset + buf_ranks[b]);
    offset += buf_ranks[b];
  }
  return bufs;
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
