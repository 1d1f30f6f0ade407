// Comparing two scenarios by paired differences over replications: with common random numbers
// the pairs share their arrivals, so the difference's interval is far narrower than the means'.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// Two sides that cannot be compared (no such point, different replications, too few pairs,
/// different horizons, seeds or random-number modes); the CLI exits with 2.
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
  // What the runs simulated, for check_comparable:
  std::string scenario_name;        ///< /scenario name
  std::string scenario_text;        ///< /scenario source_toml
  std::string overrides;            ///< /scenario overrides (--set, --days, --seed), one a line
  std::vector<std::int64_t> days;   ///< each row's horizon (/runs days)
  std::vector<std::int64_t> seeds;  ///< each row's scenario seed (/runs seed)
  io::Provenance replay;            ///< its replay_* fields: the log replayed, if any
};

/// How two sides differ beyond their KPIs.
struct SideDifferences {
  /// What makes B - A measure something else than the effect of a scenario change, one item
  /// each: a different horizon ("horizon: A 3 days, B 5 days"), seed, or random-number mode
  /// (common random numbers against --independent), or different event logs replayed.
  std::vector<std::string> refused;
  /// What a what-if changes on purpose: the scenario text, the --set overrides, the replay's
  /// what-ifs (scale, surge, bootstrap), generated arrivals against a replay.
  std::vector<std::string> noted;
};

/// How runs of the two sides are paired.
enum class Pairing {
  kByReplication,  ///< equal random-stream replication (common random numbers)
  kByOrder,        ///< the i-th run of each side (independent streams: valid but not tighter)
};

/// The tables comparison_side reads: what io::read_result_file needs to be given.
bool is_comparison_input(const std::string& table);

/// The runs of point `point` of `file` (every run if the file has no /points and `point` is
/// empty), read by io::read_result_file with is_comparison_input. Throws ComparisonError if the
/// file has several points and `point` is empty, if it has no such point or if the point has no
/// finished run; io::BadResultFile if a table or column it needs is missing, of another type or
/// inconsistent (a run without a /kpi row, a streams mode it does not know).
ComparisonSide comparison_side(const io::ResultFile& file, std::optional<std::int64_t> point);

/// comparison_side of `path`, read with io::read_result_file.
ComparisonSide load_comparison_side(const std::string& path, std::optional<std::int64_t> point);

/// How `a` and `b` differ (SideDifferences). Throws ComparisonError naming every refused
/// difference unless `allow_different`; returns them all either way.
SideDifferences check_comparable(const ComparisonSide& a, const ComparisonSide& b,
                                 bool allow_different);

/// The "comparison" table: per KPI of `a` also in `b`, the mean paired difference b - a over
/// the pairs where both values exist, its Student t 95% interval (df = pairs - 1) and whether
/// the interval excludes 0. Throws ComparisonError if the sides cannot be paired: different
/// replication sets (kByReplication) or run counts (kByOrder), or no pair at all. With one
/// pair (two single runs) the differences have no interval: half-width NaN, not significant.
kernel::Table compare_paired(const ComparisonSide& a, const ComparisonSide& b, Pairing pairing);

}  // namespace gridplan::experiment
