// gridplan merge: reads each slice's run tables and sweep rows, checks that the slices are of one
// sweep and together hold every run once, then writes the runs in run order and the sweep tables.
#include "gridplan/experiment/shard_merge.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/experiment/sweep_runner.hpp"
#include "gridplan/io/recorded_log.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Column;
using kernel::Table;

/// One input file: its sweep-level rows, its run tables and the runs it holds.
struct Slice {
  std::string path;
  io::ResultFile file;  ///< every table; the run tables are moved out when merged
  Table sweep, shard, points;
  std::vector<std::size_t> runs;  ///< ascending
};

bool is_sweep_table(const std::string& name) {
  return name == "points" || name == "summary" || name == "sweep" || name == "shard";
}

/// "shard 1/3 (part-1.h5)" or "part-1.h5".
std::string describe(const Slice& s) {
  if (s.shard.rows() != 1) return s.path;
  return "shard " + std::to_string(s.shard.column("shard").i64[0]) + "/" +
         std::to_string(s.shard.column("shards").i64[0]) + " (" + s.path + ")";
}

/// The one value of integer column `name` of the one-row table `t`.
std::int64_t single(const io::ResultFile& f, const Table& t, const std::string& name) {
  return f.column(t, name, Column::Type::kInt64).i64[0];
}

/// Checks /sweep, /shard and /points: the types merge reads and the values it computes with.
void check_sweep_tables(const Slice& s) {
  const io::ResultFile& f = s.file;
  f.require_rows(s.sweep, 1);
  const std::int64_t points = single(f, s.sweep, "points");
  const std::int64_t replications = single(f, s.sweep, "replications");
  const std::int64_t total = single(f, s.sweep, "runs_total");
  const std::int64_t done = single(f, s.sweep, "runs_done");
  // Far above any sweep, far below what would make the run loops below run for ever.
  constexpr std::int64_t kMaxRuns = std::int64_t{1} << 31;
  if (points < 1 || replications < 1 || points > kMaxRuns / replications ||
      total != points * replications || done < 0 || done > total)
    f.bad("/sweep says " + std::to_string(points) + " points x " + std::to_string(replications) +
          " replications = " + std::to_string(total) + " runs, " + std::to_string(done) + " done");
  if (single(f, s.sweep, "warmup_days") < 0) f.bad("/sweep has negative warm-up days");
  const std::string& streams = f.column(s.sweep, "streams", Column::Type::kString).str[0];
  if (streams != "common" && streams != "independent")
    f.bad("/sweep says streams '" + streams + "', not 'common' or 'independent'");
  f.column(s.sweep, "fingerprint", Column::Type::kString);
  if (s.shard.rows() > 0) {
    f.require_rows(s.shard, 1);
    const std::int64_t index = single(f, s.shard, "shard"), count = single(f, s.shard, "shards");
    if (count < 1 || index < 0 || index >= count || single(f, s.shard, "runs") < 0)
      f.bad("/shard says shard " + std::to_string(index) + " of " + std::to_string(count));
  }
  f.require_rows(s.points, static_cast<std::size_t>(points));
  // /points: point, parameters, runs_done, then one text column per swept key (plan_of).
  const std::vector<std::string> fixed = {"point", "parameters", "runs_done"};
  for (std::size_t c = 0; c < fixed.size(); ++c)
    if (s.points.columns.size() <= c || s.points.columns[c].name != fixed[c])
      f.bad("/points does not begin with the columns point, parameters, runs_done");
  f.column(s.points, "parameters", Column::Type::kString);
  for (std::size_t c = 3; c < s.points.columns.size(); ++c)
    f.column(s.points, s.points.columns[c].name, Column::Type::kString);
}

/// Checks /runs (each run once, in range, with the point and replication its id implies) and
/// that every run table's rows belong to those runs; fills `s.runs`.
void check_runs(Slice& s) {
  const io::ResultFile& f = s.file;
  const auto total = static_cast<std::size_t>(s.sweep.column("runs_total").i64[0]);
  const std::int64_t replications = s.sweep.column("replications").i64[0];
  const bool independent = s.sweep.column("streams").str[0] == "independent";
  const Table& runs = f.table("runs");
  const auto& run = f.column(runs, "run", Column::Type::kInt64).i64;
  const auto& point = f.column(runs, "point", Column::Type::kInt64).i64;
  const auto& replication = f.column(runs, "replication", Column::Type::kInt64).i64;
  std::set<std::int64_t> ids;
  for (std::size_t r = 0; r < runs.rows(); ++r) {
    const std::int64_t id = run[r];
    if (id < 0 || static_cast<std::size_t>(id) >= total)
      f.bad("/runs has run " + std::to_string(id) + ", but the sweep has " + std::to_string(total) +
            " runs");
    if (!ids.insert(id).second) f.bad("/runs has run " + std::to_string(id) + " twice");
    if (point[r] != id / replications || replication[r] != (independent ? id : id % replications))
      f.bad("/runs: run " + std::to_string(id) + " has point " + std::to_string(point[r]) +
            " and replication " + std::to_string(replication[r]) + ", not what its id implies");
  }
  s.runs.assign(ids.begin(), ids.end());
  for (const Table& t : f.tables) {
    if (is_sweep_table(t.name)) continue;
    for (const std::int64_t id : f.column(t, "run", Column::Type::kInt64).i64)
      if (!ids.count(id))
        f.bad("/" + t.name + " has a row of run " + std::to_string(id) + ", which /runs lacks");
    if (t.name == "kpi" && t.rows() != ids.size())
      f.bad("/kpi has " + std::to_string(t.rows()) + " rows for " + std::to_string(ids.size()) +
            " runs");
    if (t.name == "timeseries/daily") f.column(t, "day", Column::Type::kInt64);
  }
}

