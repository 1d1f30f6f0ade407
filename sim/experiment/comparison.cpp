// Paired comparison of two scenarios: read the runs of one point of each result file, pair them
// by replication (or by order), and reduce each KPI's differences to a Student t interval.
#include "gridplan/experiment/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "gridplan/experiment/run_summary.hpp"
#include "gridplan/experiment/statistics.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/recorded_log.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Column;
using kernel::Table;

const Column* find_column(const Table& t, const std::string& name) {
  for (const Column& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

/// The rows of `file`'s /kpi whose run is in `runs`, in the order of `runs`.
Table select_rows(const io::ResultFile& file, const std::vector<std::int64_t>& runs) {
  const Table& kpi = file.table("kpi");
  std::map<std::int64_t, std::size_t> row_of;
  const auto& run = file.column(kpi, "run", Column::Type::kInt64).i64;
  for (std::size_t r = 0; r < run.size(); ++r)
    if (!row_of.emplace(run[r], r).second)
      file.bad("/kpi has two rows for run " + std::to_string(run[r]));
  Table out;
  out.name = kpi.name;
  out.description = kpi.description;
  for (const Column& c : kpi.columns) out.add(c.name, c.type, c.unit, c.description);
  for (const std::int64_t id : runs) {
    const auto found = row_of.find(id);
    if (found == row_of.end()) file.bad("/kpi has no row for run " + std::to_string(id));
    for (std::size_t c = 0; c < kpi.columns.size(); ++c) {
      const Column& in = kpi.columns[c];
      Column& o = out.columns[c];
      switch (in.type) {
        case Column::Type::kFloat64:
          o.f64.push_back(in.f64[found->second]);
          break;
        case Column::Type::kInt64:
          o.i64.push_back(in.i64[found->second]);
          break;
        case Column::Type::kString:
          o.str.push_back(in.str[found->second]);
          break;
      }
    }
  }
  return out;
}

/// "0-9, 12, 20-21": a sorted set of replications, runs of consecutive values joined.
std::string describe_set(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  std::string text;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    text += (text.empty() ? "" : ", ") + std::to_string(values[i]);
    if (j > i) text += "-" + std::to_string(values[j]);
    i = j + 1;
  }
  return "{" + text + "}";
}

/// Row pairs (a row, b row) of the two sides.
std::vector<std::pair<std::size_t, std::size_t>> pair_rows(const ComparisonSide& a,
                                                           const ComparisonSide& b,
                                                           Pairing pairing) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (pairing == Pairing::kByOrder) {
    if (a.kpi.rows() != b.kpi.rows())
      throw ComparisonError("cannot pair " + a.label + " (" + std::to_string(a.kpi.rows()) +
                            " runs) with " + b.label + " (" + std::to_string(b.kpi.rows()) +
                            " runs): both need the same number of replications");
    for (std::size_t i = 0; i < a.kpi.rows(); ++i) pairs.emplace_back(i, i);
    return pairs;
  }
  std::map<std::int64_t, std::size_t> row_a, row_b;
  for (std::size_t i = 0; i < a.replications.size(); ++i)
    if (!row_a.emplace(a.replications[i], i).second)
      throw ComparisonError(a.label + " has replication " + std::to_string(a.replications[i]) +
                            " twice: pick one point of it");
  for (std::size_t i = 0; i < b.replications.size(); ++i)
    if (!row_b.emplace(b.replications[i], i).second)
      throw ComparisonError(b.label + " has replication " + std::to_string(b.replications[i]) +
                            " twice: pick one point of it");
  bool same = row_a.size() == row_b.size();
  for (const auto& [rep, row] : row_a) same = same && row_b.count(rep) > 0;
  if (!same)
    throw ComparisonError(
        "cannot pair the runs: " + a.label + " has replications " + describe_set(a.replications) +
        " but " + b.label + " has " + describe_set(b.replications) +
        "; paired differences need the same replications (common random numbers) on both "
        "sides: rerun one side with the other's replications");
  for (const auto& [rep, row] : row_a) pairs.emplace_back(row, row_b.at(rep));
  return pairs;
}

