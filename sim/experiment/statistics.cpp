// Statistics over replications: Welford's running moments and Student t quantiles from the
// regularized incomplete beta function, so intervals are exact for any degrees of freedom.
#include "gridplan/experiment/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gridplan::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The continued fraction of the regularized incomplete beta function I_x(a, b), evaluated with
/// the modified Lentz method; converges fast for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  // 1 / (1 + d1 / (1 + d2 / (1 + ...))): partial numerators 1, d1, d2, ...; denominators 1.
  double f = kTiny, c = kTiny, d = 0;
  for (int j = 1; j <= 10000; ++j) {
    double numerator = 1;
    if (j > 1) {
      const int m = j - 1;  // d_m
      const double k = m / 2;
      numerator = (m % 2 == 1) ? -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1))
                               : k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k));
    }
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return f;
}

/// The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(b, a, 1 - x);
  const double log_front = a * std::log(x) + b * std::log1p(-x) - std::log(a) -
                           (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
  return std::exp(log_front) * beta_continued_fraction(a, b, x);
}

/// P(T > t) for t >= 0: half of I_{df / (df + t^2)}(df / 2, 1 / 2).
double upper_tail(double t, double df) {
  return 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

}  // namespace

void RunningStats::add(double x) {
  if (n_ == 0) shift_ = x;
  ++n_;
  const double y = x - shift_;  // exact while x is within a factor 2 of the first value
  const double delta = y - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (y - mean_);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void RunningStats::merge(const RunningStats& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(n_), n_b = static_cast<double>(other.n_);
  const double n = n_a + n_b;
  const double delta = (other.shift_ - shift_) + other.mean_ - mean_;
  mean_ += delta * n_b / n;
  m2_ += other.m2_ + delta * delta * n_a * n_b / n;
  n_ += other.n_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double RunningStats::mean() const {
  return n_ > 0 ? shift_ + mean_ : kNaN;
}

double RunningStats::variance() const {
  return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : kNaN;
}

double RunningStats::stddev() const {
  return std::sqrt(variance());
}

double RunningStats::min() const {
  return n_ > 0 ? min_ : kNaN;
}

double RunningStats::max() const {
  return n_ > 0 ? max_ : kNaN;
}

double RunningStats::ci95_half_width() const {
  if (n_ < 2) return kNaN;
  const double n = static_cast<double>(n_);
  return student_t_quantile(0.975, n - 1) * stddev() / std::sqrt(n);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_cdf: degrees of freedom must be > 0");
  if (std::isnan(t)) return kNaN;
  const double tail = upper_tail(std::fabs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_quantile: degrees of freedom must be > 0");
  if (!(p > 0 && p < 1)) throw std::invalid_argument("student_t_quantile: p must be in (0, 1)");
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  // Solve P(T > t) = 1 - p on the upper tail, which keeps its precision far out.
  const double q = 1 - p;
  double lo = 0, hi = 1;
  while (upper_tail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (!std::isfinite(hi)) return hi;
  }
  // Bisection: the tail decreases in t; stop when the bracket cannot shrink any more.
  for (int i = 0; i < 2000; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    (upper_tail(mid, df) > q ? lo : hi) = mid;
  }
  return lo + (hi - lo) / 2;
}

double one_sided_half_width(double stddev, std::int64_t n, double confidence) {
  if (n < 2) throw std::invalid_argument("a confidence bound needs at least 2 values");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("confidence must be in (0, 1)");
  if (stddev == 0) return 0;  // identical values: the bound is the mean itself
  return student_t_quantile(confidence, static_cast<double>(n - 1)) * stddev /
         std::sqrt(static_cast<double>(n));
}

}  // namespace gridplan::experiment
