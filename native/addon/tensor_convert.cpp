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

// "input 2" for index 1 (counted from 1, as the TypeScript layer's messages): built only for
// an error message, not on every run.
std::string label(const char* kind, uint32_t index) {
  return std::string(kind) + " " + std::to_string(index + 1);
}

std::vector<int64_t> shapeFromJs(const Napi::Env& env, const Napi::Value& value,
                                 const char* kind, uint32_t index) {
  if (!value.IsArray()) {
    throw Napi::TypeError::New(env, label(kind, index) + ": shape must be an array");
  }
  auto array = value.As<Napi::Array>();
  const uint32_t rank = array.Length();
  std::vector<int64_t> shape(rank);
  for (uint32_t i = 0; i < rank; ++i) {
    Napi::Value dim = array.Get(i);
    double d = dim.IsNumber() ? dim.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0) || std::floor(d) != d || d > 9007199254740991.0) {
      throw Napi::TypeError::New(env,
                                 label(kind, index) + ": shape must hold non-negative integers");
    }
    shape[i] = static_cast<int64_t>(d);
  }
  return shape;
}

// The number of elements of `shape`; throws when it overflows.
uint64_t elementCount(const Napi::Env& env, const std::vector<int64_t>& shape, const char* kind,
                      uint32_t index) {
  uint64_t elements = 1;
  for (int64_t d : shape) {
    if (d != 0 && elements > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) {
      throw Napi::RangeError::New(env, label(kind, index) + ": shape is too large");
    }
    elements *= static_cast<uint64_t>(d);
  }
  return elements;
}

struct CheckedTensor {
  c10::ScalarType dtype;
  std::vector<int64_t> shape;
  void* bytes;  // the data's first byte
  size_t byteLength;
};

CheckedTensor checkTensorFromJs(const Napi::Value& value, const char* kind, uint32_t index) {
  Napi::Env env = value.Env();
  auto fail = [&](const std::string& what) { return label(kind, index) + ": " + what; };
  if (!value.IsObject()) throw Napi::TypeError::New(env, fail("expected {data, shape, dtype}"));
  auto object = value.As<Napi::Object>();
  Napi::Value dtypeValue = object.Get("dtype");
  if (!dtypeValue.IsString()) throw Napi::TypeError::New(env, fail("dtype must be a string"));
  c10::ScalarType dtype;
  try {
    dtype = runtime::dtypeFromName(dtypeValue.As<Napi::String>().Utf8Value());
  } catch (const std::exception& e) {
    throw Napi::TypeError::New(env, fail(e.what()));
  }
  auto shape = shapeFromJs(env, object.Get("shape"), kind, index);

  Napi::Value dataValue = object.Get("data");
  if (!dataValue.IsTypedArray()) throw Napi::TypeError::New(env, fail("data must be a TypedArray"));
  // One napi_get_typedarray_info call for type, length, memory and buffer.
  napi_typedarray_type type;
  size_t length = 0;
  void* bytes = nullptr;
  napi_value arrayBuffer;
  size_t byteOffset = 0;
  NAPI_THROW_IF_FAILED(env, napi_get_typedarray_info(env, dataValue, &type, &length, &bytes,
                                                     &arrayBuffer, &byteOffset),
                       CheckedTensor());
  auto expectedType = arrayTypeFor(dtype);
  if (type != expectedType) {
    throw Napi::TypeError::New(env, fail("dtype " + runtime::dtypeName(dtype) + " needs a " +
                                         arrayTypeName(expectedType) + ", got " +
                                         arrayTypeName(type)));
  }
  if (length == 0 && Napi::ArrayBuffer(env, arrayBuffer).IsDetached()) {
    throw Napi::TypeError::New(env, fail("data's ArrayBuffer is detached"));
  }
  const uint64_t elements = elementCount(env, shape, kind, index);
  if (elements != length) {
    throw Napi::RangeError::New(env, fail("shape holds " + std::to_string(elements) +
                                          " elements but data has " + std::to_string(length)));
  }
  const size_t byteLength = length * c10::elementSize(dtype);
  return {dtype, std::move(shape), bytes, byteLength};
}

}  // namespace

at::Tensor tensorFromJs(const Napi::Value& value, const char* kind, uint32_t index) {
  Napi::Env env = value.Env();
  CheckedTensor checked = checkTensorFromJs(value, kind, index);
  at::Tensor tensor;
  try {
    tensor = at::empty(checked.shape, at::TensorOptions().dtype(checked.dtype));
  } catch (const c10::Error& error) {
    throw Napi::RangeError::New(env, label(kind, index) + ": " + error.what_without_backtrace());
  }
  if (checked.byteLength) std::memcpy(tensor.data_ptr(), checked.bytes, checked.byteLength);
  return tensor;
}

std::vector<at::Tensor> tensorsFromJs(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsArray()) throw Napi::TypeError::New(env, "inputs must be an array of tensors");
  auto array = value.As<Napi::Array>();
  std::vector<at::Tensor> tensors;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    tensors.push_back(tensorFromJs(array.Get(i), "input", i));
  }
  return tensors;
}

