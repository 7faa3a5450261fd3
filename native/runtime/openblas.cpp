#include "runtime/openblas.h"

#include <initializer_list>

#include <dlfcn.h>

namespace aotc::runtime {

const OpenBlas& OpenBlas::instance() {
  static const OpenBlas blas = [] {
    OpenBlas found;
    for (const char* name : {"libopenblas.so.0", "libblas.so.3"}) {
      void* handle = ::dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
      if (!handle) continue;
      found.setNumThreads = reinterpret_cast<SetThreads>(::dlsym(handle, "openblas_set_num_threads"));
      found.getNumThreads = reinterpret_cast<GetThreads>(::dlsym(handle, "openblas_get_num_threads"));
      found.coreName = reinterpret_cast<CoreName>(::dlsym(handle, "openblas_get_corename"));
      ::dlclose(handle);  // still loaded by libtorch: the pointers stay valid
      if (found.setNumThreads && found.getNumThreads) return found;
      found = OpenBlas{};
    }
    return found;
  }();
  return blas;
}

}  // namespace aotc::runtime
