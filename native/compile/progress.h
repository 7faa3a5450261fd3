// Compile progress, reported by phase. The compile driver installs a reporter for the
// current thread; the preprocess (called deep inside codegen_backend_module) reports to it.
#pragma once

#include <functional>

namespace aotc::compile {

// Phases, in order: load, freeze, passes, lower, codegen, write.
using ProgressReporter = std::function<void(const char* phase)>;

void reportProgress(const char* phase);

// Installs `reporter` for this thread for the scope's lifetime.
class ProgressScope {
 public:
  explicit ProgressScope(ProgressReporter reporter);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  ProgressReporter previous_;
};

}  // namespace aotc::compile
