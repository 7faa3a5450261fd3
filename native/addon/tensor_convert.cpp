#include "addon/tensor_convert.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include <ATen/ATen.h>

#include "runtime/dtype_names.h"

namespace aotc::addon {
namespace {

napi_typedarray_type arrayTypeFor(c10::ScalarType dtype) {
  switch (dtype) {
    case c10::ScalarType::Float: return napi_float32_array;
    case c10::ScalarType::Double: return napi_float64_array;
    case c10::ScalarType::Long: return napi_bigint64_array;
    case c10::ScalarType::Int: return napi_int32_array;
    case c10::ScalarType::Byte:
    case c10::ScalarType::Bool: return napi_uint8_array;
    default:
      throw std::invalid_argument("tensors of dtype " + runtime::dtypeName(dtype) +
                                  " cannot be passed to or from JavaScript");
  }
}

const char* arrayTypeName(napi_typedarray_type type) {
  switch (type) {
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint8_array: return "Uint8Array";
    default: return "another TypedArray";
  }
}

std::vector<int64_t> shapeFromJs(const Napi::Env& env, const Napi::Value& value,
                                 const std::string& what) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, what + ": shape must be an array");
  auto array = value.As<Napi::Array>();
  std::vector<int64_t> shape;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value dim = array.Get(i);
    double d = dim.IsNumber() ? dim.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0) || std::floor(d) != d || d > 9007199254740991.0) {
      throw Napi::TypeError::New(env, what + ": shape must hold non-negative integers");
    }
    shape.push_back(static_cast<int64_t>(d));
  }
  return shape;
}

}  // namespace

namespace {

struct CheckedTensor {
  c10::ScalarType dtype;
  std::vector<int64_t> shape;
  Napi::TypedArray data;
};

CheckedTensor checkTensorFromJs(const Napi::Value& value, const std::string& what) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, what + ": expected {data, shape, dtype}");
  auto object = value.As<Napi::Object>();
  Napi::Value dtypeValue = object.Get("dtype");
  if (!dtypeValue.IsString()) throw Napi::TypeError::New(env, what + ": dtype must be a string");
  c10::ScalarType dtype;
  try {
    dtype = runtime::dtypeFromName(dtypeValue.As<Napi::String>().Utf8Value());
  } catch (const std::exception& e) {
    throw Napi::TypeError::New(env, what + ": " + e.what());
  }
  auto shape = shapeFromJs(env, object.Get("shape"), what);

  Napi::Value dataValue = object.Get("data");
  if (!dataValue.IsTypedArray()) throw Napi::TypeError::New(env, what + ": data must be a TypedArray");
  auto data = dataValue.As<Napi::TypedArray>();
  auto expectedType = arrayTypeFor(dtype);
  if (data.TypedArrayType() != expectedType) {
    throw Napi::TypeError::New(env, what + ": dtype " + runtime::dtypeName(dtype) + " needs a " +
                                        arrayTypeName(expectedType) + ", got " +
                                        arrayTypeName(data.TypedArrayType()));
  }
  if (data.ArrayBuffer().IsDetached()) {
    throw Napi::TypeError::New(env, what + ": data's ArrayBuffer is detached");
  }
  uint64_t elements = 1;
  for (int64_t d : shape) {
    if (d != 0 && elements > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) {
      throw Napi::RangeError::New(env, what + ": shape is too large");
    }
    elements *= static_cast<uint64_t>(d);
  }
  if (elements != data.ElementLength()) {
    throw Napi::RangeError::New(env, what + ": shape holds " + std::to_string(elements) +
                                         " elements but data has " +
                                         std::to_string(data.ElementLength()));
  }
  return {dtype, std::move(shape), data};
}

}  // namespace

at::Tensor tensorFromJs(const Napi::Value& value, const std::string& what) {
  Napi::Env env = value.Env();
  auto [dtype, shape, data] = checkTensorFromJs(value, what);
  at::Tensor tensor;
  try {
    tensor = at::empty(shape, at::TensorOptions().dtype(dtype));
  } catch (const c10::Error& error) {
    throw Napi::RangeError::New(env, what + ": " + error.what_without_backtrace());
  }
  const auto* source = static_cast<const uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
  std::memcpy(tensor.data_ptr(), source, data.ByteLength());
  return tensor;
}

std::vector<at::Tensor> tensorsFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsArray()) throw Napi::TypeError::New(env, "inputs must be an array of tensors");
  auto array = value.As<Napi::Array>();
  std::vector<at::Tensor> tensors;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    tensors.push_back(tensorFromJs(array.Get(i), "input " + std::to_string(i)));
  }
  return tensors;
}

