// Every drill in a sweep's /summary (issue 15): /emergency/drills pivoted into drill:<name>:<kpi>
// columns per run, and summarised like the /kpi columns.
#include <gtest/gtest.h>

#include <cmath>

#include "gridplan/experiment/run_summary.hpp"

namespace gridplan::experiment {
namespace {

using kernel::Table;

Table runs_of(std::vector<std::int64_t> ids, std::vector<std::int64_t> points) {
  Table t;
  t.name = "runs";
  t.add_i64("run", "", "run id").i64 = std::move(ids);
  t.add_i64("point", "", "point").i64 = std::move(points);
  return t;
}

/// Runs 0-3: drill "day" in every run, "night" in runs 0, 1 and 3 (run 2's was past its horizon).
Table drills_table() {
  Table t;
  t.name = "emergency/drills";
  t.add_i64("run", "", "run id").i64 = {0, 0, 1, 1, 2, 3, 3};
  t.add_str("drill", "drill name").str = {"day", "night", "day", "night", "day", "night", "day"};
  t.add_i64("date", "YYYYMMDD", "day").i64 = {1, 2, 1, 2, 1, 2, 1};
  t.add_f64("coverage_3h", "1", "covered after 3 h").f64 = {0.9, 0.5, 0.8, 0.7, 1.0, 0.6, 0.7};
  return t;
}

TEST(drill_summary, pivots_every_drill_into_columns_per_run) {
  const Table per_run = drill_kpis(runs_of({0, 1, 2, 3}, {0, 0, 1, 1}), drills_table());
  ASSERT_EQ(per_run.columns.size(), 3u);  // run, then f64 columns only (date is i64)
  EXPECT_EQ(per_run.column("run").i64, (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(per_run.column("drill:day:coverage_3h").f64, (std::vector<double>{0.9, 0.8, 1.0, 0.7}));
  const auto& night = per_run.column("drill:night:coverage_3h").f64;
  EXPECT_EQ(night[0], 0.5);
  EXPECT_TRUE(std::isnan(night[2]));  // no row for run 2
  EXPECT_EQ(night[3], 0.6);
  EXPECT_EQ(per_run.column("drill:night:coverage_3h").unit, "1");
}

TEST(drill_summary, summary_rows_follow_the_kpis_per_point) {
  const Table runs = runs_of({0, 1, 2, 3}, {0, 0, 1, 1});
  Table kpi;
  kpi.name = "kpi";
  kpi.add_i64("run", "", "run id").i64 = {0, 1, 2, 3};
  kpi.add_f64("emergency_coverage_3h", "1", "first drill").f64 = {0.9, 0.8, 1.0, 0.7};
  const Table drills = drills_table();
  const Table s = summarize_runs(runs, kpi, nullptr, 0, &drills);
  const auto& name = s.column("kpi").str;
  ASSERT_EQ(name.size(), 6u);  // 2 points x (1 KPI + 2 drill rows)
  EXPECT_EQ(name[0], "emergency_coverage_3h");
  EXPECT_EQ(name[1], "drill:day:coverage_3h");
  EXPECT_EQ(name[2], "drill:night:coverage_3h");
  EXPECT_NEAR(s.column("mean").f64[2], 0.6, 1e-12);  // point 0: runs 0 and 1
  EXPECT_EQ(s.column("n").i64[5], 1);                // point 1: run 2 had no night drill
  EXPECT_NEAR(s.column("mean").f64[5], 0.6, 1e-12);
  // Without the table, the summary is as before.
  EXPECT_EQ(summarize_runs(runs, kpi, nullptr, 0).rows(), 2u);
}

TEST(drill_summary, a_drill_row_of_an_unknown_run_is_an_error) {
  EXPECT_THROW(drill_kpis(runs_of({0, 1}, {0, 0}), drills_table()), std::invalid_argument);
}

}  // namespace
}  // namespace gridplan::experiment
