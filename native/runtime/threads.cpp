#include "runtime/threads.h"

#include <atomic>
#include <stdexcept>

#include <omp.h>

#include <ATen/Parallel.h>

#include "runtime/openblas.h"

namespace aotc::runtime {
namespace {

std::atomic<int> requested{0};
thread_local int applied = 0;  // the count this thread's OpenMP regions use, 0 if never set

void setBlasThreads(int n) {
  if (const auto& blas = OpenBlas::instance(); blas.setNumThreads) blas.setNumThreads(n);
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
  if (!blas.setNumThreads) return;
  previous_ = blas.getNumThreads();
  if (previous_ > 1) {
    blas.setNumThreads(1);
  } else {
    previous_ = 0;
  }
}

SingleThreadedBlas::~SingleThreadedBlas() {
  if (previous_ > 0) OpenBlas::instance().setNumThreads(previous_);
}

void serialOpenMpOnThisThread() {
  if (applied == 1) return;
  // ATen sets a thread's count on its first parallel_for; do that first, so it cannot undo this.
  at::internal::lazy_init_num_threads();
  omp_set_num_threads(1);
  applied = 1;
}

void applyNumThreads() {
  int n = requested.load(std::memory_order_relaxed);
  if (n == 0 || n == applied) return;
  at::set_num_threads(n);
  applied = n;
}

}  // namespace aotc::runtime
