// Every drill of a scenario is summarised (issue 15): /emergency/drills has a row per run and
// drill, /kpi keeps the first drill's figures, and a night drill covers less in 3 hours.
#include <gtest/gtest.h>

#include <cmath>

#include "two_drills_scenario.hpp"

namespace gridplan::testing {
namespace {

TEST(emergency_drills, one_row_per_run_and_drill_and_the_night_drill_is_slower) {
  // System: the baseline with Heyuan's drill at 10:00 and Santiaoshi's at 02:00 the next day,
  // same teams per grid and community, same visit times. Expectation because at night the
  // off-duty groups mobilise with the night delays (longer than the day's): less of the area is
  // covered after 3 hours.
  const model::Scenario sc = two_drills();
  for (std::uint64_t rep : {0u, 1u}) {
    const auto out = run(sc, rep);
    const auto& d = table_of(out, "emergency/drills");
    ASSERT_EQ(d.rows(), 2u);
    EXPECT_EQ(d.column("drill").str, (std::vector<std::string>{"heyuan", "night"}));
    for (std::int64_t r : d.column("run").i64) EXPECT_EQ(r, static_cast<std::int64_t>(rep));
    EXPECT_EQ(d.column("date").i64, (std::vector<std::int64_t>{20230103, 20230104}));
    const auto& cov3 = d.column("coverage_3h").f64;
    std::printf("rep %llu: coverage after 3 h, day (heyuan) %.3f, night (santiaoshi) %.3f\n",
                static_cast<unsigned long long>(rep), cov3[0], cov3[1]);
    EXPECT_LT(cov3[1], cov3[0]);
    EXPECT_GT(d.column("hours_to_95").f64[1], d.column("hours_to_95").f64[0]);
    // /kpi is the first drill's row, under its published names.
    EXPECT_EQ(kpi(out, "emergency_coverage_3h"), cov3[0]);
    EXPECT_EQ(kpi(out, "emergency_households"), d.column("households").f64[0]);
    EXPECT_EQ(kpi(out, "emergency_hours_to_95"), d.column("hours_to_95").f64[0]);
    EXPECT_EQ(kpi(out, "emergency_grids_done_3h"), d.column("grids_done_3h").f64[0]);
    // Each drill's households are the sum over its grids in /emergency/grids.
    const auto& g = table_of(out, "emergency/grids");
    for (std::size_t k = 0; k < 2; ++k) {
      double households = 0;
      for (std::size_t i = 0; i < g.rows(); ++i)
        if (g.column("drill").str[i] == d.column("drill").str[k])
          households += static_cast<double>(g.column("households").i64[i]);
      EXPECT_EQ(households, d.column("households").f64[k]) << d.column("drill").str[k];
    }
  }
}

TEST(emergency_drills, two_drills_are_identical_on_every_engine_and_rerun) {
  // Each drill draws from streams keyed by its own index, so neither the engine's interleaving
  // of the two drill LPs nor a second run changes a bit of either drill's tables.
  const model::Scenario sc = two_drills();
  const auto a = run(sc, 3), again = run(sc, 3);
#ifdef GRIDPLAN_WITH_SIMGRID
  const auto other = run(sc, 3, false, "simgrid");
#else
  const auto& other = again;
#endif
  for (const char* t : {"emergency/drills", "emergency/grids", "emergency/coverage", "kpi"}) {
    EXPECT_TRUE(identical(table_of(a, t), table_of(again, t))) << t;
    EXPECT_TRUE(identical(table_of(a, t), table_of(other, t))) << t;
  }
}

TEST(emergency_drills, a_drill_after_the_horizon_has_no_row) {
  // The night drill on day 6 of a 5-day run: only Heyuan's row.
  const auto out = run(two_drills({"emergency.drills.night.date=2023-01-07"}));
  const auto& d = table_of(out, "emergency/drills");
  ASSERT_EQ(d.rows(), 1u);
  EXPECT_EQ(d.column("drill").str[0], "heyuan");
}

}  // namespace
}  // namespace gridplan::testing
