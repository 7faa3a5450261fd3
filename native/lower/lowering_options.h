// Settings of the compile that lowerings need but cannot receive: NNC calls a lowering with the
// op's arguments only. The kernel builder sets them for the duration of one kernel's
// construction, on the thread that constructs it.
#pragma once

#include "runtime/matmul_precision.h"

namespace aotc::lower {

struct LoweringOptions {
  runtime::MatmulPrecision matmulPrecision = runtime::MatmulPrecision::kHighest;
};

// The options of the kernel being built on this thread (defaults outside any scope).
const LoweringOptions& loweringOptions();

class ScopedLoweringOptions {
 public:
  explicit ScopedLoweringOptions(const LoweringOptions& options);
  ~ScopedLoweringOptions();
  ScopedLoweringOptions(const ScopedLoweringOptions&) = delete;
  ScopedLoweringOptions& operator=(const ScopedLoweringOptions&) = delete;

 private:
  LoweringOptions previous_;
};

}  // namespace aotc::lower
