// Inversion formulas for the duration distributions and a gamma sampler for structure generation.
#include "gridplan/kernel/distribution.hpp"

#include <cmath>
#include <sstream>

namespace gridplan::kernel {
namespace {
constexpr double kZ90 = 1.2815515655446004;  // standard normal 90th percentile
}

double normal_quantile(double p) {
  // AS241 (PPND16), Wichura 1988.
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) *
                    r +
                45921.953931549871457) *
                   r +
               13731.693765509461125) *
                  r +
              1971.5909503065514427) *
                 r +
             133.14166789178437745) *
                r +
            3.387132872796366608) /
           (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) *
                    r +
                21213.794301586595867) *
                   r +
               5394.1960214247511077) *
                  r +
              687.1870074920579083) *
                 r +
             42.313330701600911252) *
                r +
            1.0);
  }
  double r = q < 0 ? p : 1.0 - p;
  r = std::sqrt(-std::log(r));
  double val;
  if (r <= 5.0) {
    r -= 1.6;
    val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r +
                0.24178072517745061177) *
                   r +
               1.27045825245236838258) *
                  r +
              3.64784832476320460504) *
                 r +
             5.7694972214606914055) *
                r +
            4.6303378461565452959) *
               r +
           1.42343711074968357734) /
          (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
                0.0151986665636164571966) *
                   r +
               0.14810397642748007459) *
                  r +
              0.68976733498510000455) *
                 r +
             1.6763848301838038494) *
                r +
            2.05319162663775882187) *
               r +
           1.0);
  } else {
    r -= 5.0;
    val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r +
                0.0012426609473880784386) *
                   r +
               0.026532189526576123093) *
                  r +
              0.29656057182850489123) *
                 r +
             1.7848265399172913358) *
                r +
            5.4637849111641143699) *
               r +
           6.6579046435011037772) /
          (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
                1.8463183175100546818e-5) *
                   r +
               7.868691311456132591e-4) *
                  r +
              0.0148753612908506148525) *
                 r +
             0.13692988092273580531) *
                r +
            0.59983220655588793769) *
               r +
           1.0);
  }
  return q < 0 ? -val : val;
}

Distribution Distribution::lognormal(double median, double p90) {
  // sigma is stored so that sampling costs one exp, not a log as well.
  return {Kind::kLognormal, median, p90, std::log(p90 / median) / kZ90};
}

double Distribution::quantile(double u) const {
  switch (kind) {
    case Kind::kFixed:
      return p1;
    case Kind::kExponential:
      return -p1 * std::log1p(-u);
    case Kind::kLognormal:
      return p1 * std::exp(p3 * normal_quantile(u));
    case Kind::kUniform:
      return p1 + (p2 - p1) * u;
    case Kind::kTriangular: {
      const double lo = p1, hi = p2, mode = p3;
      if (hi <= lo) return lo;
      const double f = (mode - lo) / (hi - lo);
      return u < f ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                   : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
  }
  return p1;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::kFixed:
    case Kind::kExponential:
      return p1;
    case Kind::kLognormal:
      return p1 * std::exp(0.5 * p3 * p3);
    case Kind::kUniform:
      return 0.5 * (p1 + p2);
    case Kind::kTriangular:
      return (p1 + p2 + p3) / 3.0;
  }
  return p1;
}

std::string Distribution::describe() const {
  std::ostringstream s;
  switch (kind) {
    case Kind::kFixed:
      s << "fixed(" << p1 << ")";
      break;
    case Kind::kExponential:
      s << "exponential(mean=" << p1 << ")";
      break;
    case Kind::kLognormal:
      s << "lognormal(median=" << p1 << ", p90=" << p2 << ")";
      break;
    case Kind::kUniform:
      s << "uniform(" << p1 << ", " << p2 << ")";
      break;
    case Kind::kTriangular:
      s << "triangular(" << p1 << ", " << p3 << ", " << p2 << ")";
      break;
  }
  return s.str();
}

double sample_gamma(RandomStream& s, double shape, double scale) {
  if (shape < 1.0) {
    // Boost a shape < 1 (Marsaglia and Tsang, section 6).
    const double g = sample_gamma(s, shape + 1.0, 1.0);
    return scale * g * std::pow(s.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = normal_quantile(s.uniform());
    double v = 1.0 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = s.uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return scale * d * v;
  }
}

}  // namespace gridplan::kernel
