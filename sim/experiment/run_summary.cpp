// The /summary table of a sweep: replications of each parameter point reduced to mean, standard
// deviation, Student t 95% half-width, minimum and maximum, per KPI and per daily metric.
#include "gridplan/experiment/run_summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "gridplan/experiment/statistics.hpp"

namespace gridplan::experiment {

namespace {

using kernel::Column;
using kernel::Table;

/// Row of each run id in `table` (column "run"); a repeated run id is a caller's bug.
std::unordered_map<std::int64_t, std::size_t> row_of_run(const Table& table) {
  std::unordered_map<std::int64_t, std::size_t> rows;
  const Column& run = table.column("run");
  for (std::size_t r = 0; r < run.i64.size(); ++r)
    if (!rows.emplace(run.i64[r], r).second)
      throw std::invalid_argument("table '" + table.name + "' has run " +
                                  std::to_string(run.i64[r]) + " twice");
  return rows;
}

/// Value `row` of a numeric column as a double.
double value_at(const Column& column, std::size_t row) {
  return column.type == Column::Type::kInt64 ? static_cast<double>(column.i64[row])
                                             : column.f64[row];
}

/// Whether a daily column is a metric (not the run, day or date key, not a label).
bool is_daily_metric(const Column& column) {
  // Keys and the calendar (day type, heating season) describe days, they measure nothing.
  return column.type != Column::Type::kString && column.name != "run" && column.name != "day" &&
         column.name != "date" && column.name != "heating_season";
}

/// The empty summary table with its columns.
Table empty_summary(int warmup_days) {
  Table t;
  t.name = "summary";
  t.description =
      "one row per parameter point and KPI: statistics over the point's replications; "
      "ci95_half_width = t(0.975, n - 1) * stddev / sqrt(n) (Student t, n - 1 degrees of "
      "freedom); daily_* rows average timeseries/daily over days >= " +
      std::to_string(warmup_days) + " (warm-up deleted) per run first";
  t.add_i64("point", "", "parameter point (row of /points)");
  t.add_str("kpi",
            "KPI name (a /kpi column), daily_<metric> (a /timeseries/daily column) or "
            "drill:<name>:<kpi> (a column of emergency/drills)");
  t.add_str("unit", "unit of mean, stddev, ci95_half_width, min and max");
  t.add_i64("n", "runs", "replications with a value (NaN values left out)");
  t.add_f64("mean", "(unit)", "mean over replications");
  t.add_f64("stddev", "(unit)", "sample standard deviation over replications (n - 1)");
  t.add_f64("ci95_half_width", "(unit)",
            "half-width of the 95% confidence interval of the mean (Student t, df = n - 1); "
            "NaN if n < 2");
  t.add_f64("min", "(unit)", "smallest value");
  t.add_f64("max", "(unit)", "largest value");
  return t;
}

/// Appends one summary row.
void add_row(Table& t, std::int64_t point, const std::string& kpi, const std::string& unit,
             const RunningStats& s) {
  t.columns[0].i64.push_back(point);
  t.columns[1].str.push_back(kpi);
  t.columns[2].str.push_back(unit);
  t.columns[3].i64.push_back(s.count());
  t.columns[4].f64.push_back(s.mean());
  t.columns[5].f64.push_back(s.stddev());
  t.columns[6].f64.push_back(s.ci95_half_width());
  t.columns[7].f64.push_back(s.min());
  t.columns[8].f64.push_back(s.max());
}

/// Adds a row per f64 column of `values` (except "run") for the runs of one point.
void summarize_columns(Table& summary, std::int64_t point, const std::vector<std::int64_t>& runs,
                       const Table& values,
                       const std::unordered_map<std::int64_t, std::size_t>& rows) {
  for (const Column& column : values.columns) {
    if (column.type != Column::Type::kFloat64 || column.name == "run") continue;
    RunningStats stats;
    for (const std::int64_t run : runs) {
      const auto found = rows.find(run);
      if (found == rows.end()) continue;
      const double x = column.f64[found->second];
      if (!std::isnan(x)) stats.add(x);
    }
    add_row(summary, point, column.name, column.unit, stats);
  }
}

/// Checks that every run of `table` is one of `known`.
void check_runs_known(const Table& table,
                      const std::unordered_map<std::int64_t, std::size_t>& known) {
  for (const std::int64_t run : table.column("run").i64)
    if (!known.count(run))
      throw std::invalid_argument("table '" + table.name + "' has run " + std::to_string(run) +
                                  ", which /runs does not list");
}

}  // namespace

std::vector<std::vector<std::int64_t>> runs_by_point(const Table& runs) {
  const Column& run = runs.column("run");
  const Column* point = nullptr;
  for (const Column& c : runs.columns)
    if (c.name == "point") point = &c;
  std::vector<std::vector<std::int64_t>> groups;
  for (std::size_t r = 0; r < run.i64.size(); ++r) {
    const std::int64_t p = point ? point->i64[r] : 0;
    if (p < 0) throw std::invalid_argument("/runs: negative point " + std::to_string(p));
    if (groups.size() <= static_cast<std::size_t>(p)) groups.resize(p + 1);
    groups[p].push_back(run.i64[r]);
  }
  return groups;
}

Table daily_means(const Table& runs, const Table& daily, int warmup_days) {
  std::vector<const Column*> metrics;
  for (const Column& c : daily.columns)
    if (is_daily_metric(c)) metrics.push_back(&c);
  // One accumulator per (run, metric), filled in one pass over the daily rows.
  const auto run_rows = row_of_run(runs);
  check_runs_known(daily, run_rows);
  std::vector<std::vector<RunningStats>> stats(runs.rows(),
                                               std::vector<RunningStats>(metrics.size()));
  const Column& run = daily.column("run");
  const Column& day = daily.column("day");
  for (std::size_t r = 0; r < daily.rows(); ++r) {
    if (day.i64[r] < warmup_days) continue;
    std::vector<RunningStats>& of_run = stats[run_rows.at(run.i64[r])];
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const double x = value_at(*metrics[m], r);
      if (!std::isnan(x)) of_run[m].add(x);
    }
  }
  Table t;
  t.name = "daily_means";
  t.description = "per run: mean of each daily metric over days >= " + std::to_string(warmup_days);
  t.add_i64("run", "", "run id").i64 = runs.column("run").i64;
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    Column& c = t.add_f64("daily_" + metrics[m]->name, metrics[m]->unit,
                          "daily mean after warm-up: " + metrics[m]->description);
    for (const auto& of_run : stats) c.f64.push_back(of_run[m].mean());
  }
  return t;
}

