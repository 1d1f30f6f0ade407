// Unit tests of the replication statistics: Welford's running moments against a two-pass
// computation on nasty data, the pairwise merge, and Student t quantiles for small df.
#include "gridplan/experiment/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace gridplan::experiment {
namespace {

/// Mean and sample variance by the two-pass formula in long double: the reference.
struct TwoPass {
  long double mean = 0, variance = 0;
};
TwoPass two_pass(const std::vector<double>& xs) {
  TwoPass r;
  for (double x : xs) r.mean += x;
  r.mean /= xs.size();
  for (double x : xs) r.variance += (x - r.mean) * (x - r.mean);
  r.variance /= xs.size() - 1;
  return r;
}

RunningStats stats_of(const std::vector<double>& xs) {
  RunningStats s;
  for (double x : xs) s.add(x);
  return s;
}

/// A spread of `n` values: offset + scale * (a deterministic, irregular pattern in [-1, 1]).
std::vector<double> pattern(double offset, double scale, int n) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(offset + scale * std::sin(1.7 * i + 0.3 * i * i));
  return xs;
}

void expect_close_to_two_pass(const std::vector<double>& xs, double rel_tol) {
  const RunningStats s = stats_of(xs);
  const TwoPass ref = two_pass(xs);
  EXPECT_NEAR(s.mean(), static_cast<double>(ref.mean),
              std::fabs(static_cast<double>(ref.mean)) * 1e-15);
  EXPECT_NEAR(s.variance(), static_cast<double>(ref.variance),
              static_cast<double>(ref.variance) * rel_tol);
}

TEST(statistics, welford_matches_two_pass_on_plain_data) {
  expect_close_to_two_pass(pattern(0, 1, 1000), 1e-13);
  expect_close_to_two_pass({1, 2, 3, 4}, 1e-15);
  EXPECT_DOUBLE_EQ(stats_of({1, 2, 3, 4}).variance(), 5.0 / 3.0);
}

TEST(statistics, welford_matches_two_pass_with_large_offset_and_tiny_spread) {
  // The naive sum-of-squares formula loses every digit here: spread 1e-3 at offset 1e9 means
  // sum(x^2) / n and mean^2 agree in their first 24 digits.
  const std::vector<double> xs = pattern(1e9, 1e-3, 10000);
  expect_close_to_two_pass(xs, 1e-6);
  long double sum = 0, sum_sq = 0;
  for (double x : xs) {
    sum += x;
    sum_sq += static_cast<long double>(x) * x;
  }
  const double naive = static_cast<double>((sum_sq - sum * sum / xs.size()) / (xs.size() - 1));
  const double truth = static_cast<double>(two_pass(xs).variance);
  EXPECT_GT(std::fabs(naive - truth), 0.01 * truth)
      << "the data are not nasty enough to tell Welford from the naive formula";
}

TEST(statistics, welford_matches_two_pass_on_negative_data) {
  expect_close_to_two_pass(pattern(-5e6, 0.25, 5000), 1e-8);
  const RunningStats s = stats_of({-3, -1, -2});
  EXPECT_DOUBLE_EQ(s.mean(), -2);
  EXPECT_DOUBLE_EQ(s.min(), -3);  // min and max start from max() and lowest(), not 0
  EXPECT_DOUBLE_EQ(s.max(), -1);
}

TEST(statistics, min_and_max_of_huge_values) {
  const double big = std::numeric_limits<double>::max();
  const RunningStats s = stats_of({big, -big});
  EXPECT_EQ(s.min(), -big);
  EXPECT_EQ(s.max(), big);
}

TEST(statistics, empty_and_single_value_give_nan_where_undefined) {
  RunningStats s;
  EXPECT_EQ(s.count(), 0);
  EXPECT_TRUE(std::isnan(s.mean()));
  EXPECT_TRUE(std::isnan(s.min()));
  EXPECT_TRUE(std::isnan(s.max()));
  s.add(4);
  EXPECT_EQ(s.mean(), 4);
  EXPECT_TRUE(std::isnan(s.variance()));
  EXPECT_TRUE(std::isnan(s.ci95_half_width()));
  EXPECT_EQ(s.min(), 4);
  EXPECT_EQ(s.max(), 4);
}

TEST(statistics, merge_equals_one_pass) {
  const std::vector<double> xs = pattern(1e6, 3, 999);
  RunningStats a, b;
  for (std::size_t i = 0; i < xs.size(); ++i) (i < 400 ? a : b).add(xs[i]);
  a.merge(b);
  const RunningStats all = stats_of(xs);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_NEAR(a.mean(), all.mean(), 1e-9);
  EXPECT_NEAR(a.variance(), all.variance(), all.variance() * 1e-10);
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  RunningStats empty;
  empty.merge(all);
  EXPECT_EQ(empty.mean(), all.mean());
}

TEST(statistics, t_quantiles_for_small_df_match_tables) {
  // Two-sided 95% (p = 0.975) critical values, to 6 digits (e.g. NIST/SEMATECH table 1.4.2.7;
  // df 1 and 2 also in closed form: tan(pi (p - 1/2)) and (2p - 1) / sqrt(2p(1 - p))).
  const double table[] = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582,
                          2.446912,  2.364624, 2.306004, 2.262157, 2.228139};
  for (int df = 1; df <= 10; ++df)
    EXPECT_NEAR(student_t_quantile(0.975, df), table[df - 1], 5e-7) << "df " << df;
  EXPECT_NEAR(student_t_quantile(0.975, 30), 2.042272, 5e-7);
  EXPECT_NEAR(student_t_quantile(0.975, 100), 1.983972, 5e-7);
  EXPECT_NEAR(student_t_quantile(0.975, 1e7), 1.959964, 5e-7);  // the normal quantile
  const double pi = std::acos(-1.0);
  for (double p : {0.6, 0.9, 0.975, 0.995, 0.9999}) {
    EXPECT_NEAR(student_t_quantile(p, 1), std::tan(pi * (p - 0.5)),
                1e-10 * std::tan(pi * (p - 0.5)));
    EXPECT_NEAR(student_t_quantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-10);
  }
  EXPECT_NEAR(student_t_quantile(0.995, 4), 4.604095, 5e-7);
  EXPECT_NEAR(student_t_quantile(0.025, 9), -2.262157, 5e-7);  // symmetric
  EXPECT_EQ(student_t_quantile(0.5, 3), 0);
}

TEST(statistics, t_cdf_inverts_the_quantile) {
  for (double df : {1.0, 2.5, 9.0, 50.0})
    for (double p : {0.01, 0.3, 0.8, 0.975})
      EXPECT_NEAR(student_t_cdf(student_t_quantile(p, df), df), p, 1e-12);
}

TEST(statistics, t_rejects_bad_arguments) {
  EXPECT_THROW(student_t_quantile(0, 3), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(1, 3), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(0.9, 0), std::invalid_argument);
}

TEST(statistics, half_width_is_t_times_standard_error) {
  const RunningStats s = stats_of({10, 12, 9, 11, 13});
  EXPECT_NEAR(s.ci95_half_width(), 2.776445 * std::sqrt(2.5) / std::sqrt(5.0), 1e-6);
}

}  // namespace
}  // namespace gridplan::experiment
