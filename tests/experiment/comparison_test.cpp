// Unit tests of the paired comparison: runs paired by replication whatever their order, the mean
// difference with its Student t interval and significance, and refusals with a clear message.
#include "gridplan/experiment/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace gridplan::experiment {
namespace {

/// A side with KPIs "wait" and "flat" for the given replications.
ComparisonSide side(const std::string& label, std::vector<std::int64_t> replications,
                    std::vector<double> wait, std::vector<double> flat) {
  ComparisonSide s;
  s.label = label;
  s.replications = std::move(replications);
  s.kpi.name = "kpi";
  auto& run = s.kpi.add_i64("run", "", "run id").i64;
  for (std::size_t i = 0; i < s.replications.size(); ++i)
    run.push_back(static_cast<std::int64_t>(i));
  s.kpi.add_f64("wait", "hours", "mean wait").f64 = std::move(wait);
  s.kpi.add_f64("flat", "cases", "a KPI the policy does not change").f64 = std::move(flat);
  return s;
}

std::size_t row(const kernel::Table& t, const std::string& kpi) {
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.column("kpi").str[r] == kpi) return r;
  ADD_FAILURE() << kpi;
  return 0;
}

TEST(comparison, pairs_by_replication_and_reduces_differences) {
  // B lists the same replications in another order.
  const ComparisonSide a = side("a.h5", {0, 1, 2, 3}, {1.0, 2.0, 3.0, 4.0}, {5, 5, 5, 5});
  const ComparisonSide b = side("b.h5", {3, 2, 1, 0}, {4.5, 3.4, 2.6, 1.3}, {5, 5, 5, 5});
  const kernel::Table t = compare_paired(a, b, Pairing::kByReplication);
  EXPECT_EQ(t.name, "comparison");
  const std::size_t w = row(t, "wait");
  // Differences: 0.3, 0.6, 0.4, 0.5 -> mean 0.45, sd sqrt(0.05/3).
  EXPECT_EQ(t.column("n").i64[w], 4);
  EXPECT_DOUBLE_EQ(t.column("mean_a").f64[w], 2.5);
  EXPECT_NEAR(t.column("mean_b").f64[w], 2.95, 1e-12);
  EXPECT_NEAR(t.column("mean_difference").f64[w], 0.45, 1e-12);
  const double half = 3.182446 * std::sqrt(0.05 / 3) / 2;
  EXPECT_NEAR(t.column("ci95_half_width").f64[w], half, 1e-6);
  EXPECT_NEAR(t.column("ci95_low").f64[w], 0.45 - half, 1e-6);
  EXPECT_EQ(t.column("significant").i64[w], 1);
  EXPECT_EQ(t.column("unit").str[w], "hours");
  const std::size_t f = row(t, "flat");
  EXPECT_EQ(t.column("mean_difference").f64[f], 0);
  EXPECT_EQ(t.column("significant").i64[f], 0);  // [0, 0] does not exclude 0
  EXPECT_NE(t.description.find("B - A"), std::string::npos);
  EXPECT_NE(t.description.find("n - 1"), std::string::npos);
}

TEST(comparison, an_interval_across_zero_is_not_significant) {
  const ComparisonSide a = side("a", {0, 1, 2}, {1, 2, 3}, {0, 0, 0});
  const ComparisonSide b = side("b", {0, 1, 2}, {1.5, 1.6, 3.1}, {0, 0, 0});
  const kernel::Table t = compare_paired(a, b, Pairing::kByReplication);
  EXPECT_EQ(t.column("significant").i64[row(t, "wait")], 0);
}

TEST(comparison, nan_values_leave_their_pair_out) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const ComparisonSide a = side("a", {0, 1, 2}, {1, nan, 3}, {0, 0, 0});
  const ComparisonSide b = side("b", {0, 1, 2}, {2, 2, 5}, {0, 0, 0});
  const kernel::Table t = compare_paired(a, b, Pairing::kByReplication);
  EXPECT_EQ(t.column("n").i64[row(t, "wait")], 2);
  EXPECT_DOUBLE_EQ(t.column("mean_difference").f64[row(t, "wait")], 1.5);
}

TEST(comparison, refuses_different_replication_sets) {
  const ComparisonSide a = side("a.h5", {0, 1, 2}, {1, 2, 3}, {0, 0, 0});
  const ComparisonSide b = side("b.h5", {10, 11, 12}, {1, 2, 3}, {0, 0, 0});
  try {
    compare_paired(a, b, Pairing::kByReplication);
    FAIL();
  } catch (const ComparisonError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("{0-2}"), std::string::npos) << what;
    EXPECT_NE(what.find("{10-12}"), std::string::npos) << what;
    EXPECT_NE(what.find("same replications"), std::string::npos) << what;
  }
  // By order, the same sides pair (independent streams).
  EXPECT_NO_THROW(compare_paired(a, b, Pairing::kByOrder));
  const ComparisonSide shorter = side("c.h5", {0, 1}, {1, 2}, {0, 0});
  EXPECT_THROW(compare_paired(a, shorter, Pairing::kByOrder), ComparisonError);
  EXPECT_THROW(compare_paired(a, shorter, Pairing::kByReplication), ComparisonError);
}

TEST(comparison, one_pair_gives_differences_without_intervals) {
  const ComparisonSide a = side("a", {0}, {1}, {0});
  const ComparisonSide b = side("b", {0}, {2.5}, {0});
  const kernel::Table t = compare_paired(a, b, Pairing::kByReplication);
  const std::size_t wait = row(t, "wait");
  EXPECT_EQ(t.column("n").i64[wait], 1);
  EXPECT_DOUBLE_EQ(t.column("mean_difference").f64[wait], 1.5);
  EXPECT_TRUE(std::isnan(t.column("ci95_half_width").f64[wait]));
  EXPECT_EQ(t.column("significant").i64[wait], 0);
  // No pair at all is still refused.
  const ComparisonSide none = side("c", {}, {}, {});
  EXPECT_THROW(compare_paired(none, none, Pairing::kByReplication), ComparisonError);
}

}  // namespace
}  // namespace gridplan::experiment
