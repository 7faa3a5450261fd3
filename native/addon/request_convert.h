// JS request objects (compile, inspect) -> the method spec they describe. The request is turned
// into the same string-form compile spec upstream's tool built, so one parser
// (compile::parseMethodSpec) validates requests from JS and specs from upstream tooling alike.
// Malformed fields throw Napi::TypeError naming the field; bad values throw Napi::Error with the
// parser's message.
#pragma once

#include <string>

#include <napi.h>

#include "compile/method_spec.h"

namespace aotc::addon {

// `verb` prefixes messages ("compile", "inspect").
std::string stringField(const Napi::Object& object, const char* key, const char* verb,
                        bool required = true);

struct MethodNames {
  std::string modelName;
  std::string modelVersion;
  std::string asmFile;
};

// Reads inputs, dynamicDims / dynamicSizes, methodName (default forward), target and cpu.
compile::MethodSpec methodSpecFromJs(const Napi::Object& object, const char* verb,
                                     const MethodNames& names);

}  // namespace aotc::addon
