// Comparing two scenarios by paired differences over replications: with common random numbers
// the pairs share their arrivals, so the difference's interval is far narrower than the means'.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// Two sides that cannot be compared (no such point, different replications, too few pairs);
/// the CLI exits with 2.
class ComparisonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One side of a comparison: the runs of one parameter point of a result file.
struct ComparisonSide {
  std::string label;                       ///< "a.h5" or "sweep.h5 point 2 (key=value)"
  kernel::Table kpi;                       ///< the point's /kpi rows, in run order
  std::vector<std::int64_t> replications;  ///< each row's random-stream replication
  bool independent_streams = false;        ///< the file is a sweep run with --independent
};

/// How runs of the two sides are paired.
enum class Pairing {
  kByReplication,  ///< equal random-stream replication (common random numbers)
  kByOrder,        ///< the i-th run of each side (independent streams: valid but not tighter)
};

/// Reads the runs of point `point` of `path` (every run if the file has no /points and
/// `point` is empty). Throws std::runtime_error if the file has several points and `point` is
/// empty, or if it has no such point.
ComparisonSide load_comparison_side(const std::string& path, std::optional<std::int64_t> point);

/// The "comparison" table: per KPI of `a` also in `b`, the mean paired difference b - a over
/// the pairs where both values exist, its Student t 95% interval (df = pairs - 1) and whether
/// the interval excludes 0. Throws ComparisonError if the sides cannot be paired: different
/// replication sets (kByReplication) or run counts (kByOrder), or fewer than two pairs.
kernel::Table compare_paired(const ComparisonSide& a, const ComparisonSide& b, Pairing pairing);

}  // namespace gridplan::experiment
