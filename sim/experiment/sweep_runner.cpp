// Running a sweep: a TBB pipeline (in-order launch, parallel runs, in-order commit to the parts),
// then the result file assembled from the parts in run order, the same for any thread count.
#include "gridplan/experiment/sweep_runner.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "gridplan/experiment/run.hpp"
#include "gridplan/experiment/run_summary.hpp"
#include "gridplan/experiment/sweep_parts.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Table;

/// A finished run on its way to the writer.
struct Finished {
  std::size_t run = 0;
  std::vector<Table> tables;
};

/// The provenance of the sweep's files: the caller's, with the scenario of point 0 and the
/// sweep's overrides (the --set values, then each swept key with its values).
io::Provenance sweep_provenance(const SweepPlan& plan, io::Provenance p) {
  const model::Scenario& first = plan.points.front().scenario;
  p.scenario_name = first.name;
  p.scenario_text = first.source_text;
  p.seed = first.seed;
  p.horizon_days = first.days;
  p.overrides.clear();
  for (const std::string& set : plan.spec.sets) p.overrides += set + "\n";
  for (const GridAxis& axis : plan.spec.axes) {
    p.overrides += axis.key + "=";
    for (std::size_t i = 0; i < axis.values.size(); ++i)
      p.overrides += (i ? "," : "") + axis.values[i];
    p.overrides += " (swept)\n";
  }
  if (!p.overrides.empty()) p.overrides.pop_back();
  return p;
}

/// Runs run `run` of the plan and tags its /runs row with the point and its parameter values.
Finished execute_run(const SweepPlan& plan, std::size_t run) {
  const std::size_t point = plan.point_of(run);
  RunRequest request;
  request.scenario = plan.points[point].scenario;
  request.run_id = run;
  request.replication = plan.replication_of(run);
  Finished finished{run, run_scenario(request).tables};
  for (Table& t : finished.tables) {
    if (t.name != "runs") continue;
    t.add_i64("point", "", "parameter point (row of /points; sweeps only)")
        .i64.push_back(static_cast<std::int64_t>(point));
    t.add_str("parameters", "the point's swept values, key=value, ... (sweeps only)")
        .str.push_back(plan.points[point].label);
  }
  return finished;
}

/// Runs `todo` on `threads` threads; the writer commits each finished run to `parts` in run
/// order. Returns how many runs were committed.
std::size_t run_in_parallel(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                            const SweepParts& parts, const io::Provenance& provenance,
                            const SweepOptions& options, SweepProgress& progress) {
  std::size_t next = 0, committed = 0;
  const std::size_t limit =
      options.stop_after_runs > 0 ? std::min(options.stop_after_runs, todo.size()) : todo.size();
  // Two tokens per thread: a run that finishes before an earlier one waits for the writer
  // without idling its thread. Every finished run awaiting the writer holds only its tables.
  const std::size_t tokens = 2 * static_cast<std::size_t>(options.threads);
  auto launch = [&](tbb::flow_control& control) -> std::size_t {
    if (next >= limit || (options.stop_requested && options.stop_requested())) {
      control.stop();
      return 0;
    }
    return todo[next++];
  };
  auto compute = [&plan](std::size_t run) {
    return std::make_shared<Finished>(execute_run(plan, run));
  };
  auto commit = [&](const std::shared_ptr<Finished>& finished) {
    parts.write(finished->run, provenance, finished->tables);
    ++committed;
    ++progress.done;
    if (options.on_run_done) options.on_run_done(progress);
  };
  tbb::task_arena arena(options.threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order, launch) &
                    tbb::make_filter<std::size_t, std::shared_ptr<Finished>>(
                        tbb::filter_mode::parallel, compute) &
                    tbb::make_filter<std::shared_ptr<Finished>, void>(
                        tbb::filter_mode::serial_in_order, commit));
  });
  return committed;
}

