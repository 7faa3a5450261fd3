// C-linkage entry points for libtorch's NNC external functions (nnc_aten_conv2d, ...).
// Generated kernels call them by their plain names; libtorch defines them with C++ linkage, so a
// program that links a kernel object (rather than JIT-compiling it, where the JIT is given their
// addresses) resolves those names here. Only pulled in from the static library when a kernel
// object references them.
#include <torch/csrc/jit/tensorexpr/external_functions.h>

#define AOTC_DEFINE_C_SHIM(NAME)                                                           \
  extern "C" void NAME(int64_t bufs_num, void** buf_data, int64_t* buf_ranks,               \
                       int64_t* buf_dims, int64_t* buf_strides, int8_t* buf_dtypes,         \
                       int64_t args_num, int64_t* extra_args) {                             \
    torch::jit::tensorexpr::NAME(bufs_num, buf_data, buf_ranks, buf_dims, buf_strides,      \
                                 buf_dtypes, args_num, extra_args);                         \
  }

FOR_ALL_EXTERNAL_FUNCTIONS(AOTC_DEFINE_C_SHIM)
