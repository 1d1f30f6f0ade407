// The summary of a sweep: per parameter point and KPI, mean, standard deviation, Student t 95%
// half-width, minimum and maximum over replications (docs/experiments.md, "Statistics").
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// The "summary" table: one row per point and KPI, points in ascending order, KPIs in /kpi
/// column order, then one `daily_<metric>` row per numeric column of "timeseries/daily" (the
/// run's mean of that metric over days >= `warmup_days`, NaN days skipped).
///
/// `runs` gives each run's point (column "point"; without it every run is point 0), `kpi` one
/// row per run (every f64 column is a KPI), `daily` may be null. Runs are matched by their
/// "run" column; NaN KPI values are left out, so `n` counts the values used. Throws
/// std::invalid_argument if a KPI or daily row names a run absent from `runs`.
///
/// With `drills` (the runs' "emergency/drills"), each drill's KPIs follow as rows
/// `drill:<name>:<kpi>` (drills in first-seen order, KPIs in column order): /kpi has only the
/// first drill's.
kernel::Table summarize_runs(const kernel::Table& runs, const kernel::Table& kpi,
                             const kernel::Table* daily, int warmup_days,
                             const kernel::Table* drills = nullptr);

/// summarize_runs with the daily metrics already reduced to each run's means (daily_means, one
/// row per run, or null): what a caller that streams the daily rows past keeps of them.
kernel::Table summarize_run_means(const kernel::Table& runs, const kernel::Table& kpi,
                                  const kernel::Table* means, int warmup_days,
                                  const kernel::Table* drills = nullptr);

/// The run ids of `runs` grouped by point: result[p] lists point p's runs in table order.
std::vector<std::vector<std::int64_t>> runs_by_point(const kernel::Table& runs);

/// Each run's mean of every numeric "timeseries/daily" metric over days >= `warmup_days`, as a
/// table like /kpi: a "run" column, then `daily_<metric>` columns, one row per run of `runs`
/// (NaN where a run has no day left).
kernel::Table daily_means(const kernel::Table& runs, const kernel::Table& daily, int warmup_days);

/// "emergency/drills" as a table like /kpi: a "run" column, then one `drill:<name>:<kpi>`
/// column per drill and f64 KPI column, one row per run of `runs` (NaN where a run has no row
/// for the drill). Throws std::invalid_argument if a drill row names a run absent from `runs`.
kernel::Table drill_kpis(const kernel::Table& runs, const kernel::Table& drills);

}  // namespace gridplan::experiment
