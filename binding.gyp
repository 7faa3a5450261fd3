# node-gyp build of the addon: the same sources (native/sources.txt), include directories
# (LLVM's as a system directory, as CMake does, so its headers' warnings stay quiet),
# defines and libraries as CMakeLists.txt (cmake-js). Used by node-gyp-build's install
# fallback when no prebuild matches, and by `npm run prebuild` (prebuildify).
{
  "targets": [
    {
      "target_name": "aot_model_compiler",
      "sources": ["<!@(node scripts/gyp-sources.js)"],
      "include_dirs": [
        "native",
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "/usr/include/torch/csrc/api/include"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "_GNU_SOURCE",
        "__STDC_CONSTANT_MACROS",
        "__STDC_FORMAT_MACROS",
        "__STDC_LIMIT_MACROS",
        "GFLAGS_IS_A_DLL=0",
        "GLOG_CUSTOM_PREFIX_SUPPORT",
        "USE_C10D_GLOO",
        "USE_DISTRIBUTED",
        "USE_RPC",
        "USE_TENSORPIPE",
        "_GLIBCXX_USE_CXX11_ABI=1"
      ],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++1y", "-std=gnu++20"],
      "cflags_cc": ["-std=gnu++17", "-fexceptions", "-frtti", "-O3", "-Wno-unused-parameter", "-fopenmp",
                    "-isystem", "/usr/lib/llvm-19/include"],
      "ldflags": ["-Wl,--no-as-needed", "-Wl,-rpath,/usr/lib/llvm-19/lib", "-fopenmp"],
      "libraries": [
        "-ltorch",
        "-ltorch_cpu",
        "-lc10",
        "-ldnnl",
        "-L/usr/lib/llvm-19/lib",
        "-lLLVM-19"
      ]
    }
  ]
}
