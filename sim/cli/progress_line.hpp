// The one-line progress display of a run on a terminal: simulated date, percent done, cases per
// second of wall time and the time left, redrawn at most five times a second on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

#include "gridplan/kernel/calendar.hpp"

namespace gridplan::cli {

/// Redraws one status line on `out` (a terminal) as a run advances; clear() erases it.
class ProgressLine {
 public:
  /// `start` is the scenario's first day, `horizon_seconds` the simulated span of the run.
  ProgressLine(std::ostream& out, kernel::Date start, double horizon_seconds);
  /// Erases the line: a finished, failed or interrupted run leaves no status behind.
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  /// Redraws the line for (simulated seconds, cases so far), unless drawn under 0.2 s ago.
  void update(double sim_seconds, std::uint64_t cases);
  /// Erases the line, if one was drawn.
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  void draw(double sim_seconds, std::uint64_t cases, double wall_seconds);
  std::ostream& out_;
  long start_days_;
  double horizon_seconds_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace gridplan::cli
