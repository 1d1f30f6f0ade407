// Running a sweep: runs in parallel (threads, MPI ranks or child processes), each committed as a
// part, and the result file assembled from them (docs/experiments.md, "Execution, determinism
// and memory").
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gridplan/experiment/sweep_executor.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// One deterministic slice of a sweep (--shard i/n): the runs with run % count == index.
struct SweepShard {
  int index = 0;  ///< i, 0 <= i < count
  int count = 1;  ///< n, the number of slices
  /// Whether run `run` belongs to this slice.
  bool holds(std::size_t run) const {
    return run % static_cast<std::size_t>(count) == static_cast<std::size_t>(index);
  }
};

/// How to run a sweep.
struct SweepOptions {
  int threads = 1;                ///< worker threads of the task arena (>= 1)
  std::string engine = "native";  ///< the engine of every run (native or simgrid)
  /// Run only this slice of the runs, and write it with a /shard table (gridplan merge).
  std::optional<SweepShard> shard;
  /// How the runs execute (MPI ranks, child processes); empty: thread_executor(threads, engine).
  RunExecutor executor;
  bool resume = false;  ///< keep finished runs of an earlier invocation (parts or whole file)
  int warmup_days = 0;  ///< days deleted from timeseries/daily before the daily_* summary rows
  /// version, revision, command line and creation time of the result file; the scenario fields
  /// are filled in from the plan.
  io::Provenance provenance;
  /// Polled before each run starts; true stops launching runs (runs in flight still finish).
  std::function<bool()> stop_requested;
  /// Called by the writer after each run is committed (one thread at a time; in run order on
  /// threads, in finishing order on MPI ranks and child processes).
  std::function<void(const SweepProgress&)> on_run_done;
  /// Test hook: start at most this many runs in this invocation (0: no limit), as if stopped.
  std::size_t stop_after_runs = 0;
};

/// What a sweep did.
struct SweepResult {
  std::size_t total = 0;    ///< runs of the sweep (of its shard, with --shard)
  std::size_t done = 0;     ///< runs in the result file
  std::size_t resumed = 0;  ///< of those, finished before this invocation
  bool complete = false;    ///< every run done: the parts directory is gone
  bool written = false;     ///< the result file was (re)written
};

/// Runs the sweep (or its shard) into `out_path` (its directory must exist). Finished runs go to
/// `out_path` + ".parts/" as they finish; at the end (complete, stopped or test-stopped) the
/// result file is assembled from every finished run in run order, and the parts directory is
/// removed once every run is done. Throws SweepError if parts exist without `resume` or belong
/// to another sweep; if a run fails, rethrows its error after the runs before it are committed.
SweepResult run_sweep(const SweepPlan& plan, const std::string& out_path,
                      const SweepOptions& options);

/// The result file's sweep-level tables for `done` runs of `plan`: "points" (one row per
/// point and its swept values), "sweep" (one row: size, streams, fingerprint) and "summary"
/// (with every drill's KPIs if `drills`, the runs' "emergency/drills", is given).
std::vector<kernel::Table> sweep_tables(const SweepPlan& plan, std::size_t done,
                                        const kernel::Table& runs, const kernel::Table& kpi,
                                        const kernel::Table* daily, int warmup_days,
                                        const kernel::Table* drills = nullptr);

/// sweep_tables with the runs' daily rows already reduced to each run's means (daily_means
/// after `warmup_days`, or null): for a writer that streams the daily rows past.
std::vector<kernel::Table> sweep_tables_of_means(const SweepPlan& plan, std::size_t done,
                                                 const kernel::Table& runs,
                                                 const kernel::Table& kpi,
                                                 const kernel::Table* means, int warmup_days,
                                                 const kernel::Table* drills = nullptr);

/// The one-row "shard" table of a shard's result file: its index, count and number of runs.
kernel::Table shard_table(const SweepShard& shard, std::size_t runs);

}  // namespace gridplan::experiment
