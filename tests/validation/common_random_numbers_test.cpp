// Validation of common random numbers: on a staffing comparison, the paired-difference interval
// must be at least 3x narrower than with independent streams (docs/experiments.md, "Runs,
// points and random streams").
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "gridplan/experiment/comparison.hpp"
#include "gridplan/experiment/sweep_runner.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

/// The comparison of point 1 with point 0 of a sweep with or without common random numbers.
kernel::Table paired_comparison(bool independent) {
  experiment::SweepSpec spec;
  spec.sets = {"scenario.days=14"};
  spec.axes = {{"departments.city_management.staff", {"30", "40"}}};
  spec.replications = 10;
  spec.independent = independent;
  const experiment::SweepPlan plan =
      experiment::make_sweep_plan(spec, [](const std::vector<std::string>& overrides) {
        return io::load_scenario(baseline_path(), overrides);
      });
  const auto dir = std::filesystem::path(::testing::TempDir()) / "gridplan_crn";
  std::filesystem::create_directories(dir);
  const std::string out = (dir / (independent ? "independent.h5" : "common.h5")).string();
  std::filesystem::remove_all(out + ".parts");
  experiment::SweepOptions options;
  options.threads = 2;
  experiment::run_sweep(plan, out, options);
  const auto a = experiment::load_comparison_side(out, 0);
  const auto b = experiment::load_comparison_side(out, 1);
  // Independent streams have different replications by design: pair them by order.
  return experiment::compare_paired(
      a, b, independent ? experiment::Pairing::kByOrder : experiment::Pairing::kByReplication);
}

/// The row of `kpi` in a comparison table.
std::size_t row_of(const kernel::Table& t, const std::string& kpi) {
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.column("kpi").str[r] == kpi) return r;
  ADD_FAILURE() << "no KPI " << kpi;
  return 0;
}

TEST(common_random_numbers, paired_interval_at_least_3x_narrower_than_independent) {
  // System: the baseline scenario, 14 days, city-management staff 30 against 40 (a staffing
  // decision), 10 replications per point.
  // Expectation: the 95% half-width of the paired difference in mean backlog and in mean
  // report-to-close time is at least 3x narrower with common random numbers than with
  // independent streams, because with common streams both points see the same cases (arrival
  // times, categories, work times keyed by case id), so the difference carries only the policy's
  // effect and not the replication-to-replication swing of the workload.
  const kernel::Table with_crn = paired_comparison(false);
  const kernel::Table without = paired_comparison(true);
  for (const char* kpi : {"backlog_mean", "close_hours_mean"}) {
    const std::size_t rc = row_of(with_crn, kpi), ri = row_of(without, kpi);
    const double d_common = with_crn.column("mean_difference").f64[rc];
    const double common = with_crn.column("ci95_half_width").f64[rc];
    const double d_independent = without.column("mean_difference").f64[ri];
    const double independent = without.column("ci95_half_width").f64[ri];
    std::printf(
        "Expectation: %s difference half-width with common random numbers <= 1/3 of independent; "
        "Actual %.4g +- %.4g (common) against %.4g +- %.4g (independent): %.1fx narrower\n",
        kpi, d_common, common, d_independent, independent, independent / common);
    EXPECT_GT(common, 0) << kpi;
    EXPECT_LE(3 * common, independent) << kpi;
  }
}

}  // namespace
}  // namespace gridplan::testing
