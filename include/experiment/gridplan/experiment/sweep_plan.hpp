// A sweep's run list: parameter points (the product of swept values on one scenario) times
// replications, with each run's random streams; every point is validated before any run starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/io/recorded_log.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::experiment {

/// A sweep that cannot be run as given (bad --grid, range or sweep file); the CLI exits with 2.
class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One swept scenario key and its values, each in TOML value syntax ("8", "[1, 2]", "{...}").
struct GridAxis {
  std::string key;
  std::vector<std::string> values;
};

/// What to sweep: overrides for every point, the axes and how many replications of each point.
struct SweepSpec {
  std::vector<std::string> sets;  ///< "key=value" overrides applied to every point, first
  std::vector<GridAxis> axes;     ///< cartesian product, the first axis varying slowest
  int replications = 10;          ///< runs per point
  bool independent = false;       ///< true: every run its own streams (no common random numbers)
  /// Replay this event log in every run instead of generating arrivals (read once per process).
  std::optional<io::ReplayOptions> replay;
};

/// One parameter point: a value of every axis and the scenario they make.
struct SweepPoint {
  std::vector<std::string> values;  ///< one TOML value per axis, in axis order
  std::string label;                ///< "key=value, key=value"; "" for a sweep without axes
  model::Scenario scenario;         ///< validated, with the overrides applied
  /// With SweepSpec::replay: the log read for this point, shared with every point that reads
  /// it alike (io::RecordedLog::same_reading), so that a staffing sweep holds one copy.
  std::shared_ptr<const io::RecordedLog> log;
};

/// The run list of a sweep. Run `run` is replication r = run % R of point run / R; its random
/// streams are replication r (common random numbers) or `run` itself (independent streams).
struct SweepPlan {
  SweepSpec spec;
  std::vector<SweepPoint> points;
  std::string fingerprint;  ///< 16 hex digits identifying scenario text, sets, axes, R, streams

  /// Total runs: points x replications.
  std::size_t runs() const { return points.size() * static_cast<std::size_t>(spec.replications); }
  /// The point of run `run`.
  std::size_t point_of(std::size_t run) const { return run / spec.replications; }
  /// The random-stream replication index that run `run` uses.
  std::uint64_t replication_of(std::size_t run) const {
    return spec.independent ? run : run % static_cast<std::size_t>(spec.replications);
  }
};

/// Builds the scenario of one point from its overrides ("key=value", --set first); throws
/// io::ScenarioError naming the key on a bad value. The CLI's loader is io::load_scenario.
using ScenarioLoader = std::function<model::Scenario(const std::vector<std::string>& overrides)>;

/// Expands the axes, loads and validates every point's scenario (a ScenarioError is rethrown
/// naming the point), reads the replayed log (io::EventLogError) and computes the fingerprint.
/// Throws SweepError for a bad spec.
SweepPlan make_sweep_plan(const SweepSpec& spec, const ScenarioLoader& load);

/// Parses a --grid option "key=v1,v2,..." (commas inside [], {} or quotes do not split) or
/// "key=start:stop:step". Throws SweepError.
GridAxis parse_grid_option(const std::string& text);

/// "2:8:2" -> {"2", "4", "6", "8"}; "0.5:1:0.25" -> {"0.5", "0.75", "1"}: stop is included
/// when the steps reach it. Empty if `text` is not three numbers joined by ':'. Throws
/// SweepError for a zero step, a step pointing away from stop, or over 100000 values.
std::vector<std::string> expand_range(const std::string& text);

/// The overrides of point `p`: the spec's sets, then "axis=value" for every axis.
std::vector<std::string> point_overrides(const SweepSpec& spec,
                                         const std::vector<std::string>& values);

}  // namespace gridplan::experiment