/// Appends `t` to the table of the same name in `tables` (kept in first-seen order).
void append_table(std::vector<Table>& tables, const Table& t) {
  for (Table& existing : tables)
    if (existing.name == t.name) {
      existing.append(t);
      return;
    }
  tables.push_back(t);
}

const Table* find_table(const std::vector<Table>& tables, const std::string& name) {
  for (const Table& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

/// Writes the result file from `run_tables` (the finished runs' tables, concatenated in run
/// order) and the sweep-level tables.
void write_result(const SweepPlan& plan, const std::string& out_path,
                  const io::Provenance& provenance, std::vector<Table> tables, std::size_t done,
                  int warmup_days) {
  const Table* runs = find_table(tables, "runs");
  const Table* kpi = find_table(tables, "kpi");
  if (runs == nullptr || kpi == nullptr)
    throw std::runtime_error("the runs produced no /runs or /kpi table");
  std::vector<Table> extra =
      sweep_tables(plan, done, *runs, *kpi, find_table(tables, "timeseries/daily"), warmup_days);
  for (Table& t : extra) tables.push_back(std::move(t));
  io::write_hdf5(out_path, provenance, tables);
}

/// Assembles the result file from the finished parts, in run order.
void assemble(const SweepPlan& plan, const SweepParts& parts, const std::vector<std::size_t>& runs,
              const std::string& out_path, const io::Provenance& provenance, int warmup_days) {
  std::vector<Table> tables;
  for (const std::size_t run : runs)
    for (const Table& t : parts.read(run)) {
      try {
        append_table(tables, t);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error("run " + std::to_string(run) + " (point " +
                                 std::to_string(plan.point_of(run)) + "): " + e.what() +
                                 ": every point must produce tables with the same columns");
      }
    }
  write_result(plan, out_path, provenance, std::move(tables), runs.size(), warmup_days);
}

/// The one-row /sweep table of `out_path`, or an empty table if it has none.
Table read_sweep_row(const std::string& out_path) {
  for (const std::string& name : io::list_hdf5_tables(out_path))
    if (name == "sweep") return io::read_hdf5_table(out_path, name);
  return Table{};
}

/// --resume without a parts directory: the result file must be a finished run of this sweep.
/// Rewrites only its sweep-level tables if the warm-up changed.
SweepResult resume_from_file(const SweepPlan& plan, const std::string& out_path,
                             const io::Provenance& provenance, int warmup_days) {
  const Table sweep = read_sweep_row(out_path);
  if (sweep.rows() != 1)
    throw SweepError(out_path + " is not the result of a sweep: run without --resume");
  if (sweep.column("fingerprint").str[0] != plan.fingerprint)
    throw SweepError(out_path +
                     " was written by another sweep: the scenario text, --set, --grid, --days, "
                     "--replications or --independent differ. Run without --resume to replace it");
  SweepResult result;
  result.total = plan.runs();
  result.done = static_cast<std::size_t>(sweep.column("runs_done").i64[0]);
  result.resumed = result.done;
  if (result.done != result.total)
    throw SweepError(out_path + " holds " + std::to_string(result.done) + " of " +
                     std::to_string(result.total) + " runs and its parts directory " + out_path +
                     ".parts is gone: run the sweep again without --resume");
  result.complete = true;
  if (sweep.column("warmup_days").i64[0] != warmup_days) {
    std::vector<Table> tables;
    for (const std::string& name : io::list_hdf5_tables(out_path))
      if (name != "points" && name != "summary" && name != "sweep")
        tables.push_back(io::read_hdf5_table(out_path, name));
    write_result(plan, out_path, provenance, std::move(tables), result.done, warmup_days);
    result.written = true;
  }
  return result;
}

}  // namespace

std::vector<Table> sweep_tables(const SweepPlan& plan, std::size_t done, const Table& runs,
                                const Table& kpi, const Table* daily, int warmup_days) {
  Table points;
  points.name = "points";
  points.description = "one row per parameter point: the values of the swept keys (TOML text)";
  points.columns.reserve(3 + plan.spec.axes.size());  // references below stay valid
  auto& index = points.add_i64("point", "", "parameter point").i64;
  auto& label = points.add_str("parameters", "key=value, ... of every swept key").str;
  auto& point_runs =
      points.add_i64("runs_done", "runs", "replications of the point in the file").i64;
  const auto groups = runs_by_point(runs);
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    index.push_back(static_cast<std::int64_t>(p));
    label.push_back(plan.points[p].label);
    point_runs.push_back(p < groups.size() ? static_cast<std::int64_t>(groups[p].size()) : 0);
  }
  for (std::size_t a = 0; a < plan.spec.axes.size(); ++a) {
    auto& values = points.add_str(plan.spec.axes[a].key, "swept value (TOML text)").str;
    for (const SweepPoint& point : plan.points) values.push_back(point.values[a]);
  }

  Table sweep;
  sweep.name = "sweep";
  sweep.description = "one row: the sweep's size, random streams and fingerprint";
  sweep.add_i64("points", "points", "parameter points")
      .i64.push_back(static_cast<std::int64_t>(plan.points.size()));
  sweep.add_i64("replications", "runs", "replications per point")
      .i64.push_back(plan.spec.replications);
  sweep.add_i64("runs_total", "runs", "points x replications")
      .i64.push_back(static_cast<std::int64_t>(plan.runs()));
  sweep.add_i64("runs_done", "runs", "runs in this file; < runs_total after Ctrl-C (--resume)")
      .i64.push_back(static_cast<std::int64_t>(done));
  sweep
      .add_str("streams",
               "common: replication r of every point uses streams r; independent: run id")
      .str.push_back(plan.spec.independent ? "independent" : "common");
  sweep.add_i64("warmup_days", "days", "days of timeseries/daily left out of daily_* summaries")
      .i64.push_back(warmup_days);
  sweep.add_str("fingerprint", "hash of scenario text, sets, axes, replications and streams")
      .str.push_back(plan.fingerprint);

  return {std::move(points), summarize_runs(runs, kpi, daily, warmup_days), std::move(sweep)};
}

