// Running a sweep: the runs left to do go to an executor (threads, MPI ranks or child processes)
// that commits each as a part; the result file is assembled from the parts in run order.
#include "gridplan/experiment/sweep_runner.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "gridplan/experiment/run_summary.hpp"
#include "gridplan/experiment/sweep_parts.hpp"
#include "gridplan/io/output_file.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Table;

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
  if (plan.points.front().log) io::record_replay(p, *plan.points.front().log);
  return p;
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

/// The runs of `plan` that this invocation is about: all, or those of the shard.
std::vector<std::size_t> selected_runs(const SweepPlan& plan,
                                       const std::optional<SweepShard>& shard) {
  std::vector<std::size_t> runs;
  for (std::size_t run = 0; run < plan.runs(); ++run)
    if (!shard || shard->holds(run)) runs.push_back(run);
  return runs;
}

/// Writes the result file from `tables` (the finished runs' tables, concatenated in run order),
/// the sweep-level tables and, for a shard, /shard.
void write_result(const SweepPlan& plan, const std::string& out_path,
                  const io::Provenance& provenance, std::vector<Table> tables, std::size_t done,
                  int warmup_days, const std::optional<SweepShard>& shard) {
  const Table* runs = find_table(tables, "runs");
  const Table* kpi = find_table(tables, "kpi");
  if (runs == nullptr || kpi == nullptr)
    throw std::runtime_error("the runs produced no /runs or /kpi table");
  std::vector<Table> extra =
      sweep_tables(plan, done, *runs, *kpi, find_table(tables, "timeseries/daily"), warmup_days,
                   find_table(tables, "emergency/drills"));
  for (Table& t : extra) tables.push_back(std::move(t));
  if (shard) tables.push_back(shard_table(*shard, selected_runs(plan, shard).size()));
  io::write_hdf5(out_path, provenance, tables);
}

/// Writes the result file from the finished parts, run after run, so that memory holds one
/// run's tables, a chunk of each table and what the summary needs of each run (its /runs and
/// /kpi rows, its daily means, its drills), not the whole sweep: the parts' shapes first (rows
/// and string widths, from their metadata), then their rows in run order.
void assemble(const SweepPlan& plan, const SweepParts& parts, const std::vector<std::size_t>& runs,
              const std::string& out_path, const io::Provenance& provenance, int warmup_days,
              const std::optional<SweepShard>& shard) {
  std::vector<io::TableShape> shapes;  // in first-seen order, as the tables list in the file
  for (const std::size_t run : runs)
    for (const io::TableShape& shape : parts.shapes(run)) {
      const auto same = std::find_if(shapes.begin(), shapes.end(), [&](const io::TableShape& s) {
        return s.columns.name == shape.columns.name;
      });
      try {
        if (same == shapes.end())
          shapes.push_back(shape);
        else
          io::widen(*same, shape);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error("run " + std::to_string(run) + " (point " +
                                 std::to_string(plan.point_of(run)) + "): " + e.what() +
                                 ": every point must produce tables with the same columns");
      }
    }
  io::ResultWriter writer(out_path, provenance);
  for (const io::TableShape& shape : shapes) writer.open(shape);
  std::vector<Table> kept;  // the summary's: /runs, /kpi, daily means, /emergency/drills
  for (const std::size_t run : runs) {
    const std::vector<Table> tables = parts.read(run);
    for (const Table& t : tables) {
      writer.append(t);
      if (t.name == "runs" || t.name == "kpi" || t.name == "emergency/drills")
        append_table(kept, t);
    }
    const Table* daily = find_table(tables, "timeseries/daily");
    const Table* of_run = find_table(tables, "runs");
    // A run's means are those daily_means gives it among all runs (a run without daily rows
    // has none, which the summary skips as it skips a NaN mean).
    if (daily != nullptr && of_run != nullptr)
      append_table(kept, daily_means(*of_run, *daily, warmup_days));
  }
  const Table* kept_runs = find_table(kept, "runs");
  const Table* kpi = find_table(kept, "kpi");
  if (kept_runs == nullptr || kpi == nullptr)
    throw std::runtime_error("the runs produced no /runs or /kpi table");
  std::vector<Table> extra =
      sweep_tables_of_means(plan, runs.size(), *kept_runs, *kpi, find_table(kept, "daily_means"),
                            warmup_days, find_table(kept, "emergency/drills"));
  if (shard) extra.push_back(shard_table(*shard, selected_runs(plan, shard).size()));
  for (const Table& t : extra) writer.open(io::shape_of(t));
  for (const Table& t : extra) writer.append(t);
  writer.commit();
}

/// The one-row table `name` (/sweep, /shard) of `out_path`, or an empty table if it has none.
Table read_row(const std::string& out_path, const std::string& name) {
  for (const std::string& listed : io::list_hdf5_tables(out_path))
    if (listed == name) return io::read_hdf5_table(out_path, name);
  return Table{};
}

/// "shard 1/3", or "the whole sweep" for a file without /shard.
std::string shard_name(const Table& shard) {
  if (shard.rows() != 1) return "the whole sweep";
  return "shard " + std::to_string(shard.column("shard").i64[0]) + "/" +
         std::to_string(shard.column("shards").i64[0]);
}