namespace {

// The sizes of a tensor passed as data and shape: the spec's when it has no dynamic dimension
// (the shape is not read: the caller checked it), else the shape's, which must keep the spec's
// rank and static sizes.
std::vector<int64_t> sizesFor(const Napi::Env& env, const std::vector<int64_t>& specSizes,
                              const Napi::Value& shapes, const char* kind, uint32_t index) {
  bool dynamic = false;
  for (int64_t size : specSizes) dynamic = dynamic || size == 0;
  if (!dynamic) return specSizes;
  if (!shapes.IsArray()) {
    throw Napi::TypeError::New(env, std::string(kind) + "s' shapes must be an array");
  }
  std::vector<int64_t> sizes = shapeFromJs(env, shapes.As<Napi::Array>().Get(index), kind, index);
  bool matches = sizes.size() == specSizes.size();
  for (size_t d = 0; matches && d < sizes.size(); ++d) {
    matches = specSizes[d] == 0 || specSizes[d] == sizes[d];
  }
  if (!matches) {
    throw Napi::RangeError::New(env, label(kind, index) + ": its shape does not fit the model");
  }
  return sizes;
}

}  // namespace

std::vector<DataView> dataViewsFromJs(const Napi::Value& datas, const Napi::Value& shapes,
                                      const std::vector<DataSpec>& specs,
                                      std::vector<Napi::ObjectReference>* keepAlive,
                                      const char* kind) {
  Napi::Env env = datas.Env();
  if (!datas.IsArray()) {
    throw Napi::TypeError::New(env, std::string(kind) + "s must be an array of TypedArrays");
  }
  auto array = datas.As<Napi::Array>();
  if (array.Length() != specs.size()) {
    throw Napi::RangeError::New(env, "expected " + std::to_string(specs.size()) + " " + kind +
                                         "s, got " + std::to_string(array.Length()));
  }
  std::vector<DataView> views;
  views.reserve(specs.size());
  for (uint32_t i = 0; i < specs.size(); ++i) {
    Napi::Value data = array.Get(i);
    if (!data.IsTypedArray()) {
      throw Napi::TypeError::New(env, label(kind, i) + ": expected a TypedArray");
    }
    napi_typedarray_type type;
    size_t length = 0;
    void* bytes = nullptr;
    NAPI_THROW_IF_FAILED(
        env, napi_get_typedarray_info(env, data, &type, &length, &bytes, nullptr, nullptr), {});
    const c10::ScalarType dtype = specs[i].dtype;
    if (type != arrayTypeFor(dtype)) {
      throw Napi::TypeError::New(env, label(kind, i) + ": " + runtime::dtypeName(dtype) +
                                          " needs a " + arrayTypeName(arrayTypeFor(dtype)) +
                                          ", got " + arrayTypeName(type));
    }
    std::vector<int64_t> sizes = sizesFor(env, *specs[i].sizes, shapes, kind, i);
    const uint64_t elements = elementCount(env, sizes, kind, i);
    if (elements != length) {
      // A detached ArrayBuffer leaves its views empty.
      throw Napi::RangeError::New(env, label(kind, i) + ": " + std::to_string(elements) +
                                           " elements expected, the data has " +
                                           std::to_string(length));
    }
    views.push_back({bytes, dtype, std::move(sizes)});
    if (keepAlive) keepAlive->push_back(Napi::Persistent(data.As<Napi::Object>()));
  }
  return views;
}

std::vector<at::Tensor> tensorViewsFromData(const Napi::Value& datas, const Napi::Value& shapes,
                                            const std::vector<DataSpec>& specs,
                                            std::vector<Napi::ObjectReference>* keepAlive,
                                            const char* kind) {
  std::vector<DataView> views = dataViewsFromJs(datas, shapes, specs, keepAlive, kind);
  std::vector<at::Tensor> tensors;
  tensors.reserve(views.size());
  for (uint32_t i = 0; i < views.size(); ++i) {
    try {
      tensors.push_back(at::from_blob(views[i].data, views[i].sizes,
                                      at::TensorOptions().dtype(views[i].dtype)));
    } catch (const c10::Error& error) {
      throw Napi::RangeError::New(datas.Env(),
                                  label(kind, i) + ": " + error.what_without_backtrace());
    }
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
  auto object = Napi::Object::New(env);
  object.Set("data", data);
  object.Set("shape", shapeToJs(env, dense.sizes()));
  object.Set("dtype", runtime::dtypeName(dense.scalar_type()));
  return object;
}

}  // namespace

Napi::ArrayBuffer arrayBufferOwning(Napi::Env env, at::Tensor tensor) {
  const size_t bytes = tensor.nbytes();
  void* data = tensor.data_ptr();
  return externalArrayBuffer(env, data, bytes, bytes,
                             std::make_unique<at::Tensor>(std::move(tensor)));
}

Napi::Array dataToJsNoCopy(Napi::Env env, std::vector<at::Tensor> tensors, bool withShapes) {
  const size_t count = tensors.size();
  auto array = Napi::Array::New(env, withShapes ? 2 * count : count);
  for (size_t i = 0; i < count; ++i) {
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
    array.Set(static_cast<uint32_t>(i),
              typedArrayOverBuffer(env, dense.scalar_type(), static_cast<size_t>(dense.numel()),
                                   buffer, 0));
    if (withShapes) array.Set(static_cast<uint32_t>(count + i), shapeToJs(env, dense.sizes()));
  }
  return array;
}

Napi::Value typedArrayOverBuffer(Napi::Env env, at::ScalarType dtype, size_t length,
                                 Napi::ArrayBuffer buffer, size_t byteOffset) {
  return typedArrayOver(env, arrayTypeFor(dtype), length, buffer, byteOffset);
}

Napi::Array shapeToJs(Napi::Env env, at::IntArrayRef sizes) {
  auto shape = Napi::Array::New(env, sizes.size());
  for (size_t d = 0; d < sizes.size(); ++d) {
    shape.Set(static_cast<uint32_t>(d), Napi::Number::New(env, static_cast<double>(sizes[d])));
  }
  return shape;
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