/// The empty comparison table with its columns.
Table empty_comparison(const ComparisonSide& a, const ComparisonSide& b, Pairing pairing) {
  Table t;
  t.name = "comparison";
  t.description = "one row per KPI: paired differences B - A over replications, A = " + a.label +
                  ", B = " + b.label + ", runs paired " +
                  (pairing == Pairing::kByReplication ? "by replication (same random streams)"
                                                      : "by order (independent streams)") +
                  "; 95% interval = mean_difference +- t(0.975, n - 1) * stddev_difference / "
                  "sqrt(n) (Student t, n - 1 degrees of freedom)";
  t.add_str("kpi", "KPI name (a /kpi column)");
  t.add_str("unit", "unit of the means and differences");
  t.add_i64("n", "pairs", "pairs of runs where both values exist");
  t.add_f64("mean_a", "(unit)", "mean of A over the pairs");
  t.add_f64("mean_b", "(unit)", "mean of B over the pairs");
  t.add_f64("mean_difference", "(unit)", "mean of B - A over the pairs");
  t.add_f64("stddev_difference", "(unit)", "sample standard deviation of B - A (n - 1)");
  t.add_f64("ci95_half_width", "(unit)",
            "half-width of the 95% interval of the mean difference (Student t, df = n - 1)");
  t.add_f64("ci95_low", "(unit)", "mean_difference - ci95_half_width");
  t.add_f64("ci95_high", "(unit)", "mean_difference + ci95_half_width");
  t.add_i64("significant", "", "1 if the 95% interval excludes 0, else 0");
  return t;
}

/// "3" for equal values, "{3, 5}" for several (sorted, distinct).
std::string describe_values(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() == 1) return std::to_string(values.front());
  std::string text;
  for (const std::int64_t v : values) text += (text.empty() ? "" : ", ") + std::to_string(v);
  return "{" + text + "}";
}

const char* streams_name(const ComparisonSide& side) {
  return side.independent_streams ? "independent streams (--independent)" : "common random numbers";
}

/// "none" or the overrides joined by ", ".
std::string one_line(const std::string& overrides) {
  if (overrides.empty()) return "none";
  std::string text = overrides;
  for (std::size_t i = 0; (i = text.find('\n', i)) != std::string::npos;) text.replace(i, 1, ", ");
  return text;
}

/// Every drill's KPIs as `drill:<name>:<kpi>` columns of `kpi` (rows of `ids`): /kpi has only
/// the first drill's, and compare pairs columns by name, so drills pair by name.
void add_drill_kpis(const io::ResultFile& file, const Table& drills,
                    const std::vector<std::int64_t>& ids, Table& kpi) {
  const auto& run = file.column(drills, "run", Column::Type::kInt64).i64;
  file.column(drills, "drill", Column::Type::kString);
  Table mine = drills;  // the rows of this side's runs only
  for (Column& c : mine.columns) {
    c.i64.clear();
    c.f64.clear();
    c.str.clear();
  }
  for (std::size_t r = 0; r < drills.rows(); ++r) {
    if (std::find(ids.begin(), ids.end(), run[r]) == ids.end()) continue;
    for (std::size_t c = 0; c < drills.columns.size(); ++c) {
      const Column& in = drills.columns[c];
      Column& out = mine.columns[c];
      if (in.type == Column::Type::kInt64) out.i64.push_back(in.i64[r]);
      if (in.type == Column::Type::kFloat64) out.f64.push_back(in.f64[r]);
      if (in.type == Column::Type::kString) out.str.push_back(in.str[r]);
    }
  }
  Table runs;
  runs.add_i64("run", "", "run id").i64 = ids;
  Table per_drill = drill_kpis(runs, mine);
  for (Column& c : per_drill.columns)
    if (c.name != "run") kpi.columns.push_back(std::move(c));
}

}  // namespace

