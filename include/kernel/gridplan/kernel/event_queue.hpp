// The native engine's pending-event set: a small heap for the current time bucket plus plain
// per-bucket vectors for later ones (a calendar queue). Most events are scheduled hours or days
// ahead, so they wait in O(1) appends and only enter the heap when their bucket comes up.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "gridplan/kernel/event_heap.hpp"

namespace gridplan::kernel {

/// Five-minute buckets keep the near heap to a few hundred events for a district (measured:
/// 60-3600 s are within noise of each other; all are faster than one heap over every event).
inline constexpr SimTime kBucketSeconds = 300.0;

/// Pending events in global order (time, dst, src, seq), for times in [0, horizon].
class EventQueue {
 public:
  /// Buckets of `bucket_seconds` (widened so there are at most kMaxBuckets) cover
  /// [0, horizon]; an infinite horizon gets one bucket, i.e. a plain heap.
  EventQueue(SimTime horizon, SimTime bucket_seconds)
      : width_(std::isfinite(horizon) && horizon > 0
                   ? std::max(bucket_seconds, horizon / static_cast<double>(kMaxBuckets))
                   : std::numeric_limits<double>::infinity()),
        buckets_(std::isfinite(width_) ? static_cast<std::size_t>(horizon / width_) + 2 : 1) {
    near_.reserve(4096);
  }
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << 20;

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

  /// The time of the least event; infinity if there is none.
  SimTime next_time() {
    settle();
    return near_.empty() ? std::numeric_limits<SimTime>::infinity() : near_.top().time;
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
