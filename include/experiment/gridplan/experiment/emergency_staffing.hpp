// The smallest emergency team that meets the three-hour target (docs/model.md, "Emergency
// drills"): scale the volunteer and cadre counts (or named groups) and search for the least scale
// at which the one-sided lower confidence bound of the drill's mean coverage in time reaches the
// target (docs/experiments.md, "Sizing the emergency team").
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
  std::string drill;          ///< [emergency.drills.<name>] to size for; empty: the first
  double target = 0.95;       ///< share of households covered ...
  double within_hours = 3.0;  ///< ... this long after the emergency is declared, by the ...
  double confidence = 0.95;   ///< ... one-sided lower bound of the mean coverage, at this level
  int replications = 20;      ///< at least 2 (the bound needs a standard deviation)
  int threads = 0;            ///< 0: all cores
  double resolution = 0.01;   ///< stop when the scale is known to this precision
  double max_scale = 8.0;
};

/// One scale tried.
struct StaffingPoint {
  double scale;
  double people;                ///< team members in the drill's area
  double share_meeting;         ///< replications whose coverage reaches the target (information)
  double coverage_mean;         ///< mean coverage at within_hours over the replications
  double coverage_stddev;       ///< sample standard deviation of that coverage (divisor R - 1)
  double coverage_lower_bound;  ///< coverage_mean - t(confidence, R - 1) * stddev / sqrt(R)
  /// True if the lower bound reaches the target: the search's criterion.
  bool meets(const StaffingQuery& q) const { return coverage_lower_bound >= q.target; }
};

/// The one-sided lower confidence bound of a mean: mean - t(confidence, n - 1) * stddev /
/// sqrt(n), Student t with n - 1 degrees of freedom; the mean itself when stddev is 0. Throws
/// std::invalid_argument for n < 2 or a confidence outside (0, 1).
double mean_lower_bound(double mean, double stddev, int n, double confidence);

/// The answer and the curve searched.
struct StaffingAnswer {
  bool found = false;
  double scale = 0;  ///< the smallest scale found (within `resolution`)
  double people = 0;
  double coverage_mean = 0;                           ///< at the answer's scale
  double coverage_lower_bound = 0;                    ///< at the answer's scale
  std::vector<StaffingPoint> curve;                   ///< every scale tried, in increasing scale
  kernel::Table table(const StaffingQuery& q) const;  ///< "staffing": the curve, for HDF5
};

/// Runs the search for the query's drill: bisection over the scale, which meets the target when
/// its coverage's lower bound does (StaffingPoint::meets). Routine arrivals are off and the run
/// ends the day after that drill; replication r uses the same random streams at every scale.
/// Throws io::ScenarioError for a bad scenario, std::invalid_argument for an unknown group, an
/// unknown drill (with a did-you-mean), no drill, fewer than 2 replications or a confidence
/// outside (0, 1).
StaffingAnswer search_emergency_staffing(
    const StaffingQuery& query, const std::function<void(const StaffingPoint&)>& on_point = {});

/// One probe of the search, on its own: the query's drill run at `scale` in replications
/// 0 .. query.replications - 1 (the same runs the search makes at that scale). For checking an
/// answer on other replications. Throws like search_emergency_staffing.
StaffingPoint evaluate_emergency_staffing(const StaffingQuery& query, double scale);

}  // namespace gridplan::experiment
