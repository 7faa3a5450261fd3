#include "runtime/kernel_errors.h"

#include "runtime/external_call_error.h"

extern "C" void aotc_integer_division_by_zero() {
  aotc::runtime::recordExternalCallError(
      "integer division by zero (ZeroDivisionError in TorchScript)");
}
