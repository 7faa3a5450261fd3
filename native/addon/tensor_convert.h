// JS tensors ({data: TypedArray, shape: number[], dtype}) <-> at::Tensor, by copy. Runs on
// the main thread; invalid tensors throw Napi::TypeError naming what is wrong.
#pragma once

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <napi.h>

namespace aotc::addon {

at::Tensor tensorFromJs(const Napi::Value& value, const char* kind, uint32_t index);
std::vector<at::Tensor> tensorsFromJs(const Napi::Value& value);

// Without copies, for compiled-model runs: each tensor views its TypedArray's memory. For
// views used after this call returns (async runs), `keepAlive` receives a reference to each
// TypedArray, which must outlive the tensors; nullptr when they are used before returning.
// `kind` names the tensors in messages ("input 1", "output 2": counted from 1).
std::vector<at::Tensor> tensorViewsFromJs(const Napi::Value& value,
                                          std::vector<Napi::ObjectReference>* keepAlive,
                                          const char* kind = "input");

Napi::Object tensorToJs(Napi::Env env, const at::Tensor& tensor);
Napi::Array tensorsToJs(Napi::Env env, const std::vector<at::Tensor>& tensors);

// A JS tensor whose TypedArray views `buffer` from `byteOffset`: the contiguous `tensor`'s own
// memory, which the buffer owns.
Napi::Object tensorOverBuffer(Napi::Env env, const at::Tensor& tensor, Napi::ArrayBuffer buffer,
                              size_t byteOffset);

// Outputs smaller than this are copied into V8's memory rather than handed over with a
// finalizer (which costs more, and runs only when the event loop turns).
inline constexpr size_t kCopyBelowBytes = 64 * 1024;

// An ArrayBuffer over the contiguous `tensor`'s memory that keeps the tensor until V8 collects
// it (then its finalizer frees it, when the event loop turns).
Napi::ArrayBuffer arrayBufferOwning(Napi::Env env, at::Tensor tensor);

// Without copies: each TypedArray's ArrayBuffer is the tensor's own memory, freed with it.
// Only for tensors nothing else refers to (a compiled kernel's fresh outputs).
Napi::Array tensorsToJsNoCopy(Napi::Env env, std::vector<at::Tensor> tensors);

}  // namespace aotc::addon
