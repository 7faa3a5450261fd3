#include "runtime/buffer_views.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace aotc::runtime {

Dims::Dims(const int64_t* values, size_t count) {
  if (count > kCapacity) {
    throw std::invalid_argument("a buffer of rank " + std::to_string(count) +
                                " (oneDNN calls take at most " + std::to_string(kCapacity) + ")");
  }
  std::copy(values, values + count, values_.begin());
  size_ = count;
}

void Dims::prepend(int64_t value) {
  if (size_ == kCapacity) {
    throw std::invalid_argument("a buffer of rank above " + std::to_string(kCapacity));
  }
  std::copy_backward(values_.begin(), values_.begin() + size_, values_.begin() + size_ + 1);
  values_[0] = value;
  ++size_;
}

bool Dims::operator==(const Dims& other) const {
  return size_ == other.size_ && std::equal(begin(), end(), other.begin());
}

void BufferViews::push_back(const BufferView& view) {
  if (size_ == kCapacity) {
    throw std::invalid_argument("more than " + std::to_string(kCapacity) + " buffers");
  }
  views_[size_++] = view;
}

dnnl::memory::dims denseStrides(const dnnl::memory::dims& sizes) {
  dnnl::memory::dims strides(sizes.size());
  int64_t stride = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= sizes[d];
  }
  return strides;
}

Dims denseStridesLike(const Dims& sizes, const Dims& strides) {
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Innermost first: smaller stride, and for equal strides (size-1 dimensions) the later one.
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return strides[x] != strides[y] ? strides[x] < strides[y] : x > y;
  });
  Dims dense = sizes;
  int64_t stride = 1;
  for (size_t d : order) {
    dense[d] = stride;
    stride *= sizes[d];
  }
  return dense;
}

bool rowMajor(const BufferView& view) {
  int64_t expected = 1;
  for (size_t d = view.sizes.size(); d-- > 0;) {
    if (view.sizes[d] != 1 && view.strides[d] != expected) return false;
    expected *= view.sizes[d];
  }
  return true;
}

BufferViews float32Buffers(const char* function, int64_t bufs_num, void** buf_data,
                           const int64_t* buf_ranks, const int64_t* buf_dims,
                           const int64_t* buf_strides, const int8_t* buf_dtypes) {
  if (bufs_num < 0 || static_cast<size_t>(bufs_num) > BufferViews::kCapacity) {
    throw std::invalid_argument(std::string(function) + ": unexpected buffer count " +
                                std::to_string(bufs_num));
  }
  BufferViews views;
  int64_t offset = 0;
  for (int64_t b = 0; b < bufs_num; ++b) {
    if (buf_dtypes[b] != static_cast<int8_t>(6)) {  // c10::ScalarType::Float
      throw std::invalid_argument(std::string(function) + ": buffers must be float32");
    }
    const auto rank = static_cast<size_t>(buf_ranks[b]);
    views.push_back({buf_data[b], Dims(buf_dims + offset, rank), Dims(buf_strides + offset, rank)});
    offset += buf_ranks[b];
  }
  return views;
}

}  // namespace aotc::runtime
