// The intra-op thread count of compiled kernels' libtorch externals (conv, matmul) and of the
// reference models. at::set_num_threads is per OS thread under OpenMP (each thread keeps its
// own count once initialised), and runs happen on Node's worker threads: so the setting is
// process-wide here, and every run applies it to the thread it runs on.
#pragma once

namespace aotc::runtime {

// Sets the count (n >= 1) for every later run, and OpenBLAS's (process-wide) thread count.
void setNumThreads(int n);

// The count set by setNumThreads, or 0 when it was never called (libtorch's default).
int numThreads();

// Makes the calling thread use the count set by setNumThreads (cheap when it already does).
void applyNumThreads();

// Makes OpenMP regions started on the calling thread run on it alone, for work done off the
// compute thread (loading and compiling models on Node's worker threads). libgomp gives each
// thread that starts a parallel region a team of its own, and once the process has more OpenMP
// threads than CPUs every team stops spinning between regions, so each region of a later run
// waits for its workers to be woken: loading a frozen TorchScript encoder on a worker thread
// made the compiled encoder at 2 threads 2x slower for the rest of the process (p10 1.5 ms ->
// 3.1-3.6 ms on a 2-CPU VM).
void serialOpenMpOnThisThread();

// While alive, OpenBLAS runs on the calling thread alone; the previous count comes back after.
// Compiled kernels parallelise through OpenMP (libtorch, oneDNN, their own loops); OpenBLAS's
// own pool, woken by a matrix product inside a kernel, spins on the same cores after it and
// slowed the rest of the kernel down: the encoder layer ran in 4.5 ms at 2 threads with it,
// 1.45 ms without. No-op without OpenBLAS.
class SingleThreadedBlas {
 public:
  SingleThreadedBlas();
  ~SingleThreadedBlas();
  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

 private:
  int previous_ = 0;  // 0: nothing to restore
};

}  // namespace aotc::runtime
