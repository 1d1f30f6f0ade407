// staff-emergency's search: the answer meets the target, a scale just below it does not, and
// the curve it searched is consistent (more people never cover less, with common random numbers).
#include <gtest/gtest.h>

#include <chrono>

#include "gridplan/experiment/emergency_staffing.hpp"
#include "test_support.hpp"

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
      EXPECT_GE(p.share_meeting, q.required_share) << p.scale;
    } else {
      EXPECT_LT(p.share_meeting, q.required_share) << p.scale;
    }
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

}  // namespace
}  // namespace gridplan::testing
