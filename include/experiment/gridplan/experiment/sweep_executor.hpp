// How a sweep's runs are executed: on this process's threads, on MPI ranks or in child processes.
// Every executor takes runs from a RunQueue and hands each finished run to a RunCommitter.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "gridplan/experiment/sweep_parts.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// Where a sweep stands, after each committed run.
struct SweepProgress {
  std::size_t done = 0;     ///< runs finished, including those found by --resume
  std::size_t total = 0;    ///< runs of the sweep (of its shard, with --shard)
  std::size_t resumed = 0;  ///< runs that were already finished when this invocation started
};

/// The runs this invocation still has to start, handed out in run order. One caller at a time.
class RunQueue {
 public:
  /// `todo` ascending; at most `limit` runs are handed out (0: all); `stop_requested` (may be
  /// empty) is polled before each.
  RunQueue(std::vector<std::size_t> todo, std::size_t limit, std::function<bool()> stop_requested);

  /// Sets `run` to the next run to start; false once every run is handed out, after stop(), or
  /// when a stop is requested (Ctrl-C).
  bool next(std::size_t& run);
  /// Hands out no more runs (after a run failed).
  void stop() { stopped_ = true; }
  /// Whether next() would still hand out a run (ignoring a pending stop request).
  bool exhausted() const { return stopped_ || next_ >= limit_; }

 private:
  std::vector<std::size_t> todo_;
  std::size_t next_ = 0;
  std::size_t limit_ = 0;
  std::function<bool()> stop_requested_;
  bool stopped_ = false;
};

/// Where finished runs go: each is written as its part, counted and reported. One caller at a
/// time.
class RunCommitter {
 public:
  /// Commits to `parts` with `provenance`; `on_run_done` (may be empty) sees `progress` after
  /// each run. All three must outlive the committer.
  RunCommitter(const SweepParts& parts, const io::Provenance& provenance, SweepProgress& progress,
               std::function<void(const SweepProgress&)> on_run_done);

  /// Writes run `run`'s tables as its part (atomically) and reports progress.
  void commit(std::size_t run, const std::vector<kernel::Table>& tables);
  /// Counts run `run`, whose part a worker process has written itself, and reports progress.
  void adopt(std::size_t run);
  /// Runs committed or adopted by this committer.
  std::size_t committed() const { return committed_; }
  /// The parts directory runs are committed to.
  const SweepParts& parts() const { return parts_; }

 private:
  const SweepParts& parts_;
  const io::Provenance& provenance_;
  SweepProgress& progress_;
  std::function<void(const SweepProgress&)> on_run_done_;
  std::size_t committed_ = 0;
};

/// Executes runs: starts what `queue` hands out, commits each finished run through `committer`
/// and returns once every started run is committed. A run's failure stops the queue and is
/// rethrown after the runs that did finish are committed.
using RunExecutor =
    std::function<void(const SweepPlan& plan, RunQueue& queue, RunCommitter& committer)>;

/// Runs run `run` of `plan` on `engine` ("native" or "simgrid"); its /runs row gets the point
/// and the point's parameter values. Every executor runs runs through this.
std::vector<kernel::Table> execute_sweep_run(const SweepPlan& plan, std::size_t run,
                                             const std::string& engine);

/// The executor of a sweep in one process: a TBB pipeline on `threads` threads that launches
/// runs in order, runs them in parallel and commits them in run order.
RunExecutor thread_executor(int threads, std::string engine);

}  // namespace gridplan::experiment
