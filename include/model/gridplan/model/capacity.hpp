// Offered load of every staff pool, from the scenario alone (docs/model.md, "Offered load"):
// expected work arriving at a pool divided by its staff time on duty, with no simulation, so that
// `gridplan check` can warn about an understaffed pool before a run and a staffing tool can reuse
// it.
#pragma once

#include <string>
#include <vector>

#include "gridplan/model/run_config.hpp"

namespace gridplan::model {

/// One pool's expected work against its staff time on duty, both averaged over the run's days.
struct PoolLoad {
  /// "operators", "street office", "department", "grid workers", "grid worker", "mediation",
  /// "drill"
  std::string kind;
  std::string name;       ///< "09:00" or "day" (operators), a street, a department, a level, ...
  std::string per;        ///< the period both hours count: "a week" or "at 09:00 on an average day"
  double load_hours = 0;  ///< staff-hours of work offered in the period
  double capacity_hours = 0;  ///< staff-hours on duty in the period
  int staff = 0;              ///< persons in the pool (on duty in that hour, for operators)
  /// False for a slice of a pool that can catch up later (one hour of the operators' day).
  bool whole_period = true;
  /// Of load_hours, the work each person brings whatever the pool's size (a grid worker's patrol).
  double own_hours_per_person = 0;

  /// Offered utilisation: load / capacity (infinity for work with nobody on duty).
  double utilisation() const;
  /// The staff that brings the utilisation to `target` (at least 1), or -1 if none can (each
  /// person's own work alone exceeds it).
  int staff_for(double target) const;
};

/// Every pool's offered load: the operators by hour of day and over the day, each street office,
/// each department, the grid workers of each street and the busiest grid, the mediators of each
/// level (rooms counted with their level), each drill's teams (visits against the people's time
/// to the coverage target, mobilisation not counted). Arrivals follow the sources' profiles over
/// the run's days; handling times are the distributions' means; a failed verification adds its work
/// again. Whistled handling and the district leaders are left out.
std::vector<PoolLoad> offered_load(const RunConfig& config);

/// The basic grids (district-wide indexes, ascending) a drill covers: its streets', its
/// communities' and its own grids.
std::vector<int> drill_grids(const RunConfig& config, const EmergencySpec& drill);

/// Offered utilisation at which a pool is reported, and the one its suggested staff reach.
inline constexpr double kWarnUtilisation = 0.95;
inline constexpr double kTargetUtilisation = 0.85;

/// One line per pool at or above kWarnUtilisation, e.g. `department "health": offered 1.12 (72
/// staff-hours a week needed, 64 on duty); 11 staff would bring it to 0.85`, and for a whole
/// period at or above 1 that its queue grows for ever.
std::vector<std::string> capacity_warnings(const std::vector<PoolLoad>& pools);

}  // namespace gridplan::model