Table drill_kpis(const Table& runs, const Table& drills) {
  const auto run_rows = row_of_run(runs);
  check_runs_known(drills, run_rows);
  const Column& run = drills.column("run");
  const Column& drill = drills.column("drill");
  std::vector<std::string> names;  // first-seen order: the scenario's drill order
  for (const std::string& n : drill.str)
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  Table t;
  t.name = "drill_kpis";
  t.description = "per run: every drill's KPIs from emergency/drills";
  t.add_i64("run", "", "run id").i64 = runs.column("run").i64;
  for (const std::string& name : names)
    for (const Column& c : drills.columns) {
      if (c.type != Column::Type::kFloat64) continue;
      Column& out =
          t.add_f64("drill:" + name + ":" + c.name, c.unit, "drill " + name + ": " + c.description);
      out.f64.assign(runs.rows(), std::nan(""));
      for (std::size_t r = 0; r < drills.rows(); ++r)
        if (drill.str[r] == name) out.f64[run_rows.at(run.i64[r])] = c.f64[r];
    }
  return t;
}

Table summarize_runs(const Table& runs, const Table& kpi, const Table* daily, int warmup_days,
                     const Table* drills) {
  if (warmup_days < 0) throw std::invalid_argument("warm-up days must be >= 0");
  if (daily == nullptr) return summarize_run_means(runs, kpi, nullptr, warmup_days, drills);
  const Table means = daily_means(runs, *daily, warmup_days);
  return summarize_run_means(runs, kpi, &means, warmup_days, drills);
}

Table summarize_run_means(const Table& runs, const Table& kpi, const Table* means, int warmup_days,
                          const Table* drills) {
  if (warmup_days < 0) throw std::invalid_argument("warm-up days must be >= 0");
  const auto groups = runs_by_point(runs);
  const auto known = row_of_run(runs);
  check_runs_known(kpi, known);
  const auto kpi_rows = row_of_run(kpi);
  std::unordered_map<std::int64_t, std::size_t> mean_rows;
  if (means != nullptr) {
    check_runs_known(*means, known);
    mean_rows = row_of_run(*means);
  }
  Table per_drill;
  std::unordered_map<std::int64_t, std::size_t> drill_rows;
  if (drills != nullptr) {
    per_drill = drill_kpis(runs, *drills);
    drill_rows = row_of_run(per_drill);
  }
  Table summary = empty_summary(warmup_days);
  for (std::size_t p = 0; p < groups.size(); ++p) {
    if (groups[p].empty()) continue;  // a point not run yet (an interrupted sweep)
    const auto point = static_cast<std::int64_t>(p);
    summarize_columns(summary, point, groups[p], kpi, kpi_rows);
    if (means != nullptr) summarize_columns(summary, point, groups[p], *means, mean_rows);
    if (drills != nullptr) summarize_columns(summary, point, groups[p], per_drill, drill_rows);
  }
  return summary;
}

}  // namespace gridplan::experiment
