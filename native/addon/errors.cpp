#include "addon/errors.h"

#include <c10/util/Exception.h>

namespace aotc::addon {

std::string describeException(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const c10::Error& e) {
    return e.what_without_backtrace();
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown native error";
  }
  return "unknown native error";
}

}  // namespace aotc::addon