Slice read_slice(const std::string& path) {
  Slice s;
  s.path = path;
  s.file = io::read_result_file(path);
  const Table* sweep = s.file.find("sweep");
  const Table* points = s.file.find("points");
  if (sweep == nullptr || points == nullptr || !s.file.lists("runs"))
    throw SweepError(path +
                     " is not the result file of a sweep (it has no /sweep, /points or "
                     "/runs): merge takes the files of gridplan sweep --shard i/n");
  s.sweep = *sweep;
  s.points = *points;
  if (const Table* shard = s.file.find("shard")) s.shard = *shard;
  check_sweep_tables(s);
  check_runs(s);
  return s;
}

/// " (shards 2/3 and 0/3 (incomplete))" naming the slices that hold the missing runs, when every
/// slice has the same --shard count; "" otherwise.
std::string missing_shards(const std::vector<Slice>& slices,
                           const std::vector<std::size_t>& missing) {
  std::int64_t count = 0;
  for (const Slice& s : slices) {
    if (s.shard.rows() != 1) return "";
    const std::int64_t n = s.shard.column("shards").i64[0];
    if (count != 0 && n != count) return "";
    count = n;
  }
  std::set<std::int64_t> present, wanted;
  for (const Slice& s : slices) present.insert(s.shard.column("shard").i64[0]);
  for (const std::size_t run : missing) wanted.insert(static_cast<std::int64_t>(run) % count);
  std::string text;
  for (const std::int64_t i : wanted)
    text += (text.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(count) +
            (present.count(i) ? " (incomplete)" : "");
  return " (shard" + std::string(wanted.size() > 1 ? "s " : " ") + text + ")";
}

/// Throws unless every slice is of the first one's sweep, no run is in two slices and none is
/// missing.
void check_slices(const std::vector<Slice>& slices) {
  const Slice& first = slices.front();
  const std::string& fingerprint = first.sweep.column("fingerprint").str[0];
  std::map<std::size_t, const Slice*> owner;
  for (const Slice& s : slices) {
    const io::Provenance &a = first.file.provenance, &b = s.file.provenance;
    if (a.replay_log_sha256 != b.replay_log_sha256 || a.replay_options != b.replay_options)
      throw SweepError(describe(s) + " replayed " + io::replay_text(b) + ", " + describe(first) +
                       " " + io::replay_text(a) +
                       ": slices of one sweep replay the same log alike");
    const std::string& other = s.sweep.column("fingerprint").str[0];
    if (other != fingerprint)
      throw SweepError(describe(s) + " is a slice of another sweep than " + describe(first) +
                       " (fingerprint " + other + ", not " + fingerprint +
                       "): the scenario text, --set, --grid, --days, --replications, "
                       "--independent or the replayed log differ");
    for (const std::size_t run : s.runs) {
      const auto [it, inserted] = owner.emplace(run, &s);
      if (!inserted)
        throw SweepError("run " + std::to_string(run) + " is in both " + describe(*it->second) +
                         " and " + describe(s) +
                         ": slices overlap (a file given twice, or shards of different "
                         "--shard i/n counts?)");
    }
  }
  const auto total = static_cast<std::size_t>(first.sweep.column("runs_total").i64[0]);
  std::vector<std::size_t> missing;
  for (std::size_t run = 0; run < total; ++run)
    if (!owner.count(run)) missing.push_back(run);
  if (!missing.empty())
    throw SweepError(std::to_string(missing.size()) + " of " + std::to_string(total) +
                     " runs are missing: " + format_runs(missing) +
                     missing_shards(slices, missing) +
                     ". Merge every shard of the sweep, each complete (an interrupted shard "
                     "completes with the same command and --resume)");
}

/// The plan as far as the sweep tables need it (points, axes, replications, streams,
/// fingerprint), rebuilt from a slice's /points and /sweep: the scenarios are not needed.
SweepPlan plan_of(const Slice& s) {
  SweepPlan plan;
  plan.spec.replications = static_cast<int>(s.sweep.column("replications").i64[0]);
  plan.spec.independent = s.sweep.column("streams").str[0] == "independent";
  plan.fingerprint = s.sweep.column("fingerprint").str[0];
  // /points: point, parameters, runs_done, then one column per swept key, in axis order.
  for (std::size_t c = 3; c < s.points.columns.size(); ++c)
    plan.spec.axes.push_back({s.points.columns[c].name, {}});
  for (std::size_t p = 0; p < s.points.rows(); ++p) {
    SweepPoint point;
    point.label = s.points.column("parameters").str[p];
    for (std::size_t c = 3; c < s.points.columns.size(); ++c)
      point.values.push_back(s.points.columns[c].str[p]);
    plan.points.push_back(std::move(point));
  }
  return plan;
}

/// Reorders `t`'s rows by its "run" column, keeping the order of rows within a run.
void sort_by_run(Table& t) {
  const std::vector<std::int64_t>& run = t.column("run").i64;
  std::vector<std::size_t> order(t.rows());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&run](std::size_t a, std::size_t b) { return run[a] < run[b]; });
  for (kernel::Column& c : t.columns) {
    kernel::Column sorted = c;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (!c.f64.empty()) sorted.f64[i] = c.f64[order[i]];
      if (!c.i64.empty()) sorted.i64[i] = c.i64[order[i]];
      if (!c.str.empty()) sorted.str[i] = c.str[order[i]];
    }
    c = std::move(sorted);
  }
}

