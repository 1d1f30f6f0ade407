// Unit tests of the duration distributions: quantiles at known points, sample means against
// mean(), the AS241 normal quantile against reference values, and the gamma sampler's moments.
#include "gridplan/kernel/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "gridplan/kernel/random_stream.hpp"

namespace gridplan::kernel {
namespace {

// Relative closeness: |x - y| <= tol * |y|.
::testing::AssertionResult near_rel(double x, double y, double tol) {
  if (std::fabs(x - y) <= tol * std::fabs(y)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << x << " vs " << y << " (relative error "
                                       << std::fabs(x - y) / std::fabs(y) << " > " << tol << ")";
}

// Mean and variance of a sample, by Welford's update.
struct Moments {
  std::uint64_t n = 0;
  double mean = 0.0, m2 = 0.0;
  void add(double x) {
    ++n;
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  double variance() const { return m2 / static_cast<double>(n - 1); }
};

TEST(distribution, fixed_quantile_is_the_value) {
  const Distribution d = Distribution::fixed(3.5);
  for (double u : {1e-12, 0.5, 1 - 1e-12}) EXPECT_EQ(d.quantile(u), 3.5);
  EXPECT_EQ(d.mean(), 3.5);
}

TEST(distribution, exponential_quantiles) {
  const Distribution d = Distribution::exponential(6.0);
  EXPECT_TRUE(near_rel(d.quantile(0.5), 6.0 * std::log(2.0), 1e-14));  // median = mean ln 2
  EXPECT_TRUE(near_rel(d.quantile(1 - std::exp(-1.0)), 6.0, 1e-14));   // F(mean) = 1 - 1/e
  EXPECT_TRUE(near_rel(d.quantile(0.99), 6.0 * std::log(100.0), 1e-14));
  EXPECT_TRUE(near_rel(d.quantile(1e-12), 6.0e-12, 1e-9));  // log1p keeps the low tail exact
  EXPECT_EQ(d.mean(), 6.0);
}

TEST(distribution, lognormal_quantiles_hit_median_and_p90) {
  for (const auto& [median, p90] :
       {std::pair{2.0, 6.0}, std::pair{0.25, 0.3}, std::pair{40.0, 400.0}}) {
    SCOPED_TRACE(median);
    const Distribution d = Distribution::lognormal(median, p90);
    EXPECT_TRUE(near_rel(d.quantile(0.5), median, 1e-9));
    EXPECT_TRUE(near_rel(d.quantile(0.9), p90, 1e-9));
    EXPECT_TRUE(near_rel(d.quantile(0.1), median * median / p90, 1e-9));  // symmetric in log
    const double sigma = std::log(p90 / median) / 1.2815515655446004;
    EXPECT_TRUE(near_rel(d.mean(), median * std::exp(0.5 * sigma * sigma), 1e-12));
  }
}

TEST(distribution, uniform_quantiles) {
  const Distribution d = Distribution::uniform(2.0, 5.0);
  EXPECT_EQ(d.quantile(0.25), 2.75);
  EXPECT_EQ(d.quantile(0.5), 3.5);
  EXPECT_NEAR(d.quantile(1e-12), 2.0, 1e-11);
  EXPECT_EQ(d.mean(), 3.5);
}

TEST(distribution, triangular_quantiles_and_mode_at_its_cdf) {
  // Triangular(1, mode 2, 5): F(mode) = (2 - 1) / (5 - 1) = 0.25.
  const Distribution d = Distribution::triangular(1.0, 2.0, 5.0);
  EXPECT_TRUE(near_rel(d.quantile(0.25), 2.0, 1e-14));
  EXPECT_TRUE(near_rel(d.quantile(0.0625), 1.5, 1e-14));       // 1 + sqrt(u (5 - 1)(2 - 1))
  EXPECT_TRUE(near_rel(d.quantile(11.0 / 12.0), 4.0, 1e-14));  // 5 - sqrt((1 - u) 4 * 3)
  EXPECT_NEAR(d.quantile(1e-15), 1.0, 1e-6);
  EXPECT_NEAR(d.quantile(1 - 1e-15), 5.0, 1e-6);
  EXPECT_TRUE(near_rel(d.mean(), 8.0 / 3.0, 1e-15));
  // Mode at an end, and a degenerate range.
  EXPECT_TRUE(near_rel(Distribution::triangular(0.0, 0.0, 4.0).quantile(0.75), 2.0, 1e-14));
  EXPECT_TRUE(near_rel(Distribution::triangular(0.0, 4.0, 4.0).quantile(0.25), 2.0, 1e-14));
  EXPECT_EQ(Distribution::triangular(3.0, 3.0, 3.0).quantile(0.7), 3.0);
}

TEST(distribution, each_sample_consumes_exactly_one_uniform) {
  const std::vector<Distribution> kinds = {
      Distribution::fixed(1), Distribution::exponential(2), Distribution::lognormal(2, 6),
      Distribution::uniform(0, 1), Distribution::triangular(0, 1, 3)};
  RandomStream s(RandomKey(1, 0), 8, 0);
  RandomStream t = s;
  for (const Distribution& d : kinds) {
    const std::uint64_t before = s.draws();
    const double x = d.sample(s);
    EXPECT_EQ(s.draws(), before + 1) << d.describe();
    EXPECT_EQ(x, d.quantile(t.uniform())) << d.describe();  // and it is inversion
  }
}

TEST(distribution, sample_means_match_mean_within_one_percent) {
  // System: 2e5 draws of each kind from its own stream (seed 7, replication 0).
  // Expectation: sample mean within 1% of mean(), because the standard error is at most 0.23%
  // of the mean here (lognormal(2, 6): sd / mean = 1.04; exponential: 1), i.e. > 4 errors.
  const std::vector<Distribution> kinds = {
      Distribution::fixed(4.0), Distribution::exponential(6.0), Distribution::lognormal(2.0, 6.0),
      Distribution::uniform(2.0, 5.0), Distribution::triangular(1.0, 2.0, 5.0)};
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const Distribution& d = kinds[k];
    RandomStream s(RandomKey(7, 0), 9, k);
    Moments m;
    for (int i = 0; i < 200000; ++i) m.add(d.sample(s));
    EXPECT_TRUE(near_rel(m.mean, d.mean(), 0.01)) << d.describe();
  }
}

TEST(distribution, describe_names_kind_and_parameters) {
  EXPECT_EQ(Distribution::fixed(2).describe(), "fixed(2)");
  EXPECT_EQ(Distribution::exponential(6).describe(), "exponential(mean=6)");
  EXPECT_EQ(Distribution::lognormal(2, 6).describe(), "lognormal(median=2, p90=6)");
  EXPECT_EQ(Distribution::uniform(1, 3).describe(), "uniform(1, 3)");
  EXPECT_EQ(Distribution::triangular(1, 2, 5).describe(), "triangular(1, 2, 5)");
}

TEST(distribution, normal_quantile_known_values) {
  // Reference values: standard normal quantiles to 16 digits (R's qnorm, Python's
  // statistics.NormalDist), each also checked by the erfc round trip below.
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_TRUE(near_rel(normal_quantile(0.975), 1.959963984540054, 1e-14));
  EXPECT_TRUE(near_rel(normal_quantile(0.9), 1.2815515655446004, 1e-14));
  EXPECT_TRUE(near_rel(normal_quantile(0.84134474606854293), 1.0, 1e-13));  // Phi(1)
  EXPECT_TRUE(near_rel(normal_quantile(1e-10), -6.361340902404056, 1e-12));
  EXPECT_TRUE(near_rel(normal_quantile(1e-300), -37.047096299361201, 1e-12));
}

TEST(distribution, normal_quantile_is_antisymmetric) {
  // For p = k / 1024 both p and 1 - p are exact, so the two evaluations must mirror exactly.
  for (int k = 1; k < 1024; ++k) {
    const double p = k / 1024.0;
    EXPECT_EQ(normal_quantile(p), -normal_quantile(1.0 - p)) << p;
  }
  // Other p: take hi = 1 - p (rounded) and lo = 1 - hi (exact), a pair that sums to 1 exactly.
  for (double p : {1e-10, 0.025, 0.1, 0.3}) {
    const double hi = 1.0 - p, lo = 1.0 - hi;
    EXPECT_EQ(normal_quantile(lo), -normal_quantile(hi)) << p;
  }
}

TEST(distribution, normal_quantile_inverts_the_normal_cdf_over_the_whole_range) {
  // Truth: Phi(x) = erfc(-x / sqrt 2) / 2 (glibc erfc, about 1 ulp). For 1e-300 <= p <= 0.5 the
  // round trip must give p back to 1e-11 relative: the AS241 error of ~1e-16 in x becomes
  // |x|^2 * 1e-16 <= 1.4e-13 in p at the far tail.
  int checked = 0;
  for (double lg = -300.0; lg <= std::log10(0.5); lg += 0.37, ++checked) {
    const double p = std::pow(10.0, lg);
    const double x = normal_quantile(p);
    EXPECT_TRUE(near_rel(0.5 * std::erfc(-x / std::sqrt(2.0)), p, 1e-11)) << "p = " << p;
  }
  EXPECT_GT(checked, 800);
}

TEST(distribution, sample_gamma_mean_and_variance_match_shape_and_scale) {
  // System: 1e6 draws of Gamma(shape k, scale 1.5) for k = 0.5 (boosted branch), 2 and 6.25.
  // Expectation: mean k * 1.5 and variance k * 1.5^2 within 2%, because the standard error of
  // the sample variance is sqrt((2 + 6 / k) / n) relative, at most 0.37% (k = 0.5), i.e. > 5
  // errors; the mean's is far smaller.
  for (const double shape : {0.5, 2.0, 6.25}) {
    SCOPED_TRACE(shape);
    const double scale = 1.5;
    RandomStream s(RandomKey(31, 0), 12, static_cast<std::uint64_t>(shape * 100));
    Moments m;
    int non_positive = 0;
    for (int i = 0; i < 1000000; ++i) {
      const double x = sample_gamma(s, shape, scale);
      if (!(x > 0.0)) ++non_positive;
      m.add(x);
    }
    EXPECT_EQ(non_positive, 0);
    EXPECT_TRUE(near_rel(m.mean, shape * scale, 0.02));
    EXPECT_TRUE(near_rel(m.variance(), shape * scale * scale, 0.02));
  }
}

}  // namespace
}  // namespace gridplan::kernel
