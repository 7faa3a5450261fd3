// OpenBLAS (Debian's libblas.so.3 alternative), when libtorch_cpu loaded it: its thread
// count, which at::set_num_threads does not size, and the kernel family it chose at load.
// Looked up without loading it; every member is null without OpenBLAS.
#pragma once

namespace aotc::runtime {

struct OpenBlas {
  using SetThreads = void (*)(int);
  using GetThreads = int (*)();
  using CoreName = char* (*)();
  SetThreads setNumThreads = nullptr;
  GetThreads getNumThreads = nullptr;
  CoreName coreName = nullptr;

  static const OpenBlas& instance();
};

}  // namespace aotc::runtime
