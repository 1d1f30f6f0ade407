// The loader's checks across drills (issue 15): two drills on one grid within 3 hours are
// refused naming both, a misspelt street gets a suggestion, a drill outside the run is a
// warning that says why it is not an error.
#include <gtest/gtest.h>

#include <algorithm>

#include "two_drills_scenario.hpp"

namespace gridplan::testing {
namespace {

/// The message of the ScenarioError that loading `extra` after the baseline throws ("" if none).
std::string refusal(const std::string& extra, std::vector<std::string> sets = early_drills()) {
  try {
    io::parse_scenario(baseline_with(extra), "two.toml", sets, source_path("scenarios"));
  } catch (const io::ScenarioError& e) {
    return e.what();
  }
  return "";
}

/// The 1-based line of the night drill's table header in the baseline with `extra`.
int night_line(const std::string& extra) {
  const std::string text = baseline_with(extra);
  const auto at = text.find("[emergency.drills.night]");
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(drill_checks, two_drills_on_one_grid_within_3_hours_are_refused) {
  // Heyuan at 10:00 on 2023-01-03; the second drill covers grid 948 (Heyuan's first) at 11:30.
  const std::string extra = night_drill_toml("grid:948", "2023-01-03", 11.5);
  const std::string why = refusal(extra);
  EXPECT_NE(why.find("two.toml:" + std::to_string(night_line(extra)) + ": emergency.drills.night"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("overlaps drill 'heyuan'"), std::string::npos) << why;
  EXPECT_NE(why.find("first grid 948, street heyuan"), std::string::npos) << why;
  EXPECT_NE(why.find("1.5 h apart"), std::string::npos) << why;
  // The other order of the same dates: still refused, at the later-declared drill.
  EXPECT_NE(refusal(night_drill_toml("street:heyuan", "2023-01-03", 8.0)).find("overlaps"),
            std::string::npos);
}

TEST(drill_checks, drills_apart_in_time_or_space_are_accepted) {
  // Same grid, 3 hours later: the first drill's measured window is over.
  EXPECT_EQ(refusal(night_drill_toml("grid:948", "2023-01-03", 13.0)), "");
  // Same hour, another street: no shared grid.
  EXPECT_EQ(refusal(night_drill_toml("street:santiaoshi", "2023-01-03", 10.0)), "");
  // Same grid, same hour on another day.
  EXPECT_EQ(refusal(night_drill_toml("grid:948", "2023-01-04", 10.0)), "");
}

TEST(drill_checks, unknown_street_suggests_the_nearest) {
  const std::string why = refusal(night_drill_toml("street:santiaoshl"));
  EXPECT_NE(why.find("emergency.drills.night.area"), std::string::npos) << why;
  EXPECT_NE(why.find("unknown street (did you mean 'santiaoshi'?)"), std::string::npos) << why;
  // Nothing close: the known streets are listed instead.
  EXPECT_NE(refusal(night_drill_toml("street:zz")).find("known: xigu, santiaoshi"),
            std::string::npos);
}

TEST(drill_checks, drill_outside_the_run_is_a_warning_saying_why) {
  io::ScenarioWarnings warnings;
  io::parse_scenario(baseline_with(night_drill_toml("street:santiaoshi", "2023-02-01")), "two.toml",
                     early_drills(), source_path("scenarios"), &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("emergency.drills.night.date: 2023-02-01 is after the run's last day "
                             "2023-01-05"),
            std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[0].find("a shorter run of the same scenario"), std::string::npos);
}

}  // namespace
}  // namespace gridplan::testing