bool is_comparison_input(const std::string& table) {
  return table == "runs" || table == "kpi" || table == "points" || table == "sweep" ||
         table == "emergency/drills";
}

ComparisonSide comparison_side(const io::ResultFile& file, std::optional<std::int64_t> point) {
  const std::string& path = file.path;
  if (!file.lists("runs") || !file.lists("kpi"))
    file.bad("it has no /runs or /kpi table (compare takes the files of gridplan run or sweep)");
  const Table& runs = file.table("runs");
  std::int64_t points = 1;
  const Table* point_table = file.find("points");
  if (point_table != nullptr) {
    points = static_cast<std::int64_t>(point_table->rows());
    if (points == 0) file.bad("/points has no rows");
  }
  if (!point && points > 1)
    throw ComparisonError(path + " is a sweep of " + std::to_string(points) +
                          " points: choose them with --points A,B");
  const std::int64_t p = point.value_or(0);
  if (p < 0 || p >= points)
    throw ComparisonError(path + " has no point " + std::to_string(p) + " (it has " +
                          std::to_string(points) + ")");
  ComparisonSide side;
  side.label = path;
  if (points > 1 || point) {
    side.label += " point " + std::to_string(p);
    if (point_table != nullptr) {
      const std::string& parameters =
          file.column(*point_table, "parameters", Column::Type::kString).str[p];
      if (!parameters.empty()) side.label += " (" + parameters + ")";
    }
  }
  const auto& run = file.column(runs, "run", Column::Type::kInt64).i64;
  const auto& replication = file.column(runs, "replication", Column::Type::kInt64).i64;
  const std::vector<std::int64_t>* point_of = nullptr;
  if (find_column(runs, "point") != nullptr)
    point_of = &file.column(runs, "point", Column::Type::kInt64).i64;
  // Files of gridplan 0.1 have each run's horizon and seed in /runs; the provenance otherwise.
  const std::vector<std::int64_t>* days = nullptr;
  const std::vector<std::int64_t>* seeds = nullptr;
  if (find_column(runs, "days") != nullptr)
    days = &file.column(runs, "days", Column::Type::kInt64).i64;
  if (find_column(runs, "seed") != nullptr)
    seeds = &file.column(runs, "seed", Column::Type::kInt64).i64;
  std::vector<std::int64_t> ids;
  for (std::size_t r = 0; r < runs.rows(); ++r)
    if ((point_of ? (*point_of)[r] : 0) == p) {
      ids.push_back(run[r]);
      side.replications.push_back(replication[r]);
      side.days.push_back(days ? (*days)[r] : file.provenance.horizon_days);
      side.seeds.push_back(seeds ? (*seeds)[r] : static_cast<std::int64_t>(file.provenance.seed));
    }
  if (ids.empty())
    throw ComparisonError(side.label + " has no finished runs (complete it with --resume)");
  side.kpi = select_rows(file, ids);
  if (const Table* drills = file.find("emergency/drills"))
    add_drill_kpis(file, *drills, ids, side.kpi);
  if (const Table* sweep = file.find("sweep")) {
    file.require_rows(*sweep, 1);
    const std::string& streams = file.column(*sweep, "streams", Column::Type::kString).str[0];
    if (streams != "common" && streams != "independent")
      file.bad("/sweep says streams '" + streams + "', not 'common' or 'independent'");
    side.independent_streams = streams == "independent";
  }
  side.scenario_name = file.provenance.scenario_name;
  side.scenario_text = file.provenance.scenario_text;
  side.overrides = file.provenance.overrides;
  side.replay = file.provenance;
  return side;
}

ComparisonSide load_comparison_side(const std::string& path, std::optional<std::int64_t> point) {
  return comparison_side(io::read_result_file(path, is_comparison_input), point);
}

