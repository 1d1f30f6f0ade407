// Emergency door-to-door screening (docs/model.md, "Emergency drills"): hand arithmetic on one
// grid, every household covered once or counted as not reached, and the direction of night-time
// and fewer-volunteer drills under common random numbers.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

// The baseline up to the day after the drill, routine arrivals included.
model::Scenario drill(std::vector<std::string> extra) {
  std::vector<std::string> o = {"scenario.days=170"};
  o.insert(o.end(), extra.begin(), extra.end());
  return io::load_scenario(baseline_path(), o);
}

TEST(emergency, one_grid_with_fixed_times_matches_hand_arithmetic) {
  // System: one grid (grid 305), only its grid worker and 3 community staff, no mobilisation
  // delay, no walk, everybody at home, 4-minute visits. Expectation because each of P people
  // visits one household every v minutes: time to cover H households = H v / P, within one
  // visit (the last round may be partial).
  const std::vector<std::string> o = {
      "emergency.drills.heyuan.area=\"grid:305\"",
      "emergency.drills.heyuan.visit_minutes={dist=\"fixed\", value=4}",
      "emergency.drills.heyuan.p_not_home=0",
      "emergency_teams.volunteers.per_grid=0",
      "emergency_teams.cadres.per_community=0",
      "emergency_teams.grid_worker.delay_on_duty_minutes={dist=\"fixed\", value=0}",
      "emergency_teams.community_staff.delay_on_duty_minutes={dist=\"fixed\", value=0}",
      "emergency_teams.grid_worker.distance_m={dist=\"fixed\", value=0}",
      "emergency_teams.community_staff.distance_m={dist=\"fixed\", value=0}"};
  const auto out = run(drill(o));
  const auto& g = table_of(out, "emergency/grids");
  ASSERT_EQ(g.rows(), 1u);
  const double h = static_cast<double>(g.column("households").i64[0]);
  const double p = static_cast<double>(g.column("people").i64[0]);
  const double hours = g.column("hours_to_100").f64[0];
  const double expected = h * 4.0 / p / 60.0;
  std::printf("Expectation %.0f households x 4 min / %.0f people = %.3f h; Actual %.3f h\n", h, p,
              expected, hours);
  EXPECT_EQ(p, 4);
  EXPECT_GT(h, 50);
  EXPECT_NEAR(hours, expected, 4.0 / 60.0);
  EXPECT_EQ(g.column("covered").i64[0], g.column("households").i64[0]);
}

TEST(emergency, every_household_is_covered_once_or_not_reached) {
  const auto out = run(drill({}));
  const auto& g = table_of(out, "emergency/grids");
  ASSERT_EQ(g.rows(), 42u);  // Heyuan's basic grids
  std::int64_t households = 0;
  for (std::size_t i = 0; i < g.rows(); ++i) {
    // The drill is long over by the horizon: nobody is left pending.
    EXPECT_EQ(g.column("covered").i64[i] + g.column("not_reached").i64[i],
              g.column("households").i64[i])
        << "grid " << g.column("grid").i64[i];
    households += g.column("households").i64[i];
  }
  EXPECT_EQ(static_cast<double>(households), kpi(out, "emergency_households"));
  // The area curve never decreases and ends at the covered total.
  const auto& c = table_of(out, "emergency/coverage");
  std::int64_t last = -1, covered = 0;
  for (std::size_t i = 0; i < c.rows(); ++i) {
    if (c.column("grid").i64[i] != -1) continue;
    EXPECT_GE(c.column("covered").i64[i], last);
    last = c.column("covered").i64[i];
  }
  for (auto v : g.column("covered").i64) covered += v;
  EXPECT_EQ(last, covered);
}

TEST(emergency, night_drill_and_fewer_volunteers_are_slower) {
  // Common random numbers: the same replication, so the same households and draws per person;
  // only the hour or the team size differs.
  const auto day = run(drill({}));
  const auto night = run(drill({"emergency.drills.heyuan.start_hour=2"}));
  const auto half = run(drill({"emergency_teams.volunteers.per_grid=2"}));
  std::printf("hours to 95%%: day %.2f, night %.2f, half the volunteers %.2f\n",
              kpi(day, "emergency_hours_to_95"), kpi(night, "emergency_hours_to_95"),
              kpi(half, "emergency_hours_to_95"));
  EXPECT_GT(kpi(night, "emergency_hours_to_95"), kpi(day, "emergency_hours_to_95"));
  EXPECT_GT(kpi(half, "emergency_hours_to_95"), kpi(day, "emergency_hours_to_95"));
  EXPECT_LT(kpi(half, "emergency_coverage_3h"), kpi(day, "emergency_coverage_3h"));
}

TEST(emergency, no_drill_in_the_horizon_gives_nan_kpis_and_no_tables) {
  const auto out = run(drill({"scenario.days=30"}));
  EXPECT_TRUE(std::isnan(kpi(out, "emergency_coverage_3h")));
  for (const auto& t : out.tables) EXPECT_NE(t.name, "emergency/grids");
}

}  // namespace
}  // namespace gridplan::testing
