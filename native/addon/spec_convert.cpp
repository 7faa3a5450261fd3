#include "addon/spec_convert.h"

#include "runtime/dtype_names.h"

namespace aotc::addon {
namespace {

Napi::Object specToJs(Napi::Env env, const std::vector<int64_t>& sizes,
                      const std::vector<int64_t>& dimSymbols, c10::ScalarType dtype,
                      c10::MemoryFormat format) {
  auto jsSizes = Napi::Array::New(env, sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    jsSizes.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(sizes[i])));
  }
  auto spec = Napi::Object::New(env);
  spec.Set("sizes", jsSizes);
  spec.Set("dtype", runtime::dtypeName(dtype));
  spec.Set("memoryFormat",
           format == c10::MemoryFormat::ChannelsLast ? "channels_last" : "contiguous");
  // Per dimension: -1 static, else the symbol (dynamic dimensions with one symbol agree).
  auto symbols = Napi::Array::New(env, dimSymbols.size());
  for (size_t i = 0; i < dimSymbols.size(); ++i) {
    symbols.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(dimSymbols[i])));
  }
  spec.Set("dimSymbols", symbols);
  return spec;
}

}  // namespace

Napi::Array inputSpecsToJs(Napi::Env env, const std::vector<runtime::InputSpec>& specs) {
  auto array = Napi::Array::New(env, specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    auto spec = specToJs(env, specs[i].sizes, specs[i].dimSymbols, specs[i].dtype,
                         specs[i].memoryFormat);
    if (!specs[i].name.empty()) spec.Set("name", specs[i].name);
    array.Set(static_cast<uint32_t>(i), spec);
  }
  return array;
}

Napi::Array outputSpecsToJs(Napi::Env env, const std::vector<runtime::OutputSpec>& specs) {
  auto array = Napi::Array::New(env, specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    array.Set(static_cast<uint32_t>(i), specToJs(env, specs[i].sizes, specs[i].dimSymbols,
                                                 specs[i].dtype, c10::MemoryFormat::Contiguous));
  }
  return array;
}

}  // namespace aotc::addon
