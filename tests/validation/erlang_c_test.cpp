// Validation of the seat-operator queue against queueing theory: an M/M/c configuration must
// reproduce Erlang C's probability of waiting and mean wait (docs/validation.md).
#include <gtest/gtest.h>

#include <cmath>

#include "test_scenarios.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {
TEST(erlang_c, operator_queue_matches_probability_of_wait_and_mean_wait) {
  // System: 4 operators, Poisson arrivals 30/h, exponential filing with mean 6 min (rho 0.75).
  // Expectation: Erlang C P(wait) and Wq = C / (c mu - lambda) inside the 95% CI over 20
  // replications of 30 days, because the platform queue is then exactly M/M/4.
  const int c = 4;
  const double lambda = 30.0, mean_min = 6.0, mu = 60.0 / mean_min;
  const double p_wait = erlang_c(c, lambda / mu);
  const double wq_hours = p_wait / (c * mu - lambda);
  std::vector<double> pw, wq;
  for (int r = 0; r < 20; ++r) {
    const auto out = run(mmc_scenario(c, lambda, mean_min, 30), r);
    pw.push_back(kpi(out, "triage_wait_probability"));
    wq.push_back(kpi(out, "triage_wait_hours_mean"));
  }
  const Interval ipw = interval95(pw), iwq = interval95(wq);
  std::printf("Expectation P(wait) = %.4f because Erlang C(4, 3); Actual %.4f +- %.4f\n", p_wait,
              ipw.mean, ipw.half_width);
  std::printf("Expectation Wq = %.5f h; Actual %.5f +- %.5f h\n", wq_hours, iwq.mean,
              iwq.half_width);
  EXPECT_TRUE(ipw.contains(p_wait));
  EXPECT_TRUE(iwq.contains(wq_hours));
  // The interval must be informative, not wide enough to contain anything.
  EXPECT_LT(ipw.half_width, 0.05 * p_wait);
}

}  // namespace
}  // namespace gridplan::testing
