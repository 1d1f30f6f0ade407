// Merging the units' statistics of LPs: sums element by element in LP order, and refuses
// statistics sized differently rather than merging only their common part.
#include <gtest/gtest.h>

#include <stdexcept>

#include "gridplan/model/run_stats.hpp"

namespace gridplan::testing {
namespace {

using model::CaseFlowStats;
using model::GridWorkerStats;
using model::LpStats;
using model::MediationStats;
using model::OfficeStats;
using model::PlatformStats;
using model::WhistleStats;

TEST(run_stats, merge_adds_counters_and_series_and_appends_samples) {
  LpStats a(/*days=*/3, /*grids=*/4, /*offices=*/2, /*sources=*/1, /*streets=*/2);
  LpStats b(3, 4, 2, 1, 2);
  a.size_mediation(/*centres=*/3, /*months=*/2, /*types=*/1);
  b.size_mediation(3, 2, 1);
  a.flow.arrived = 2;
  b.flow.arrived = 5;
  a.flow.grid_arrived[3] = 1;
  b.flow.grid_arrived[3] = 4;
  a.flow.close_hours = {1.0f};
  b.flow.close_hours = {2.0f, 3.0f};
  b.platform.triage_wait_sum_by_day[1] = 0.5;
  b.workers.busy_by_day[2] = 7.0;
  a.offices.on_time[1] = 1;
  b.whistle.by_rule[2] = 3;
  b.mediation.centre_days[2] = {1.5f};
  ++b.mediation.monthly(b.mediation.monthly_resolved, 2, 5);  // clamped to the last month
  a.offices.size_months(/*offices=*/2, /*months=*/2);
  b.offices.size_months(2, 2);
  ++b.offices.closed_by_month[b.offices.at(1, 1)];
  a.platform.filing_waits_by_hour[30] = {4.0f};
  b.platform.filing_waits_by_hour[30] = {5.0f};
  b.platform.operator_busy_by_hour[47] = 60.0;
  a.merge(b);
  EXPECT_EQ(a.offices.closed_by_month[3], 1);
  EXPECT_EQ(a.platform.filing_waits_by_hour[30], (std::vector<float>{4.0f, 5.0f}));
  EXPECT_EQ(a.platform.operator_busy_by_hour[47], 60.0);
  EXPECT_EQ(a.flow.arrived, 7u);
  EXPECT_EQ(a.flow.grid_arrived[3], 5);
  EXPECT_EQ(a.flow.close_hours, (std::vector<float>{1.0f, 2.0f, 3.0f}));
  EXPECT_EQ(a.platform.triage_wait_sum_by_day[1], 0.5);
  EXPECT_EQ(a.workers.busy_by_day[2], 7.0);
  EXPECT_EQ(a.offices.on_time[1], 1);
  EXPECT_EQ(a.whistle.by_rule[2], 3);
  EXPECT_EQ(a.mediation.centre_days[2], (std::vector<float>{1.5f}));
  EXPECT_EQ(a.mediation.monthly_resolved[2 * 2 + 1], 1);
}

TEST(run_stats, merging_statistics_of_different_sizes_throws) {
  // One more day, grid, office, source or street in the other LP's statistics.
  EXPECT_THROW(CaseFlowStats(3, 4, 1).merge(CaseFlowStats(4, 4, 1)), std::logic_error);
  EXPECT_THROW(CaseFlowStats(3, 4, 1).merge(CaseFlowStats(3, 5, 1)), std::logic_error);
  EXPECT_THROW(CaseFlowStats(3, 4, 1).merge(CaseFlowStats(3, 4, 2)), std::logic_error);
  EXPECT_THROW(PlatformStats(3, 4, 2).merge(PlatformStats(3, 4, 3)), std::logic_error);
  EXPECT_THROW(GridWorkerStats(3, 4).merge(GridWorkerStats(3, 3)), std::logic_error);
  EXPECT_THROW(OfficeStats(3, 2).merge(OfficeStats(2, 2)), std::logic_error);
  EXPECT_THROW(WhistleStats(3, 2, 2).merge(WhistleStats(3, 2, 3)), std::logic_error);
  EXPECT_THROW(MediationStats(3, 2, 1).merge(MediationStats(4, 2, 1)), std::logic_error);
  EXPECT_THROW(MediationStats(3, 2, 1).merge(MediationStats(3, 3, 1)), std::logic_error);
  EXPECT_THROW(MediationStats(3, 2, 1).merge(MediationStats(3, 2, 2)), std::logic_error);
  EXPECT_THROW(LpStats(3, 4, 2, 1, 2).merge(LpStats(3, 4, 2, 1, 3)), std::logic_error);
  // A mediation tally sized for other centres in one LP only.
  LpStats a(3, 4, 2, 1, 2), b(3, 4, 2, 1, 2);
  a.size_mediation(3, 2, 1);
  b.size_mediation(2, 2, 1);
  EXPECT_THROW(a.merge(b), std::logic_error);
  // Office months: 2 offices x 3 months against 3 offices x 2 months, the same total size.
  OfficeStats o(3, 2), p(3, 2);
  o.size_months(2, 3);
  p.size_months(3, 2);
  EXPECT_THROW(o.merge(p), std::logic_error);
  // Equal sizes merge.
  EXPECT_NO_THROW(CaseFlowStats(3, 4, 1).merge(CaseFlowStats(3, 4, 1)));
}

TEST(run_stats, a_failed_merge_names_the_tally) {
  try {
    GridWorkerStats(3, 4).merge(GridWorkerStats(3, 3));
    ADD_FAILURE() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("grid_settled"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gridplan::testing
