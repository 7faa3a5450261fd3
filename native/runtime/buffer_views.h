// NNC's buffer arguments to an external call (pointers, ranks, and flat arrays of sizes and
// strides) read into views that live on the stack: an external call is made on every run, and
// vectors per buffer cost allocations each time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <oneapi/dnnl/dnnl.hpp>

namespace aotc::runtime {

// Sizes or strides of one buffer, stored inline, up to oneDNN's largest rank.
class Dims {
 public:
  static constexpr size_t kCapacity = DNNL_MAX_NDIMS;

  Dims() = default;
  Dims(const int64_t* values, size_t count);  // throws beyond kCapacity

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t& operator[](size_t d) { return values_[d]; }
  int64_t operator[](size_t d) const { return values_[d]; }
  int64_t back() const { return values_[size_ - 1]; }
  const int64_t* begin() const { return values_.data(); }
  const int64_t* end() const { return values_.data() + size_; }

  // Adds an outermost dimension (throws beyond kCapacity).
  void prepend(int64_t value);

  // For oneDNN's descriptors (allocates: when preparing a primitive, or on rare paths).
  dnnl::memory::dims toDnnl() const { return dnnl::memory::dims(begin(), end()); }

  bool operator==(const Dims& other) const;
  bool operator!=(const Dims& other) const { return !(*this == other); }

 private:
  std::array<int64_t, kCapacity> values_{};
  size_t size_ = 0;
};

// One NNC buffer argument: its pointer, sizes and strides (in elements).
struct BufferView {
  void* data = nullptr;
  Dims sizes;
  Dims strides;
};

// The buffer arguments of one external call.
class BufferViews {
 public:
  static constexpr size_t kCapacity = 8;

  size_t size() const { return size_; }
  BufferView& operator[](size_t b) { return views_[b]; }
  const BufferView& operator[](size_t b) const { return views_[b]; }
  void push_back(const BufferView& view);  // throws beyond kCapacity

 private:
  std::array<BufferView, kCapacity> views_{};
  size_t size_ = 0;
};

// The strides of a dense row-major buffer of these sizes (last dimension fastest).
dnnl::memory::dims denseStrides(const dnnl::memory::dims& sizes);

// Dense strides for `sizes` that keep the dimension order of `strides` (largest outermost): a
// dense copy of a strided buffer with the same dimension order (so a transposed operand is
// copied without transposing). Allocates: for preparing primitives.
Dims denseStridesLike(const Dims& sizes, const Dims& strides);

// True when `view` is laid out row-major (dense, last dimension fastest).
bool rowMajor(const BufferView& view);

// The buffer arguments of an external call; throws unless all are float32.
BufferViews float32Buffers(const char* function, int64_t bufs_num, void** buf_data,
                           const int64_t* buf_ranks, const int64_t* buf_dims,
                           const int64_t* buf_strides, const int8_t* buf_dtypes);

}  // namespace aotc::runtime
