// The native engine's pending-event set: a small heap for the current time bucket plus plain
// per-bucket vectors for later ones (a calendar queue). Most events are scheduled hours or days
// ahead, so they wait in O(1) appends and only enter the heap when their bucket comes up.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "gridplan/kernel/event_heap.hpp"

namespace gridplan::kernel {

/// Pending events in global order (time, dst, src, seq), for times in [0, horizon].
class EventQueue {
 public:
  /// `bucket_seconds` wide buckets cover [0, horizon].
  EventQueue(SimTime horizon, SimTime bucket_seconds)
      : width_(bucket_seconds),
        buckets_(static_cast<std::size_t>(std::floor(horizon / bucket_seconds)) + 2) {
    near_.reserve(4096);
  }

  bool empty() {
    settle();
    return near_.empty();
  }
  std::size_t size() const { return size_; }

  void push(const Event& e) {
    ++size_;
    const std::size_t b = bucket_of(e.time);
    if (b <= current_) {
      near_.push(e);
    } else {
      buckets_[b].push_back(e);
    }
  }

  /// The least event; the queue must not be empty.
  Event pop() {
    settle();
    --size_;
    return near_.pop();
  }

 private:
  std::size_t bucket_of(SimTime t) const {
    const auto b = static_cast<std::size_t>(t / width_);
    return b < buckets_.size() ? b : buckets_.size() - 1;
  }
  // Moves the next non-empty bucket into the heap when the heap has run dry.
  void settle() {
    while (near_.empty() && current_ + 1 < buckets_.size()) {
      ++current_;
      std::vector<Event>& b = buckets_[current_];
      for (const Event& e : b) near_.push(e);
      std::vector<Event>().swap(b);  // release: a bucket is used once
    }
  }

  SimTime width_;
  std::vector<std::vector<Event>> buckets_;
  std::size_t current_ = 0;
  std::size_t size_ = 0;
  EventHeap<&global_order_less> near_;
};

}  // namespace gridplan::kernel
