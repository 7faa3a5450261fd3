#include "addon/compute_thread.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>

namespace aotc::addon {
namespace {

// Tells the core this thread is polling (lets a sibling hyperthread run, saves power).
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

class ComputeThread {
 public:
  ComputeThread() : thread_([this] { loop(); }) { thread_.detach(); }

  void post(std::function<void()> task) {
    bool sleeping;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(task));
      queued_.store(true, std::memory_order_release);
      sleeping = sleeping_;
    }
    if (sleeping) wake_.notify_one();
  }

 private:
  void loop() {
    for (;;) {
      spinForWork();
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        sleeping_ = true;
        wake_.wait(lock, [this] { return !queue_.empty(); });
        sleeping_ = false;
        task = std::move(queue_.front());
        queue_.pop_front();
        queued_.store(!queue_.empty(), std::memory_order_relaxed);
      }
      task();
    }
  }

  // A caller that runs models back to back (await run(); await run(); ...) posts the next run
  // a few microseconds after the last one finished: polling briefly first spares that run the
  // futex wake-up of a sleeping thread.
  void spinForWork() {
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(kSpinUs);
    while (!queued_.load(std::memory_order_acquire)) {
      for (int i = 0; i < 64; ++i) cpuRelax();
      if (std::chrono::steady_clock::now() > until) return;
    }
  }

  static constexpr int kSpinUs = 100;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool sleeping_ = false;             // guarded by mutex_
  std::atomic<bool> queued_{false};   // the queue is not empty (a hint for spinning)
  std::deque<std::function<void()>> queue_;
  std::thread thread_;
};

ComputeThread& computeThread() {
  // Never destroyed: the detached thread may outlive static destruction at exit.
  static auto* thread = new ComputeThread();
  return *thread;
}

}  // namespace

void runOnComputeThread(const std::function<void()>& task) {
  std::promise<void> done;
  computeThread().post([&task, &done] {
    try {
      task();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  done.get_future().get();  // rethrows what the task threw
}

void postToComputeThread(std::function<void()> task) { computeThread().post(std::move(task)); }

}  // namespace aotc::addon
