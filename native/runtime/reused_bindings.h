// The oneDNN memory objects and argument maps through which a prepared primitive's runs reach
// their buffers, made once and re-pointed on each run (memory::set_data_handle) rather than
// made on every call: a memory object and an argument map cost several allocations each, ~30
// per call in all, which was most of a small linear layer's ~3 us call.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

namespace aotc::runtime {

template <class Bindings>
class ReusedBindings {
 public:
  explicit ReusedBindings(std::function<Bindings()> make)
      : make_(std::move(make)), kept_(make_()) {}
  ReusedBindings(const ReusedBindings&) = delete;
  ReusedBindings& operator=(const ReusedBindings&) = delete;

  // Calls use(bindings) with the kept bindings, or with new ones while another thread is
  // using those (two threads running one model at once).
  template <class Use>
  void with(Use&& use) const {
    if (busy_.test_and_set(std::memory_order_acquire)) {
      Bindings own = make_();
      use(own);
      return;
    }
    struct Release {
      std::atomic_flag& busy;
      ~Release() { busy.clear(std::memory_order_release); }
    } release{busy_};
    use(kept_);
  }

 private:
  std::function<Bindings()> make_;
  mutable std::atomic_flag busy_ = ATOMIC_FLAG_INIT;
  mutable Bindings kept_;
};

}  // namespace aotc::runtime
