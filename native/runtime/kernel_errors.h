// Failures the generated kernel code detects itself. It cannot throw: it calls one of these,
// which records the error for the calling thread as a failed external call does
// (external_call_error.h), and goes on with a harmless value; CompiledFunction::run throws the
// error when the kernel returns.
#pragma once

namespace aotc::runtime {

// An integer division or remainder by zero (TorchScript raises ZeroDivisionError; the
// instruction itself would kill the process with SIGFPE).
inline constexpr const char* kIntegerDivisionByZeroFunction = "aotc_integer_division_by_zero";

}  // namespace aotc::runtime

extern "C" void aotc_integer_division_by_zero();
