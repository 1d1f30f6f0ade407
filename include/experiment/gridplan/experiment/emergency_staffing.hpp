// The smallest emergency team that meets the three-hour target (docs/model.md, "Emergency
// drills"): scale the volunteer and cadre counts (or named groups) and search for the least scale
// at which the drill covers the target share of households in time in enough replications.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// What to search.
struct StaffingQuery {
  std::string scenario_path;
  std::vector<std::string> sets;                               ///< --set overrides
  std::vector<std::string> groups = {"volunteers", "cadres"};  ///< team groups to scale
  std::string drill;             ///< [emergency.drills.<name>] to size for; empty: the first
  double target = 0.95;          ///< share of households covered ...
  double within_hours = 3.0;     ///< ... this long after the emergency is declared
  double required_share = 0.95;  ///< ... in at least this share of replications
  int replications = 20;
  int threads = 0;           ///< 0: all cores
  double resolution = 0.01;  ///< stop when the scale is known to this precision
  double max_scale = 8.0;
};

/// One scale tried.
struct StaffingPoint {
  double scale;
  double people;         ///< team members in the drill's area
  double share_meeting;  ///< replications meeting the target
  double coverage_mean;  ///< mean coverage at within_hours
};

/// The answer and the curve searched.
struct StaffingAnswer {
  bool found = false;
  double scale = 0;  ///< the smallest scale found (within `resolution`)
  double people = 0;
  std::vector<StaffingPoint> curve;                   ///< every scale tried, in increasing scale
  kernel::Table table(const StaffingQuery& q) const;  ///< "staffing": the curve, for HDF5
};

/// Runs the search for the query's drill. Routine arrivals are off and the run ends the day
/// after that drill; replication r uses the same random streams at every scale. Throws
/// io::ScenarioError for a bad scenario, std::invalid_argument for an unknown group, an
/// unknown drill (with a did-you-mean) or no drill.
StaffingAnswer search_emergency_staffing(
    const StaffingQuery& query, const std::function<void(const StaffingPoint&)>& on_point = {});

}  // namespace gridplan::experiment
