// The whistle rules (docs/model.md, "The two whistles") as small, separately testable decisions:
// when an overdue case is whistled, and when repeated cases of one grid and category are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gridplan/model/case_record.hpp"

namespace gridplan::model {

/// Rule 1: a case is whistled once it is still unsettled more than `first_after_seconds` past
/// its deadline; this is the instant at which the street looks (a case settled exactly then is
/// not whistled: "more than").
inline double overdue_whistle_time(double deadline, double first_after_seconds) {
  return deadline + first_after_seconds;
}

/// Rule 1 as a decision: does a case settled at `settled_at` get whistled?
inline bool overdue_rule_fires(double settled_at, double deadline, double first_after_seconds) {
  return settled_at > overdue_whistle_time(deadline, first_after_seconds);
}

/// A recorded first whistle (replay) replaces the rules for its case: it is blown at the
/// recorded time, or at the first moment after it when the case can be whistled (at dispatch,
/// or when the office's staff work ends), and at no other time. The rule reported is the one
/// that would have blown it at that moment, if any, so that a replayed export reports the rules
/// of its generated run; kRecorded otherwise. `rule` is what the rules decide at `now`.
inline WhistleRule recorded_rule_at(double recorded, double now, WhistleRule rule) {
  if (recorded > now) return WhistleRule{};
  return rule != 0 ? rule : kRecorded;
}

/// Rule 2: the `count`-th dispatched case of one key (grid, category) within `window` seconds
/// whistles, and the count starts again. Fixed memory: a ring of the last `count` times per key.
class RepeatWindow {
 public:
  RepeatWindow(std::size_t keys, int count, double window_seconds)
      : count_(count < 1 ? 1 : count),
        window_(window_seconds),
        times_(keys * static_cast<std::size_t>(count_)),
        size_(keys),
        next_(keys) {}

  /// Records a case of `key` at time t; true if it completes `count` cases within the window
  /// (the first and the last at most `window` apart).
  bool record(std::size_t key, double t) {
    double* ring = &times_[key * static_cast<std::size_t>(count_)];
    ring[next_[key]] = t;
    next_[key] = static_cast<std::uint16_t>((next_[key] + 1) % count_);
    if (size_[key] < count_) ++size_[key];
    if (size_[key] < count_) return false;
    const double oldest = ring[next_[key]];  // the slot written next holds the oldest time
    if (t - oldest > window_) return false;
    size_[key] = 0;  // a whistle resets the count
    return true;
  }

 private:
  int count_;
  double window_;
  std::vector<double> times_;
  std::vector<std::uint16_t> size_, next_;
};

}  // namespace gridplan::model
