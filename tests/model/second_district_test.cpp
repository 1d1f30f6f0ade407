// A second district, written from scratch with `gridplan init` (scenarios/xinhe-2024.toml and its
// grid register, an invented district; docs/scenario.md, "A new district"): the pre-flight of
// `gridplan check` finds its staff sized (no warning) and finds Hongqiao's staff too few for it,
// naming the operators and each overloaded department; half a year conserves cases in every
// grid and office; its night drill covers less within 3 hours than its day drill.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "gridplan/model/capacity.hpp"
#include "gridplan/model/run_config.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

std::string xinhe_path() {
  return source_path("scenarios/xinhe-2024.toml");
}

std::vector<std::string> warnings_of(const model::Scenario& sc) {
  const model::RunConfig config(sc, 0, false);
  return model::capacity_warnings(model::offered_load(config));
}

bool names(const std::vector<std::string>& warnings, const std::string& what) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const std::string& w) { return w.find(what) != std::string::npos; });
}

TEST(second_district, sized_staff_give_no_warning_and_hongqiaos_staff_are_named_overloaded) {
  const model::Scenario sized = io::load_scenario(xinhe_path());
  const auto none = warnings_of(sized);
  EXPECT_TRUE(none.empty()) << none.front();

  // The unsized district: every department and the operators left at Hongqiao's staff.
  model::Scenario unsized = sized;
  const model::Scenario hongqiao = io::load_scenario(baseline_path());
  for (model::DepartmentSpec& d : unsized.departments)
    for (const model::DepartmentSpec& h : hongqiao.departments)
      if (h.name == d.name) d.staff = h.staff;
  unsized.platform.operators_by_hour = hongqiao.platform.operators_by_hour;
  const auto warned = warnings_of(unsized);
  EXPECT_TRUE(names(warned, "operators")) << ::testing::PrintToString(warned);
  // Offered load at Xinhe's staff times Xinhe's / Hongqiao's staff is above 0.95 for these.
  for (const char* d : {"housing", "civil_affairs", "emergency_management"})
    EXPECT_TRUE(names(warned, std::string("\"") + d + "\""))
        << d << ": " << ::testing::PrintToString(warned);
  // Those Hongqiao staffs still carry (city management: 0.58 x 52 / 40 = 0.75).
  EXPECT_FALSE(names(warned, "\"city_management\"")) << ::testing::PrintToString(warned);
}

TEST(second_district, half_a_year_conserves_cases_and_the_night_drill_covers_less) {
  const auto out = run(io::load_scenario(xinhe_path(), {"scenario.days=180"}));
  const double arrived = kpi(out, "cases_arrived");
  EXPECT_GT(arrived, 700000);
  EXPECT_EQ(arrived, kpi(out, "cases_closed") + kpi(out, "cases_open"));
  const auto& g = table_of(out, "grids");
  ASSERT_EQ(g.rows(), 1285u);
  for (std::size_t i = 0; i < g.rows(); ++i)
    ASSERT_EQ(g.column("arrived").i64[i], g.column("closed").i64[i] + g.column("open").i64[i])
        << "grid " << i;
  const auto& d = table_of(out, "departments");
  for (std::size_t i = 0; i < d.rows(); ++i)
    EXPECT_EQ(d.column("received").i64[i], d.column("closed").i64[i] + d.column("open").i64[i])
        << d.column("name").str[i];

  const auto& drills = table_of(out, "emergency/drills");
  ASSERT_EQ(drills.rows(), 2u);
  EXPECT_EQ(drills.column("drill").str[0], "dongpo_night");
  EXPECT_EQ(drills.column("drill").str[1], "liuzhuang_day");
  const double night = drills.column("coverage_3h").f64[0];
  const double day = drills.column("coverage_3h").f64[1];
  EXPECT_LT(night, day);
  EXPECT_GT(day, 0.9);  // the day drill nearly meets the three-hour target
}

}  // namespace
}  // namespace gridplan::testing