/// The warm-up of the merged summary: the caller's, or the one all slices agree on.
int merged_warmup(const std::vector<Slice>& slices, std::optional<int> warmup_days) {
  if (warmup_days) return *warmup_days;
  const std::int64_t first = slices.front().sweep.column("warmup_days").i64[0];
  for (const Slice& s : slices)
    if (s.sweep.column("warmup_days").i64[0] != first)
      throw SweepError(describe(s) + " has " +
                       std::to_string(s.sweep.column("warmup_days").i64[0]) + " warm-up days, " +
                       describe(slices.front()) + " " + std::to_string(first) +
                       ": give --warmup-days");
  return static_cast<int>(first);
}

}  // namespace

std::string format_runs(const std::vector<std::size_t>& runs) {
  std::string text;
  for (std::size_t i = 0; i < runs.size();) {
    std::size_t j = i;
    while (j + 1 < runs.size() && runs[j + 1] == runs[j] + 1) ++j;
    text += (text.empty() ? "" : ", ") + std::to_string(runs[i]);
    if (j > i) text += (j == i + 1 ? ", " : "-") + std::to_string(runs[j]);
    i = j + 1;
  }
  return text;
}

MergeResult merge_shards(const std::vector<std::string>& inputs, const std::string& out_path,
                         const io::Provenance& provenance, std::optional<int> warmup_days) {
  if (inputs.empty()) throw SweepError("nothing to merge");
  std::vector<Slice> slices;
  for (const std::string& path : inputs) slices.push_back(read_slice(path));
  // Earliest runs first: the merged file lists its tables in the order run 0 produced them.
  std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return !a.runs.empty() && (b.runs.empty() || a.runs.front() < b.runs.front());
  });
  check_slices(slices);
  const int warmup = merged_warmup(slices, warmup_days);
  const SweepPlan plan = plan_of(slices.front());
  if (plan.runs() != static_cast<std::size_t>(slices.front().sweep.column("runs_total").i64[0]))
    throw SweepError(slices.front().path + ": /points and /sweep disagree on the number of runs");

  // The run tables of every slice, in slice order, each moved out (or freed once appended) so
  // that the runs are held about once.
  std::vector<Table> tables;
  for (Slice& s : slices)
    for (Table& t : s.file.tables) {
      if (is_sweep_table(t.name)) continue;
      auto same = std::find_if(tables.begin(), tables.end(),
                               [&t](const Table& x) { return x.name == t.name; });
      if (same == tables.end()) {
        tables.push_back(std::move(t));
        continue;
      }
      try {
        same->append(t);
      } catch (const std::invalid_argument& e) {
        throw SweepError(describe(s) + ": " + e.what());
      }
      t = Table{};
    }
  for (Table& t : tables) sort_by_run(t);
  auto find = [&tables](const std::string& name) -> const Table* {
    for (const Table& t : tables)
      if (t.name == name) return &t;
    return nullptr;
  };
  const Table* runs = find("runs");
  const Table* kpi = find("kpi");
  if (kpi == nullptr) throw SweepError("the slices have no /kpi table");
  std::vector<Table> extra = sweep_tables(plan, runs->rows(), *runs, *kpi, find("timeseries/daily"),
                                          warmup, find("emergency/drills"));

  io::Provenance merged = slices.front().file.provenance;
  merged.version = provenance.version;
  merged.git_revision = provenance.git_revision;
  merged.command_line = provenance.command_line;
  merged.created = provenance.created;
  MergeResult result{inputs.size(), plan.points.size(), runs->rows()};
  for (Table& t : extra) tables.push_back(std::move(t));
  io::write_hdf5(out_path, merged, tables);
  return result;
}

}  // namespace gridplan::experiment
