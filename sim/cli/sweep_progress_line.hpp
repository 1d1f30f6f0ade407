// The terminal side of a sweep: one progress line on stderr ("runs 12/40   64.8 runs/min   26 s
// left").
#pragma once

#include <chrono>
#include <ostream>

#include "gridplan/experiment/sweep_executor.hpp"

namespace gridplan::cli {

/// The sweep's one status line on a terminal: "runs 12/40   14.2 runs/min   2 min 10 s left".
class SweepProgressLine {
 public:
  explicit SweepProgressLine(std::ostream& out) : out_(out) {}
  ~SweepProgressLine() { clear(); }
  SweepProgressLine(const SweepProgressLine&) = delete;
  SweepProgressLine& operator=(const SweepProgressLine&) = delete;

  /// Redraws the line; rates count only the runs of this invocation.
  void update(const experiment::SweepProgress& p);
  /// Erases the line, if one was drawn.
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  Clock::time_point started_ = Clock::now();
  bool drawn_ = false;
};

}  // namespace gridplan::cli
