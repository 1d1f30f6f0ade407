// gridplan merge: reads each slice's run tables and sweep rows, checks that the slices are of one
// sweep and together hold every run once, then writes the runs in run order and the sweep tables.
#include "gridplan/experiment/shard_merge.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/experiment/sweep_runner.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Table;

/// One input file: its sweep-level rows, its table names and the runs it holds.
struct Slice {
  std::string path;
  std::vector<std::string> names;  ///< run tables, in file order (without the sweep tables)
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

Slice read_slice(const std::string& path) {
  Slice s;
  s.path = path;
  std::vector<std::string> all;
  try {
    all = io::list_hdf5_tables(path);
  } catch (const std::exception& e) {
    throw SweepError(std::string(e.what()) + ": cannot merge " + path);
  }
  for (const std::string& name : all) {
    if (name == "sweep") s.sweep = io::read_hdf5_table(path, name);
    if (name == "shard") s.shard = io::read_hdf5_table(path, name);
    if (name == "points") s.points = io::read_hdf5_table(path, name);
    if (!is_sweep_table(name)) s.names.push_back(name);
  }
  if (s.sweep.rows() != 1 || s.points.rows() == 0 ||
      std::find(s.names.begin(), s.names.end(), "runs") == s.names.end())
    throw SweepError(path +
                     " is not the result file of a sweep (it has no /sweep, /points or "
                     "/runs): merge takes the files of gridplan sweep --shard i/n");
  const Table runs = io::read_hdf5_table(path, "runs");
  for (const std::int64_t run : runs.column("run").i64)
    s.runs.push_back(static_cast<std::size_t>(run));
  std::sort(s.runs.begin(), s.runs.end());
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
    const std::string& other = s.sweep.column("fingerprint").str[0];
    if (other != fingerprint)
      throw SweepError(describe(s) + " is a slice of another sweep than " + describe(first) +
                       " (fingerprint " + other + ", not " + fingerprint +
                       "): the scenario text, --set, --grid, --days, --replications or "
                       "--independent differ");
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

  std::vector<Table> tables;
  for (const Slice& s : slices)
    for (const std::string& name : s.names) {
      Table t = io::read_hdf5_table(s.path, name);
      auto same = std::find_if(tables.begin(), tables.end(),
                               [&name](const Table& x) { return x.name == name; });
      if (same == tables.end()) {
        tables.push_back(std::move(t));
        continue;
      }
      try {
        same->append(t);
      } catch (const std::invalid_argument& e) {
        throw SweepError(describe(s) + ": " + e.what());
      }
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
  std::vector<Table> extra =
      sweep_tables(plan, runs->rows(), *runs, *kpi, find("timeseries/daily"), warmup);

  io::Provenance merged = io::read_provenance(slices.front().path);
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
