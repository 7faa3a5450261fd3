// How an external function our kernels call (e.g. aotc_dnnl_conv2d) reports a failure. The
// generated kernel code has no unwind tables, so an exception must not cross it: the function
// catches it, records the message for the calling thread and returns; CompiledFunction::run
// checks after the kernel returns and throws it there.
#pragma once

#include <exception>
#include <string>

namespace aotc::runtime {

// Records the first failure of the current kernel call on this thread.
void recordExternalCallError(const std::string& message);

// Clears the record, returning it ("" when nothing failed).
std::string takeExternalCallError();

// Runs `body` for an external function named `what`, recording what it throws.
template <class Body>
void runWithoutThrowing(const char* what, Body&& body) noexcept {
  try {
    body();
  } catch (const std::exception& error) {
    recordExternalCallError(std::string(what) + ": " + error.what());
  } catch (...) {
    recordExternalCallError(std::string(what) + ": unknown error");
  }
}

}  // namespace aotc::runtime