SweepResult run_sweep(const SweepPlan& plan, const std::string& out_path,
                      const SweepOptions& options) {
  if (options.threads < 1) throw SweepError("threads must be >= 1");
  if (options.warmup_days < 0) throw SweepError("warm-up days must be >= 0");
  const io::Provenance provenance = sweep_provenance(plan, options.provenance);
  const SweepParts parts(out_path, plan.fingerprint);
  std::vector<std::size_t> finished;
  if (parts.exists()) {
    if (!options.resume)
      throw SweepError(parts.directory() +
                       " holds the finished runs of an interrupted sweep: add --resume to "
                       "complete it, or delete it to start again");
    finished = parts.finished_runs(plan.runs());
  } else if (options.resume && std::filesystem::exists(out_path)) {
    return resume_from_file(plan, out_path, provenance, options.warmup_days);
  } else {
    parts.create();
  }

  std::vector<std::size_t> todo;
  for (std::size_t run = 0, i = 0; run < plan.runs(); ++run) {
    if (i < finished.size() && finished[i] == run)
      ++i;
    else
      todo.push_back(run);
  }
  SweepProgress progress{finished.size(), plan.runs(), finished.size()};
  std::exception_ptr failure;
  try {
    run_in_parallel(plan, todo, parts, provenance, options, progress);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + " (" + std::to_string(progress.done) +
                               " finished runs are kept in " + parts.directory() +
                               ": fix the cause and repeat the command with --resume)");
    }
  }

  SweepResult result;
  result.total = plan.runs();
  result.resumed = finished.size();
  const std::vector<std::size_t> done = parts.finished_runs(plan.runs());
  result.done = done.size();
  result.complete = done.size() == plan.runs();
  if (!done.empty()) {
    assemble(plan, parts, done, out_path, provenance, options.warmup_days);
    result.written = true;
  }
  if (result.complete) parts.remove();
  return result;
}

}  // namespace gridplan::experiment
