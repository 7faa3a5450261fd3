// Timing a body in a native loop, for the bench: per-run wall times in milliseconds.
#pragma once

#include <functional>
#include <vector>

namespace aotc::bench {

// Runs `body` `iterations` times on the calling thread (after applying the runtime's thread
// count) and returns each run's wall time in ms (steady clock).
std::vector<double> timeLoop(int iterations, const std::function<void()>& body);

}  // namespace aotc::bench
