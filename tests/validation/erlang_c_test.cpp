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

TEST(erlang_c, share_within_target_matches_the_waiting_time_distribution) {
  // System: the same M/M/4 (30/h, exponential filing with mean 6 min, the same 4 operators in
  // every hour of every day), service target 10 minutes.
  // Expectation: the share of filed cases that waited at most t is Erlang C's
  // P(W <= t) = 1 - C(c, a) exp(-(c mu - lambda) t) = 0.904, in every hour alike; over all 48
  // buckets of /service/hourly within +-0.01 absolute of it (20 replications of 30 days,
  // 430,000 cases; the standard error of the mean is about 0.003, so 0.01 is over three).
  const int c = 4;
  const double lambda = 30.0, mean_min = 6.0, mu = 60.0 / mean_min, target_min = 10.0;
  const double truth =
      1 - erlang_c(c, lambda / mu) * std::exp(-(c * mu - lambda) * target_min / 60.0);
  std::vector<double> shares;
  for (int r = 0; r < 20; ++r) {
    model::Scenario sc = mmc_scenario(c, lambda, mean_min, 30);
    sc.platform.service_target_minutes = target_min;
    const auto out = run(sc, r);
    const auto& h = table_of(out, "service/hourly");
    double within = 0, filed = 0;
    for (std::size_t b = 0; b < h.rows(); ++b) {
      const double n = static_cast<double>(h.column("filed").i64[b]);
      if (n == 0) continue;
      within += h.column("share_within_target").f64[b] * n;
      filed += n;
      EXPECT_EQ(h.column("operators").i64[b], c);
    }
    shares.push_back(within / filed);
  }
  const Interval i = interval95(shares);
  std::printf("Expectation P(W <= 10 min) = %.4f because Erlang C(4, 3); Actual %.4f +- %.4f\n",
              truth, i.mean, i.half_width);
  EXPECT_NEAR(i.mean, truth, 0.01);
  EXPECT_LT(i.half_width, 0.01);  // the tolerance is wider than the noise, not the other way
}

}  // namespace
}  // namespace gridplan::testing
