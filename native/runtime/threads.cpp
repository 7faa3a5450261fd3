#include "runtime/threads.h"

#include <atomic>
#include <stdexcept>

#include <dlfcn.h>

#include <ATen/Parallel.h>

namespace aotc::runtime {
namespace {

std::atomic<int> requested{0};

// OpenBLAS (Debian's libblas.so.3 alternative) keeps its own pool, which at::set_num_threads
// does not size. It is loaded by libtorch_cpu when present; look it up without loading it.
void setBlasThreads(int n) {
  for (const char* name : {"libopenblas.so.0", "libblas.so.3"}) {
    void* handle = ::dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (!handle) continue;
    using SetThreads = void (*)(int);
    auto set = reinterpret_cast<SetThreads>(::dlsym(handle, "openblas_set_num_threads"));
    if (set) set(n);
    ::dlclose(handle);
    if (set) return;
  }
}

}  // namespace

void setNumThreads(int n) {
  if (n < 1) throw std::invalid_argument("the thread count must be at least 1");
  requested.store(n);
  setBlasThreads(n);
  applyNumThreads();
}

int numThreads() { return requested.load(); }

void applyNumThreads() {
  thread_local int applied = 0;
  int n = requested.load(std::memory_order_relaxed);
  if (n == 0 || n == applied) return;
  at::set_num_threads(n);
  applied = n;
}

}  // namespace aotc::runtime
