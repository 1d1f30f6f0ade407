// Runs of a sweep on this process's TBB threads, started one at a time and collected by polling:
// what an MPI rank computes while its main thread talks to the other ranks.
#pragma once

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// A finished run: its tables, or the message of the exception it threw.
struct SlotResult {
  std::size_t run = 0;
  std::vector<kernel::Table> tables;
  std::string error;  ///< empty if the run succeeded
};

/// Up to `threads` runs at once on a TBB arena of their own; the caller's thread never runs one,
/// so it stays free to poll MPI. Methods are for that one caller thread.
class RunSlots {
 public:
  RunSlots(const SweepPlan& plan, int threads, std::string engine);
  /// Waits for the runs still running (their results are dropped).
  ~RunSlots();
  RunSlots(const RunSlots&) = delete;
  RunSlots& operator=(const RunSlots&) = delete;

  /// Whether fewer than `threads` runs are running or waiting to be taken.
  bool has_free_slot() const { return held_ < threads_; }
  /// Runs held: running, or finished and not yet taken.
  int held() const { return held_; }
  /// Starts run `run` on a free slot.
  void start(std::size_t run);
  /// Takes a finished run, if any; frees its slot.
  bool take(SlotResult& result);

 private:
  const SweepPlan& plan_;
  const int threads_;
  const std::string engine_;
  int held_ = 0;
  // TBB starts hardware threads - 1 workers unless told otherwise; the arena needs `threads`
  // of them because the caller's thread never joins it.
  tbb::global_control workers_;
  tbb::task_arena arena_;
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;
  std::deque<SlotResult> finished_;
};

}  // namespace gridplan::experiment