SideDifferences check_comparable(const ComparisonSide& a, const ComparisonSide& b,
                                 bool allow_different) {
  SideDifferences d;
  const std::string days_a = describe_values(a.days), days_b = describe_values(b.days);
  if (days_a != days_b)
    d.refused.push_back("horizon: A " + days_a + " days, B " + days_b +
                        " days (KPIs over different horizons measure different things)");
  const std::string seeds_a = describe_values(a.seeds), seeds_b = describe_values(b.seeds);
  if (seeds_a != seeds_b)
    d.refused.push_back("seed: A " + seeds_a + ", B " + seeds_b +
                        " (the pairs share no random streams)");
  if (a.independent_streams != b.independent_streams)
    d.refused.push_back(std::string("random numbers: A ") + streams_name(a) + ", B " +
                        streams_name(b) + " (the pairs share no random streams)");
  const io::Provenance &ra = a.replay, &rb = b.replay;
  if (!ra.replay_log.empty() && !rb.replay_log.empty() &&
      ra.replay_log_sha256 != rb.replay_log_sha256)
    d.refused.push_back("event log: A replayed " + io::replay_text(ra) + ", B " +
                        io::replay_text(rb) + " (the pairs share no arrivals)");
  else if (ra.replay_log.empty() != rb.replay_log.empty() || ra.replay_options != rb.replay_options)
    d.noted.push_back("arrivals (A " + io::replay_text(ra) + "; B " + io::replay_text(rb) + ")");
  if (a.scenario_text != b.scenario_text)
    d.noted.push_back("scenario text (A " + a.scenario_name + ", B " + b.scenario_name + ")");
  if (a.overrides != b.overrides)
    d.noted.push_back("--set overrides (A " + one_line(a.overrides) + "; B " +
                      one_line(b.overrides) + ")");
  if (!d.refused.empty() && !allow_different) {
    std::string text;
    for (const std::string& r : d.refused) text += (text.empty() ? "" : "; ") + r;
    throw ComparisonError("will not compare " + a.label + " with " + b.label + ": " + text +
                          ". Rerun one side to match the other, or give --allow-different");
  }
  return d;
}

Table compare_paired(const ComparisonSide& a, const ComparisonSide& b, Pairing pairing) {
  const auto pairs = pair_rows(a, b, pairing);
  // One pair (two single runs): the differences, without intervals (NaN, never significant).
  if (pairs.empty())
    throw ComparisonError("cannot compare " + a.label + " with " + b.label + ": no pair of runs");
  Table t = empty_comparison(a, b, pairing);
  for (const Column& ca : a.kpi.columns) {
    if (ca.type != Column::Type::kFloat64 || ca.name == "run") continue;
    const Column* cb = find_column(b.kpi, ca.name);
    if (cb == nullptr || cb->type != Column::Type::kFloat64) continue;
    RunningStats sa, sb, diff;
    for (const auto& [ra, rb] : pairs) {
      const double x = ca.f64[ra], y = cb->f64[rb];
      if (std::isnan(x) || std::isnan(y)) continue;
      sa.add(x);
      sb.add(y);
      diff.add(y - x);
    }
    const double mean = diff.mean(), half = diff.ci95_half_width();
    t.columns[0].str.push_back(ca.name);
    t.columns[1].str.push_back(ca.unit);
    t.columns[2].i64.push_back(diff.count());
    t.columns[3].f64.push_back(sa.mean());
    t.columns[4].f64.push_back(sb.mean());
    t.columns[5].f64.push_back(mean);
    t.columns[6].f64.push_back(diff.stddev());
    t.columns[7].f64.push_back(half);
    t.columns[8].f64.push_back(mean - half);
    t.columns[9].f64.push_back(mean + half);
    t.columns[10].i64.push_back(!std::isnan(half) && (mean - half > 0 || mean + half < 0));
  }
  return t;
}

}  // namespace gridplan::experiment
