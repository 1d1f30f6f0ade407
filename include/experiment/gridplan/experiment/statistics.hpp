// Statistics over replications: a running mean and variance (Welford's update), minimum and
// maximum, and Student t quantiles for confidence intervals (docs/experiments.md, "Statistics").
#pragma once

#include <cstdint>
#include <limits>

namespace gridplan::experiment {

/// Mean, sample variance, minimum and maximum of a stream of values, updated one value at a
/// time with Welford's recurrence on values shifted by the first one (so a large offset with a
/// tiny spread keeps its digits: the shifted values are exact differences). NaN values are the
/// caller's to skip: add() takes every value it is given.
class RunningStats {
 public:
  /// Adds one value.
  void add(double x);
  /// Adds every value of `other` (Chan, Golub and LeVeque's pairwise merge).
  void merge(const RunningStats& other);
  /// Values added.
  std::int64_t count() const { return n_; }
  /// Arithmetic mean; NaN if empty.
  double mean() const;
  /// Sample variance (divisor n - 1); NaN with fewer than two values.
  double variance() const;
  /// Sample standard deviation; NaN with fewer than two values.
  double stddev() const;
  /// Smallest value; NaN if empty.
  double min() const;
  /// Largest value; NaN if empty.
  double max() const;
  /// Half-width of the two-sided 95% confidence interval of the mean, Student t with n - 1
  /// degrees of freedom: t(0.975, n - 1) * stddev / sqrt(n). NaN with fewer than two values.
  double ci95_half_width() const;

 private:
  std::int64_t n_ = 0;
  double shift_ = 0;  // the first value; mean_ is the mean of x - shift_
  double mean_ = 0;
  double m2_ = 0;  // sum of squared deviations from the running mean
  double min_ = std::numeric_limits<double>::max();
  double max_ = std::numeric_limits<double>::lowest();
};

/// Half-width of a one-sided confidence bound of a mean of `n` values: t(confidence, n - 1) *
/// stddev / sqrt(n); 0 when the values do not vary. Throws std::invalid_argument for n < 2 or a
/// confidence outside (0, 1). The staffing searches judge plans by mean -/+ this.
double one_sided_half_width(double stddev, std::int64_t n, double confidence);

/// P(T <= t) for Student's t distribution with `df` > 0 degrees of freedom.
double student_t_cdf(double t, double df);

/// The `p`-quantile (0 < p < 1) of Student's t distribution with `df` > 0 degrees of freedom,
/// to about 1e-12 relative. Throws std::invalid_argument outside those ranges.
double student_t_quantile(double p, double df);

}  // namespace gridplan::experiment
