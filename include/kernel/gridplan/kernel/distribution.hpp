// Duration distributions sampled by inversion: each draw consumes exactly one uniform, which
// keeps common random numbers aligned when a parameter changes.
#pragma once

#include <string>

#include "gridplan/kernel/random_stream.hpp"

namespace gridplan::kernel {

/// A non-negative distribution in whatever unit its owner states.
struct Distribution {
  enum class Kind { kFixed, kExponential, kLognormal, kUniform, kTriangular };
  Kind kind = Kind::kFixed;
  double p1 = 0.0;  ///< fixed: value; exponential: mean; lognormal: median; uniform/triangular: min
  double p2 = 0.0;  ///< lognormal: 90th percentile; uniform/triangular: max
  double p3 = 0.0;  ///< triangular: mode; lognormal: sigma (derived from median and p90)

  static Distribution fixed(double v) { return {Kind::kFixed, v, 0, 0}; }
  static Distribution exponential(double mean) { return {Kind::kExponential, mean, 0, 0}; }
  static Distribution lognormal(double median, double p90);
  static Distribution uniform(double lo, double hi) { return {Kind::kUniform, lo, hi, 0}; }
  static Distribution triangular(double lo, double mode, double hi) {
    return {Kind::kTriangular, lo, hi, mode};
  }

  /// The value at quantile u in (0, 1).
  double quantile(double u) const;
  /// One draw from a stream.
  double sample(RandomStream& s) const { return quantile(s.uniform()); }
  /// The mean.
  double mean() const;
  /// A short human-readable form, e.g. "lognormal(median=2, p90=6)".
  std::string describe() const;
};

/// Standard normal quantile (Wichura's AS241, relative error about 1e-16).
double normal_quantile(double p);

/// A Gamma(shape, scale) draw by Marsaglia and Tsang (consumes a variable number of uniforms).
double sample_gamma(RandomStream& s, double shape, double scale);

}  // namespace gridplan::kernel
