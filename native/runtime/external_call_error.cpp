#include "runtime/external_call_error.h"

namespace aotc::runtime {
namespace {

thread_local std::string pendingError;

}  // namespace

void recordExternalCallError(const std::string& message) {
  if (pendingError.empty()) pendingError = message.empty() ? "unknown error" : message;
}

std::string takeExternalCallError() {
  std::string message;
  message.swap(pendingError);
  return message;
}

}  // namespace aotc::runtime
