// JS tensors ({data: TypedArray, shape: number[], dtype}) <-> at::Tensor, by copy. Runs on
// the main thread; invalid tensors throw Napi::TypeError naming what is wrong.
#pragma once

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <napi.h>

namespace aotc::addon {

at::Tensor tensorFromJs(const Napi::Value& value, const std::string& what);
std::vector<at::Tensor> tensorsFromJs(const Napi::Value& value);

Napi::Object tensorToJs(Napi::Env env, const at::Tensor& tensor);
Napi::Array tensorsToJs(Napi::Env env, const std::vector<at::Tensor>& tensors);

}  // namespace aotc::addon
