// The two-whistle process (docs/model.md, "The two whistles"): each rule at and around its
// threshold, priority in the department queue, second whistles only after failed checks,
// conservation of whistles, and the direction of the threshold trade-off under common random
// numbers.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/whistle_rules.hpp"
#include "recording_context.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using model::CaseTable;
using model::RepeatWindow;
using model::StaffPool;

TEST(whistle, overdue_rule_at_and_around_its_threshold) {
  const double deadline = 1000.0, after = 3600.0;
  EXPECT_FALSE(model::overdue_rule_fires(deadline + after, deadline, after));  // exactly at it
  EXPECT_FALSE(model::overdue_rule_fires(std::nextafter(deadline + after, 0.0), deadline, after));
  EXPECT_TRUE(model::overdue_rule_fires(std::nextafter(deadline + after, 1e9), deadline, after));
}

TEST(whistle, repeat_rule_fires_on_the_count_th_case_inside_the_window) {
  RepeatWindow r(/*keys=*/2, /*count=*/3, /*window=*/100.0);
  EXPECT_FALSE(r.record(0, 0.0));
  EXPECT_FALSE(r.record(0, 50.0));
  EXPECT_TRUE(r.record(0, 100.0));   // third case exactly at the window's end: 3 within 100 s
  EXPECT_FALSE(r.record(0, 101.0));  // the count started again
  EXPECT_FALSE(r.record(1, 0.0));    // keys are independent
  EXPECT_FALSE(r.record(1, 50.0));
  EXPECT_FALSE(r.record(1, 100.5));  // just outside: the first case has left the window
  EXPECT_TRUE(r.record(1, 120.0));   // 50, 100.5, 120
}

TEST(whistle, whistled_case_overtakes_routine_ones_without_preemption) {
  RecordingContext ctx;
  CaseTable cases;
  const std::array<int, 24> one_server = [] {
    std::array<int, 24> a;
    a.fill(1);
    return a;
  }();
  const kernel::Calendar calendar(kernel::Date{2023, 1, 1}, {}, {}, 10);
  StaffPool pool(0, one_server, one_server, &calendar, {1, 2});
  const auto in_service = cases.allocate(), a = cases.allocate(), b = cases.allocate(),
             whistled = cases.allocate();
  pool.arrive(ctx, cases, in_service, 100.0);
  pool.arrive(ctx, cases, a, 100.0);
  pool.arrive(ctx, cases, b, 100.0);
  pool.arrive(ctx, cases, whistled, 100.0, /*priority=*/true);
  ASSERT_EQ(ctx.posted.size(), 1u);  // only the first job started: non-preemptive
  EXPECT_EQ(ctx.posted[0].b, in_service);
  ctx.set_now(100.0);
  pool.on_done(ctx, cases, in_service);
  ASSERT_EQ(ctx.posted.size(), 2u);
  EXPECT_EQ(ctx.posted[1].b, whistled);  // ahead of a and b, which came earlier
  ctx.set_now(200.0);
  pool.on_done(ctx, cases, whistled);
  EXPECT_EQ(ctx.posted[2].b, a);  // then routine work in arrival order
}

model::Scenario whistle_scenario(const std::vector<std::string>& extra) {
  std::vector<std::string> o = {"scenario.days=120", "whistle.enabled=true"};
  o.insert(o.end(), extra.begin(), extra.end());
  return io::load_scenario(baseline_path(), o);
}

TEST(whistle, second_whistle_only_after_a_failed_check) {
  std::vector<std::string> never;
  for (const char* d : {"city_management", "police", "housing", "market_regulation",
                        "civil_affairs", "health", "emergency_management"})
    never.push_back(std::string("departments.") + d + ".whistle_fail_probability=0");
  never.push_back("whistle.street_office_fail_probability=0");
  const auto none = run(whistle_scenario(never));
  EXPECT_GT(kpi(none, "whistles_first"), 20);
  EXPECT_EQ(kpi(none, "whistles_second"), 0);

  std::vector<std::string> often;
  for (const char* d : {"city_management", "police", "housing", "market_regulation",
                        "civil_affairs", "health", "emergency_management"})
    often.push_back(std::string("departments.") + d + ".whistle_fail_probability=0.9");
  often.push_back("whistle.street_office_fail_probability=0.9");
  const auto fails = run(whistle_scenario(often));
  EXPECT_GT(kpi(fails, "whistles_second"), 0.5 * kpi(fails, "whistles_first"));
  const auto& w = table_of(fails, "whistles");
  for (std::size_t i = 0; i < w.rows(); ++i) {
    if (w.column("second_whistle").i64[i] == 0) continue;
    // A second whistle follows the first whistle's settlement and its (failed) check.
    EXPECT_GE(w.column("t_second").f64[i], w.column("t_settled").f64[i]);
  }
}

TEST(whistle, every_whistle_ends_settled_open_or_escalated) {
  const auto out = run(whistle_scenario({}));
  const auto& w = table_of(out, "whistles");
  // Rows come from the cases (closed or open at the horizon); the KPI counts blowing events.
  EXPECT_EQ(static_cast<double>(w.rows()), kpi(out, "whistles_first"));
  std::int64_t settled = 0, open = 0, escalated = 0;
  for (std::size_t i = 0; i < w.rows(); ++i) {
    if (w.column("second_whistle").i64[i]) {
      ++escalated;
    } else if (std::isnan(w.column("t_close").f64[i])) {
      ++open;
    } else {
      ++settled;
    }
  }
  EXPECT_EQ(settled + open + escalated, static_cast<std::int64_t>(w.rows()));
  EXPECT_GT(settled, 0);
  std::int64_t closed = 0;
  for (double t : w.column("t_close").f64) closed += !std::isnan(t);
  EXPECT_EQ(closed, static_cast<std::int64_t>(kpi(out, "whistles_settled")));
}

TEST(whistle, lower_threshold_blows_more_and_shortens_overdue_cases) {
  // Common random numbers: both runs are replication 0 of the same scenario, so they see the
  // same cases with the same work; only the overdue threshold differs.
  const std::vector<std::string> only_overdue = {"whistle.repeat_rule=false",
                                                 "whistle.multi_department_rule=false"};
  auto high = only_overdue, low = only_overdue;
  high.push_back("whistle.first_after_hours=1200");
  low.push_back("whistle.first_after_hours=120");
  const auto h = run(whistle_scenario(high)), l = run(whistle_scenario(low));
  std::printf("first_after_hours 1200: %g whistles, overdue p90 %.1f h; 120: %g, %.1f h\n",
              kpi(h, "whistles_first"), kpi(h, "overdue_close_hours_p90"), kpi(l, "whistles_first"),
              kpi(l, "overdue_close_hours_p90"));
  EXPECT_GT(kpi(l, "whistles_first"), kpi(h, "whistles_first"));
  EXPECT_LT(kpi(l, "overdue_close_hours_p90"), kpi(h, "overdue_close_hours_p90"));
}

}  // namespace
}  // namespace gridplan::testing
