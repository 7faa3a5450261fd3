#include "compile/progress.h"

#include <utility>

namespace aotc::compile {
namespace {
thread_local ProgressReporter currentReporter;
}

void reportProgress(const char* phase) {
  if (currentReporter) currentReporter(phase);
}

ProgressScope::ProgressScope(ProgressReporter reporter)
    : previous_(std::exchange(currentReporter, std::move(reporter))) {}

ProgressScope::~ProgressScope() { currentReporter = std::move(previous_); }

}  // namespace aotc::compile
