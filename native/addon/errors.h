// Exception translation at the addon boundary: every C++ failure becomes a message for a JS
// Error, never a crash. c10::Error messages lose their C++ backtrace.
#pragma once

#include <exception>
#include <string>

namespace aotc::addon {

// The message of the exception being handled (call inside a catch block), or of `error`.
std::string describeException(std::exception_ptr error = std::current_exception());

}  // namespace aotc::addon
