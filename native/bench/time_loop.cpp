#include "bench/time_loop.h"

#include <chrono>
#include <stdexcept>

#include "runtime/threads.h"

namespace aotc::bench {

std::vector<double> timeLoop(int iterations, const std::function<void()>& body) {
  if (iterations < 1) throw std::invalid_argument("iterations must be at least 1");
  runtime::applyNumThreads();
  std::vector<double> times;
  times.reserve(static_cast<size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    auto start = std::chrono::steady_clock::now();
    body();
    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    times.push_back(elapsed.count());
  }
  return times;
}

}  // namespace aotc::bench
