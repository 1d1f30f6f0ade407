// staff-emergency's search: the answer meets the target, a scale just below it does not, and
// the curve it searched is consistent (more people never cover less, with common random numbers).
#include <gtest/gtest.h>

#include <chrono>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "gridplan/experiment/emergency_staffing.hpp"
#include "two_drills_scenario.hpp"

namespace gridplan::testing {
namespace {

TEST(emergency_staffing, finds_the_smallest_scale_that_meets_the_target) {
  experiment::StaffingQuery q;
  q.scenario_path = baseline_path();
  q.replications = 6;
  q.resolution = 0.05;
  const auto t0 = std::chrono::steady_clock::now();
  const auto a = experiment::search_emergency_staffing(q);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(a.found);
  std::printf("smallest scale of volunteers and cadres: %.3f (%.0f people), %zu probes, %.1f s\n",
              a.scale, a.people, a.curve.size(), secs);
  // The baseline meets the target at full teams, so the answer is at most 1.
  EXPECT_LE(a.scale, 1.0);
  for (const auto& p : a.curve) {
    if (p.scale >= a.scale) {
      EXPECT_GE(p.coverage_lower_bound, q.target) << p.scale;
    } else {
      EXPECT_LT(p.coverage_lower_bound, q.target) << p.scale;
    }
    EXPECT_EQ(p.meets(q), p.coverage_lower_bound >= q.target);
    EXPECT_LE(p.coverage_lower_bound, p.coverage_mean);
  }
  // A scale just under the answer was tried and failed (the bisection's last step).
  bool below = false;
  for (const auto& p : a.curve) below |= p.scale < a.scale && p.scale >= a.scale - q.resolution;
  EXPECT_TRUE(below || a.scale == 0);
  for (std::size_t i = 1; i < a.curve.size(); ++i) {
    EXPECT_GE(a.curve[i].people, a.curve[i - 1].people);
    EXPECT_GE(a.curve[i].coverage_mean + 0.02, a.curve[i - 1].coverage_mean);
  }
}

TEST(emergency_staffing, unknown_group_is_an_error) {
  experiment::StaffingQuery q;
  q.scenario_path = baseline_path();
  q.groups = {"astronauts"};
  EXPECT_THROW(experiment::search_emergency_staffing(q), std::invalid_argument);
}

/// The two-drill scenario as a file (the search reads a path), the night drill on 2023-01-04.
/// Named after the test and the process: ctest runs the tests of this file in parallel.
std::string two_drills_file() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = std::filesystem::path(::testing::TempDir()) /
                    ("staffing-two-drills-" + std::string(test->name()) + "-" +
                     std::to_string(::getpid()) + ".toml");
  std::ofstream(path, std::ios::binary) << baseline_with(night_drill_toml());
  return path.string();
}

/// People in the area at scale 1 (the search's first probe).
double people_at_full_teams(const experiment::StaffingAnswer& a) {
  for (const auto& p : a.curve)
    if (p.scale == 1.0) return p.people;
  ADD_FAILURE() << "scale 1 was not tried";
  return 0;
}

TEST(emergency_staffing, sizes_the_team_for_the_drill_named) {
  // System: teams are given per grid and per community, so the area's people at full teams grow
  // with its grids. Expectation because the night drill covers Santiaoshi (80 grids, 8
  // communities) and the first drill Heyuan (42 grids, 8 communities): more people for the
  // night drill; with --drill ignored both searches would size Heyuan's.
  experiment::StaffingQuery q;
  q.scenario_path = two_drills_file();
  q.replications = 2;
  q.resolution = 0.5;
  q.drill = "night";
  const auto night = experiment::search_emergency_staffing(q);
  q.drill = "";  // the first: heyuan
  const auto first = experiment::search_emergency_staffing(q);
  std::printf("people at full teams: night (santiaoshi) %.0f, first (heyuan) %.0f\n",
              people_at_full_teams(night), people_at_full_teams(first));
  EXPECT_GT(people_at_full_teams(night), 1.4 * people_at_full_teams(first));
  EXPECT_GT(people_at_full_teams(first), 0);
}

TEST(emergency_staffing, unknown_drill_suggests_the_nearest) {
  experiment::StaffingQuery q;
  q.scenario_path = two_drills_file();
  q.drill = "nigth";
  try {
    experiment::search_emergency_staffing(q);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--drill nigth: no [emergency.drills.nigth] in the "
                                         "scenario (did you mean 'night'?)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace gridplan::testing
