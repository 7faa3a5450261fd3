// JS tensors ({data: TypedArray, shape: number[], dtype}) <-> at::Tensor, by copy. Runs on
// the main thread; invalid tensors throw Napi::TypeError naming what is wrong.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <napi.h>

namespace aotc::addon {

at::Tensor tensorFromJs(const Napi::Value& value, const char* kind, uint32_t index);
std::vector<at::Tensor> tensorsFromJs(const Napi::Value& value);

// How a compiled model's run reads a tensor passed as its data: the dtype, and the sizes (0 =
// dynamic) of the spec it must fit.
struct DataSpec {
  c10::ScalarType dtype;
  const std::vector<int64_t>* sizes;
};

// Compiled-model runs pass tensors as TypedArrays (`datas`), which the TypeScript layer has
// checked, and their shapes (`shapes`, read only for specs with a dynamic dimension). Without
// copies: each tensor views its TypedArray's memory; what a run relies on (the TypedArray's
// type, its length against the sizes) is checked again here. For views used after this call
// returns (async runs), `keepAlive` receives a reference to each TypedArray, which must outlive
// the tensors; nullptr when they are used before returning. `kind` names the tensors in
// messages ("input 1", "output 2": counted from 1).
std::vector<at::Tensor> tensorViewsFromData(const Napi::Value& datas, const Napi::Value& shapes,
                                            const std::vector<DataSpec>& specs,
                                            std::vector<Napi::ObjectReference>* keepAlive,
                                            const char* kind);

// The same, as plain views (no at::Tensor), for runs over plain memory.
struct DataView {
  void* data;
  c10::ScalarType dtype;
  std::vector<int64_t> sizes;
};
std::vector<DataView> dataViewsFromJs(const Napi::Value& datas, const Napi::Value& shapes,
                                      const std::vector<DataSpec>& specs,
                                      std::vector<Napi::ObjectReference>* keepAlive,
                                      const char* kind);

Napi::Object tensorToJs(Napi::Env env, const at::Tensor& tensor);
Napi::Array tensorsToJs(Napi::Env env, const std::vector<at::Tensor>& tensors);

// A TypedArray of `length` elements of `dtype` over `buffer` from `byteOffset`.
Napi::Value typedArrayOverBuffer(Napi::Env env, at::ScalarType dtype, size_t length,
                                 Napi::ArrayBuffer buffer, size_t byteOffset);

Napi::Array shapeToJs(Napi::Env env, at::IntArrayRef sizes);

// Outputs smaller than this are copied into V8's memory rather than handed over with a
// finalizer (which costs more, and runs only when the event loop turns).
inline constexpr size_t kCopyBelowBytes = 64 * 1024;

// An ArrayBuffer over `bytes` at `data`, which `owner` keeps alive until V8 collects the buffer;
// then the finalizer (which Node runs when its event loop turns) destroys `owner`, releasing
// the memory. V8 is told of `accountedBytes`, so that it collects outputs of many runs promptly
// and their memory is reused (still resident) rather than fresh pages being faulted in for
// every run. If the buffer cannot be made, `owner` is destroyed before this throws.
template <class Owner>
Napi::ArrayBuffer externalArrayBuffer(Napi::Env env, void* data, size_t bytes,
                                      size_t accountedBytes, std::unique_ptr<Owner> owner) {
  struct Held {
    std::unique_ptr<Owner> owner;
    size_t accountedBytes;
  };
  auto held = std::make_unique<Held>(Held{std::move(owner), accountedBytes});
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(
      env, data, bytes,
      [](Napi::Env finalizeEnv, void*, Held* finalized) {
        std::unique_ptr<Held> release(finalized);
        Napi::MemoryManagement::AdjustExternalMemory(
            finalizeEnv, -static_cast<int64_t>(release->accountedBytes));
      },
      held.get());
  held.release();  // now the finalizer's
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(accountedBytes));
  return buffer;
}

// An ArrayBuffer over the contiguous `tensor`'s memory that keeps the tensor until V8 collects
// it (externalArrayBuffer).
Napi::ArrayBuffer arrayBufferOwning(Napi::Env env, at::Tensor tensor);

// A compiled-model run's result as the TypeScript layer reads it: the outputs' data as
// TypedArrays, followed, `withShapes`, by their shapes (for models with dynamic output sizes;
// otherwise they are the specs'). Without copies: each TypedArray's ArrayBuffer is the
// tensor's own memory, freed with it. Only for tensors nothing else refers to (a compiled
// kernel's fresh outputs).
Napi::Array dataToJsNoCopy(Napi::Env env, std::vector<at::Tensor> tensors, bool withShapes);

}  // namespace aotc::addon
