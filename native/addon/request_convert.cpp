#include "addon/request_convert.h"

#include <cmath>

namespace aotc::addon {
namespace {

Napi::Array arrayField(const Napi::Object& object, const char* key, const char* verb) {
  Napi::Value value = object.Get(key);
  if (!value.IsArray()) {
    throw Napi::TypeError::New(object.Env(),
                               std::string(verb) + ": '" + key + "' must be an array");
  }
  return value.As<Napi::Array>();
}

// Integers print exactly; anything else reaches the spec parser, which rejects it by name.
std::string numberText(const Napi::Value& value, const char* verb, const char* what) {
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(value.Env(), std::string(verb) + ": " + what + " must be numbers");
  }
  double d = value.As<Napi::Number>().DoubleValue();
  // (Range-checked first: converting a double beyond long long's range is undefined.)
  if (std::isfinite(d) && std::fabs(d) < 9.0e15 && d == std::floor(d)) {
    return std::to_string(static_cast<long long>(d));
  }
  return std::to_string(d);
}

// "1,3,224,224;2,2", "float;int64", "contiguous;channels_last"
void inputsText(const Napi::Object& object, const char* verb, std::string& sizes,
                std::string& types, std::string& formats) {
  auto inputs = arrayField(object, "inputs", verb);
  for (uint32_t i = 0; i < inputs.Length(); ++i) {
    Napi::Value item = inputs.Get(i);
    if (!item.IsObject()) throw Napi::TypeError::New(object.Env(), std::string(verb) + ": inputs must be objects");
    auto input = item.As<Napi::Object>();
    auto dims = arrayField(input, "sizes", verb);
    if (i) sizes += ';', types += ';', formats += ';';
    for (uint32_t d = 0; d < dims.Length(); ++d) {
      if (d) sizes += ',';
      sizes += numberText(dims.Get(d), verb, "input sizes");
    }
    types += stringField(input, "dtype", verb);
    formats += stringField(input, "memoryFormat", verb, false);
  }
}

// "0:0,1:0" (exact positions win) or "1,2" (size values).
std::string dynamicText(const Napi::Object& object, const char* verb) {
  std::string dynamic;
  if (!object.Get("dynamicDims").IsUndefined()) {
    auto positions = arrayField(object, "dynamicDims", verb);
    for (uint32_t i = 0; i < positions.Length(); ++i) {
      Napi::Value item = positions.Get(i);
      if (!item.IsObject()) {
        throw Napi::TypeError::New(object.Env(), std::string(verb) + ": dynamicDims must be {input, dim}");
      }
      auto position = item.As<Napi::Object>();
      if (i) dynamic += ',';
      dynamic += numberText(position.Get("input"), verb, "dynamic dims") + ":" +
                 numberText(position.Get("dim"), verb, "dynamic dims");
    }
  } else if (!object.Get("dynamicSizes").IsUndefined()) {
    auto sizes = arrayField(object, "dynamicSizes", verb);
    for (uint32_t i = 0; i < sizes.Length(); ++i) {
      if (i) dynamic += ',';
      dynamic += numberText(sizes.Get(i), verb, "dynamic sizes");
    }
  }
  return dynamic;
}

}  // namespace

std::string stringField(const Napi::Object& object, const char* key, const char* verb,
                        bool required) {
  Napi::Value value = object.Get(key);
  if (value.IsUndefined() && !required) return "";
  if (!value.IsString()) {
    throw Napi::TypeError::New(object.Env(), std::string(verb) + ": '" + key + "' must be a string");
  }
  return value.As<Napi::String>().Utf8Value();
}

compile::MethodSpec methodSpecFromJs(const Napi::Object& object, const char* verb,
                                     const MethodNames& names) {
  std::string sizes, types, formats;
  inputsText(object, verb, sizes, types, formats);
  c10::Dict<c10::IValue, c10::IValue> fields(c10::StringType::get(), c10::AnyType::get());
  fields.insert("sizes", sizes);
  fields.insert("types", types);
  if (formats.find_first_not_of(';') != std::string::npos) fields.insert("memory_formats", formats);
  fields.insert("dynamic_sizes", dynamicText(object, verb));
  fields.insert("model_name", names.modelName);
  fields.insert("model_version", names.modelVersion);
  fields.insert("asmfile", names.asmFile);
  fields.insert("target", stringField(object, "target", verb, false));
  fields.insert("cpu", stringField(object, "cpu", verb, false));
  fields.insert("matmul_precision", stringField(object, "matmulPrecision", verb, false));
  std::string method = stringField(object, "methodName", verb, false);
  try {
    return compile::parseMethodSpec(method.empty() ? "forward" : method, fields);
  } catch (const std::exception& e) {
    throw Napi::Error::New(object.Env(), e.what());
  }
}

}  // namespace aotc::addon
