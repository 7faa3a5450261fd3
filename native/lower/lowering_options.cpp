#include "lower/lowering_options.h"

namespace aotc::lower {
namespace {

LoweringOptions& current() {
  thread_local LoweringOptions options;
  return options;
}

}  // namespace

const LoweringOptions& loweringOptions() { return current(); }

ScopedLoweringOptions::ScopedLoweringOptions(const LoweringOptions& options)
    : previous_(current()) {
  current() = options;
}

ScopedLoweringOptions::~ScopedLoweringOptions() { current() = previous_; }

}  // namespace aotc::lower
