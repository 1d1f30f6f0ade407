// Unit tests of the sweep summary: rows per point and KPI with hand-computed statistics, NaN
// values left out, daily metrics after warm-up deletion, and runs matched by id, not position.
#include "gridplan/experiment/run_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gridplan::experiment {
namespace {

using kernel::Table;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Runs 0-5: points 0, 0, 0, 1, 1, 1.
Table runs_table() {
  Table t;
  t.name = "runs";
  t.add_i64("run", "", "").i64 = {0, 1, 2, 3, 4, 5};
  t.add_i64("point", "", "").i64 = {0, 0, 0, 1, 1, 1};
  return t;
}

/// A KPI table in another row order than /runs, with a NaN.
Table kpi_table() {
  Table t;
  t.name = "kpi";
  t.add_i64("run", "", "").i64 = {5, 4, 3, 2, 1, 0};
  t.add_f64("wait_hours", "hours", "").f64 = {6, 5, 4, 3, 2, 1};
  t.add_f64("rate", "1", "").f64 = {0.5, kNaN, 0.7, 0.1, 0.2, 0.3};
  return t;
}

/// Three days per run: arrivals = 10 * run + day; a NaN wait on day 2 of run 0.
Table daily_table() {
  Table t;
  t.name = "timeseries/daily";
  t.add_i64("run", "", "");
  t.add_i64("day", "day", "");
  t.add_i64("date", "YYYYMMDD", "");
  t.add_i64("arrivals", "cases", "cases reported");
  t.add_f64("wait", "hours", "");
  for (std::int64_t r = 0; r < 6; ++r)
    for (std::int64_t d = 0; d < 3; ++d) {
      t.columns[0].i64.push_back(r);
      t.columns[1].i64.push_back(d);
      t.columns[2].i64.push_back(20230101 + d);
      t.columns[3].i64.push_back(10 * r + d);
      t.columns[4].f64.push_back(r == 0 && d == 2 ? kNaN : 0.5 * d);
    }
  return t;
}

/// The summary row of (point, kpi).
std::size_t row(const Table& s, std::int64_t point, const std::string& kpi) {
  for (std::size_t r = 0; r < s.rows(); ++r)
    if (s.column("point").i64[r] == point && s.column("kpi").str[r] == kpi) return r;
  ADD_FAILURE() << "no row " << point << " " << kpi;
  return 0;
}

TEST(run_summary, one_row_per_point_and_kpi_with_hand_computed_statistics) {
  const Table s = summarize_runs(runs_table(), kpi_table(), nullptr, 0);
  EXPECT_EQ(s.name, "summary");
  ASSERT_EQ(s.rows(), 4u);
  EXPECT_EQ(s.column("kpi").str,
            (std::vector<std::string>{"wait_hours", "rate", "wait_hours", "rate"}));
  EXPECT_EQ(s.column("point").i64, (std::vector<std::int64_t>{0, 0, 1, 1}));
  // Point 0 = runs 0, 1, 2: wait 1, 2, 3.
  const std::size_t w0 = row(s, 0, "wait_hours");
  EXPECT_EQ(s.column("unit").str[w0], "hours");
  EXPECT_EQ(s.column("n").i64[w0], 3);
  EXPECT_DOUBLE_EQ(s.column("mean").f64[w0], 2);
  EXPECT_DOUBLE_EQ(s.column("stddev").f64[w0], 1);
  EXPECT_NEAR(s.column("ci95_half_width").f64[w0], 4.302653 / std::sqrt(3.0), 1e-6);
  EXPECT_DOUBLE_EQ(s.column("min").f64[w0], 1);
  EXPECT_DOUBLE_EQ(s.column("max").f64[w0], 3);
  // Point 1 = runs 3, 4, 5: rate 0.7, NaN, 0.5 -> n = 2.
  const std::size_t r1 = row(s, 1, "rate");
  EXPECT_EQ(s.column("n").i64[r1], 2);
  EXPECT_DOUBLE_EQ(s.column("mean").f64[r1], 0.6);
  EXPECT_NEAR(s.column("ci95_half_width").f64[r1], 12.706205 * std::sqrt(0.02) / std::sqrt(2.0),
              1e-6);
}

TEST(run_summary, daily_rows_delete_the_warm_up_days) {
  const Table daily = daily_table();
  const Table all = summarize_runs(runs_table(), kpi_table(), &daily, 0);
  const Table warm = summarize_runs(runs_table(), kpi_table(), &daily, 1);
  // Point 0, warm-up 0: per-run means of 10r + d over d = 0..2 are 1, 11, 21.
  EXPECT_DOUBLE_EQ(all.column("mean").f64[row(all, 0, "daily_arrivals")], 11);
  EXPECT_EQ(all.column("unit").str[row(all, 0, "daily_arrivals")], "cases");
  // Warm-up 1: days 1..2 only, per-run means 1.5, 11.5, 21.5.
  EXPECT_DOUBLE_EQ(warm.column("mean").f64[row(warm, 0, "daily_arrivals")], 11.5);
  EXPECT_DOUBLE_EQ(warm.column("min").f64[row(warm, 0, "daily_arrivals")], 1.5);
  // Run 0's NaN wait on day 2 is skipped within the run: its mean over days 1..2 is 0.5;
  // runs 1 and 2 give 0.75.
  EXPECT_NEAR(warm.column("mean").f64[row(warm, 0, "daily_wait")], (0.5 + 0.75 + 0.75) / 3, 1e-15);
  EXPECT_NE(warm.description.find("days >= 1"), std::string::npos);
  // No day, date or run rows.
  for (const std::string& k : warm.column("kpi").str) {
    EXPECT_NE(k, "daily_day");
    EXPECT_NE(k, "daily_date");
    EXPECT_NE(k, "daily_run");
  }
}

TEST(run_summary, points_without_runs_have_no_rows) {
  Table runs = runs_table();
  runs.column("point").i64 = {0, 0, 0, 2, 2, 2};  // point 1 not run yet
  const Table s = summarize_runs(runs, kpi_table(), nullptr, 0);
  EXPECT_EQ(s.column("point").i64, (std::vector<std::int64_t>{0, 0, 2, 2}));
}

TEST(run_summary, a_single_run_file_is_point_zero) {
  Table runs;
  runs.name = "runs";
  runs.add_i64("run", "", "").i64 = {7};
  Table kpi;
  kpi.name = "kpi";
  kpi.add_i64("run", "", "").i64 = {7};
  kpi.add_f64("x", "", "").f64 = {3};
  const Table s = summarize_runs(runs, kpi, nullptr, 0);
  ASSERT_EQ(s.rows(), 1u);
  EXPECT_EQ(s.column("n").i64[0], 1);
  EXPECT_TRUE(std::isnan(s.column("stddev").f64[0]));
  EXPECT_TRUE(std::isnan(s.column("ci95_half_width").f64[0]));
}

TEST(run_summary, unknown_run_is_an_error) {
  Table kpi = kpi_table();
  kpi.column("run").i64[0] = 99;
  EXPECT_THROW(summarize_runs(runs_table(), kpi, nullptr, 0), std::invalid_argument);
}

}  // namespace
}  // namespace gridplan::experiment
