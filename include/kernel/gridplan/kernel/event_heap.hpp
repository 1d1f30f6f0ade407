// A 4-ary min-heap of events in one contiguous vector: shallow, cache friendly, and it never
// allocates once its capacity has grown to the run's peak number of pending events.
#pragma once

#include <cstddef>
#include <vector>

#include "gridplan/kernel/event.hpp"

namespace gridplan::kernel {

/// Min-heap of events under a strict weak order `Less`.
template <bool (*Less)(const Event&, const Event&)>
class EventHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const Event& top() const { return items_.front(); }
  void reserve(std::size_t n) { items_.reserve(n); }

  void push(const Event& e) {
    std::size_t i = items_.size();
    items_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!Less(e, items_[parent])) break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = e;
  }

  Event pop() {
    const Event out = items_.front();
    const Event last = items_.back();
    items_.pop_back();
    const std::size_t n = items_.size();
    if (n == 0) return out;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (Less(items_[c], items_[best])) best = c;
      if (!Less(items_[best], last)) break;
      items_[i] = items_[best];
      i = best;
    }
    items_[i] = last;
    return out;
  }

 private:
  std::vector<Event> items_;
};

}  // namespace gridplan::kernel