std::vector<at::Tensor> tensorViewsFromJs(const Napi::Value& value,
                                          std::vector<Napi::ObjectReference>* keepAlive,
                                          const std::string& what) {
  Napi::Env env = value.Env();
  if (!value.IsArray()) throw Napi::TypeError::New(env, what + "s must be an array of tensors");
  auto array = value.As<Napi::Array>();
  std::vector<at::Tensor> tensors;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    std::string name = what + " " + std::to_string(i);
    auto [dtype, shape, data] = checkTensorFromJs(array.Get(i), name);
    auto* bytes = static_cast<uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
    try {
      tensors.push_back(at::from_blob(bytes, shape, at::TensorOptions().dtype(dtype)));
    } catch (const c10::Error& error) {
      throw Napi::RangeError::New(env, name + ": " + error.what_without_backtrace());
    }
    if (keepAlive) keepAlive->push_back(Napi::Persistent(static_cast<Napi::Object>(data)));
  }
  return tensors;
}

namespace {

Napi::Value typedArrayOver(Napi::Env env, napi_typedarray_type type, size_t length,
                           Napi::ArrayBuffer buffer, size_t byteOffset = 0) {
  switch (type) {
    case napi_float32_array: return Napi::Float32Array::New(env, length, buffer, byteOffset);
    case napi_float64_array: return Napi::Float64Array::New(env, length, buffer, byteOffset);
    case napi_bigint64_array: return Napi::BigInt64Array::New(env, length, buffer, byteOffset);
    case napi_int32_array: return Napi::Int32Array::New(env, length, buffer, byteOffset);
    default: return Napi::Uint8Array::New(env, length, buffer, byteOffset);
  }
}

Napi::Object tensorObject(Napi::Env env, const at::Tensor& dense, Napi::Value data) {
  auto shape = Napi::Array::New(env, dense.dim());
  for (int64_t d = 0; d < dense.dim(); ++d) {
    shape.Set(static_cast<uint32_t>(d), Napi::Number::New(env, static_cast<double>(dense.size(d))));
  }
  auto object = Napi::Object::New(env);
  object.Set("data", data);
  object.Set("shape", shape);
  object.Set("dtype", runtime::dtypeName(dense.scalar_type()));
  return object;
}

}  // namespace

Napi::ArrayBuffer arrayBufferOwning(Napi::Env env, at::Tensor tensor) {
  // The ArrayBuffer owns the tensor (its storage) until V8 collects it. V8 is told of the
  // memory, so that it collects outputs of many runs promptly and their memory is reused
  // (still resident) rather than fresh pages being faulted in for every run.
  const size_t bytes = tensor.nbytes();
  void* data = tensor.data_ptr();
  auto owned = std::make_unique<at::Tensor>(std::move(tensor));
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(
      env, data, bytes,
      [](Napi::Env finalizeEnv, void*, at::Tensor* held) {
        std::unique_ptr<at::Tensor> release(held);
        Napi::MemoryManagement::AdjustExternalMemory(finalizeEnv,
                                                     -static_cast<int64_t>(held->nbytes()));
      },
      owned.get());
  owned.release();  // now owned by the buffer
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(bytes));
  return buffer;
}

Napi::Array tensorsToJsNoCopy(Napi::Env env, std::vector<at::Tensor> tensors) {
  auto array = Napi::Array::New(env, tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    at::Tensor dense = tensors[i].contiguous();
    const size_t bytes = dense.nbytes();
    Napi::ArrayBuffer buffer;
    // Small outputs are copied into memory V8 owns (a copy costs less than a finalizer, which
    // Node runs only when its event loop turns); large ones are handed over without a copy.
    if (bytes < kCopyBelowBytes || dense.storage_offset() != 0) {
      buffer = Napi::ArrayBuffer::New(env, bytes);
      if (bytes) std::memcpy(buffer.Data(), dense.data_ptr(), bytes);
    } else {
      buffer = arrayBufferOwning(env, dense);
    }
    array.Set(static_cast<uint32_t>(i), tensorOverBuffer(env, dense, buffer, 0));
  }
  return array;
}

Napi::Object tensorOverBuffer(Napi::Env env, const at::Tensor& tensor, Napi::ArrayBuffer buffer,
                              size_t byteOffset) {
  return tensorObject(env, tensor,
                      typedArrayOver(env, arrayTypeFor(tensor.scalar_type()),
                                     static_cast<size_t>(tensor.numel()), buffer, byteOffset));
}

Napi::Object tensorToJs(Napi::Env env, const at::Tensor& tensor) {
  auto dense = tensor.contiguous();
  size_t length = dense.numel();
  size_t bytes = length * dense.element_size();
  auto buffer = Napi::ArrayBuffer::New(env, bytes);
  if (bytes) std::memcpy(buffer.Data(), dense.data_ptr(), bytes);
  return tensorObject(env, dense,
                      typedArrayOver(env, arrayTypeFor(dense.scalar_type()), length, buffer));
}

Napi::Array tensorsToJs(Napi::Env env, const std::vector<at::Tensor>& tensors) {
  auto array = Napi::Array::New(env, tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    array.Set(static_cast<uint32_t>(i), tensorToJs(env, tensors[i]));
  }
  return array;
}

}  // namespace aotc::addon