/// --resume without a parts directory: the result file must be a finished run of this sweep
/// (and shard). Rewrites only its sweep-level tables if the warm-up changed.
SweepResult resume_from_file(const SweepPlan& plan, const std::string& out_path,
                             const io::Provenance& provenance, int warmup_days,
                             const std::optional<SweepShard>& shard) {
  const Table sweep = read_row(out_path, "sweep");
  if (sweep.rows() != 1)
    throw SweepError(out_path + " is not the result of a sweep: run without --resume");
  if (sweep.column("fingerprint").str[0] != plan.fingerprint)
    throw SweepError(out_path +
                     " was written by another sweep: the scenario text, --set, --grid, --days, "
                     "--replications or --independent differ. Run without --resume to replace it");
  const Table file_shard = read_row(out_path, "shard");
  const std::string wanted =
      shard ? "shard " + std::to_string(shard->index) + "/" + std::to_string(shard->count)
            : "the whole sweep";
  if (shard_name(file_shard) != wanted)
    throw SweepError(out_path + " holds " + shard_name(file_shard) + ", not " + wanted +
                     ": run without --resume to replace it");
  SweepResult result;
  result.total = selected_runs(plan, shard).size();
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
      if (name != "points" && name != "summary" && name != "sweep" && name != "shard")
        tables.push_back(io::read_hdf5_table(out_path, name));
    write_result(plan, out_path, provenance, std::move(tables), result.done, warmup_days, shard);
    result.written = true;
  }
  return result;
}

}  // namespace

std::vector<Table> sweep_tables(const SweepPlan& plan, std::size_t done, const Table& runs,
                                const Table& kpi, const Table* daily, int warmup_days,
                                const Table* drills) {
  if (daily == nullptr)
    return sweep_tables_of_means(plan, done, runs, kpi, nullptr, warmup_days, drills);
  const Table means = daily_means(runs, *daily, warmup_days);
  return sweep_tables_of_means(plan, done, runs, kpi, &means, warmup_days, drills);
}

std::vector<Table> sweep_tables_of_means(const SweepPlan& plan, std::size_t done, const Table& runs,
                                         const Table& kpi, const Table* means, int warmup_days,
                                         const Table* drills) {
  Table points;
  points.name = "points";
  points.description = "one row per parameter point: the values of the swept keys (TOML text)";
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
  sweep
      .add_str("fingerprint",
               "hash of scenario text, sets, axes, replications, streams and, for a replay, the "
               "log's SHA-256 and options")
      .str.push_back(plan.fingerprint);

  return {std::move(points), summarize_run_means(runs, kpi, means, warmup_days, drills),
          std::move(sweep)};
}

Table shard_table(const SweepShard& shard, std::size_t runs) {
  Table t;
  t.name = "shard";
  t.description =
      "one row: the slice of the sweep this file holds, runs with run % shards == shard";
  t.add_i64("shard", "", "slice index i of --shard i/n").i64.push_back(shard.index);
  t.add_i64("shards", "", "number of slices n of --shard i/n").i64.push_back(shard.count);
  t.add_i64("runs", "runs", "runs of the slice, done or not")
      .i64.push_back(static_cast<std::int64_t>(runs));
  return t;
}

SweepResult run_sweep(const SweepPlan& plan, const std::string& out_path,
                      const SweepOptions& options) {
  if (options.threads < 1) throw SweepError("threads must be >= 1");
  if (options.warmup_days < 0) throw SweepError("warm-up days must be >= 0");
  if (options.shard && (options.shard->count < 1 || options.shard->index < 0 ||
                        options.shard->index >= options.shard->count))
    throw SweepError("a shard i/n needs 0 <= i < n");
  const io::Provenance provenance = sweep_provenance(plan, options.provenance);
  const SweepParts parts(out_path, plan.fingerprint);
  const std::vector<std::size_t> selected = selected_runs(plan, options.shard);
  if (!parts.exists() && options.resume && std::filesystem::exists(out_path))
    return resume_from_file(plan, out_path, provenance, options.warmup_days, options.shard);
  // Held until the parts are gone: a second sweep to the same file is refused here, before it
  // could take this sweep's parts for an interrupted one.
  const io::DirectoryLock lock(parts.directory(), out_path);
  const std::vector<std::size_t> finished = parts.finished_runs(plan.runs());
  if (!finished.empty() && !options.resume)
    throw SweepError(parts.directory() + " holds " + std::to_string(finished.size()) +
                     " finished runs of an interrupted sweep: add --resume to complete it, or "
                     "delete it to start again");

  // Parts of runs outside the shard (another shard's, written to the same OUT) are ignored.
  std::vector<std::size_t> todo, already;
  std::set_difference(selected.begin(), selected.end(), finished.begin(), finished.end(),
                      std::back_inserter(todo));
  std::set_intersection(selected.begin(), selected.end(), finished.begin(), finished.end(),
                        std::back_inserter(already));
  SweepProgress progress{already.size(), selected.size(), already.size()};
  RunQueue queue(todo, options.stop_after_runs, options.stop_requested);
  RunCommitter committer(parts, provenance, progress, options.on_run_done);
  const RunExecutor execute =
      options.executor ? options.executor : thread_executor(options.threads, options.engine);
  try {
    execute(plan, queue, committer);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + " (" + std::to_string(progress.done) +
                             " finished runs are kept in " + parts.directory() +
                             ": fix the cause and repeat the command with --resume)");
  }

  SweepResult result;
  result.total = selected.size();
  result.resumed = already.size();
  const std::vector<std::size_t> on_disk = parts.finished_runs(plan.runs());
  std::vector<std::size_t> done;
  std::set_intersection(selected.begin(), selected.end(), on_disk.begin(), on_disk.end(),
                        std::back_inserter(done));
  result.done = done.size();
  result.complete = done.size() == selected.size();
  if (!done.empty()) {
    assemble(plan, parts, done, out_path, provenance, options.warmup_days, options.shard);
    result.written = true;
  }
  if (result.complete) parts.remove();
  return result;
}

}  // namespace gridplan::experiment
