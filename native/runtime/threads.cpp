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
struct OpenBlas {
  using SetThreads = void (*)(int);
  using GetThreads = int (*)();
  SetThreads set = nullptr;
  GetThreads get = nullptr;

  static const OpenBlas& instance() {
    static const OpenBlas blas = [] {
      OpenBlas found;
      for (const char* name : {"libopenblas.so.0", "libblas.so.3"}) {
        void* handle = ::dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
        if (!handle) continue;
        found.set = reinterpret_cast<SetThreads>(::dlsym(handle, "openblas_set_num_threads"));
        found.get = reinterpret_cast<GetThreads>(::dlsym(handle, "openblas_get_num_threads"));
        ::dlclose(handle);  // still loaded by libtorch: the pointers stay valid
        if (found.set && found.get) return found;
        found = OpenBlas{};
      }
      return found;
    }();
    return blas;
  }
};

void setBlasThreads(int n) {
  if (const auto& blas = OpenBlas::instance(); blas.set) blas.set(n);
}

}  // namespace

void setNumThreads(int n) {
  if (n < 1) throw std::invalid_argument("the thread count must be at least 1");
  requested.store(n);
  setBlasThreads(n);
  applyNumThreads();
}

int numThreads() { return requested.load(); }

SingleThreadedBlas::SingleThreadedBlas() {
  const auto& blas = OpenBlas::instance();
  if (!blas.set) return;
  previous_ = blas.get();
  if (previous_ > 1) {
    blas.set(1);
  } else {
    previous_ = 0;
  }
}

SingleThreadedBlas::~SingleThreadedBlas() {
  if (previous_ > 0) OpenBlas::instance().set(previous_);
}

void applyNumThreads() {
  thread_local int applied = 0;
  int n = requested.load(std::memory_order_relaxed);
  if (n == 0 || n == applied) return;
  at::set_num_threads(n);
  applied = n;
}

}  // namespace aotc::runtime
