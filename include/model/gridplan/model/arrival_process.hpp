// A case source's non-homogeneous Poisson stream (docs/model.md, "Case sources"): a rate that is
// constant within each hour and shaped by hour of day, working/rest day and the heating season.
#pragma once

#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// Tabulated day multipliers of one source, shared by every generator of that source.
struct SourceProfile {
  std::vector<double> day_factor;  ///< working/rest factor x season multiplier, per day
  std::vector<char> in_season;     ///< per day: inside the heating season
  std::vector<char> working;       ///< per day: a working day
  std::array<std::array<double, 24>, 2> hour_factor{};  ///< [rest, working][hour]
  double rate_per_unit = 0;  ///< cases per second per unit of hour x day factor, whole district
  std::vector<double> shares_out, shares_in;  ///< category choice weights off / in season
};

/// Builds a source's profile over `days` days; the rate is scaled so that the first 365 days
/// hold `per_year` cases in expectation. With `duty`, cases arise only while it is on duty
/// (patrol finds cases only while the grid worker is out): each hour's factor is weighted by
/// the share of the hour on duty.
SourceProfile build_source_profile(const Scenario& sc, const SourceSpec& src,
                                   const kernel::Calendar& calendar, int days,
                                   const ShiftSpec* duty);

/// Whether `day` (from the start date) falls in the heating season.
bool in_heating_season(const Scenario& sc, const kernel::Calendar& calendar, int day);

/// Draws successive arrival times of one source at one generator (a share of the district).
class ArrivalProcess {
 public:
  ArrivalProcess(const SourceProfile* profile, double share, kernel::RandomStream stream)
      : profile_(profile), share_(share), stream_(stream) {}
  /// The first arrival after t, or +infinity if none before the tabulated end.
  double next_after(double t);

 private:
  const SourceProfile* profile_;
  double share_;
  kernel::RandomStream stream_;
};

/// Picks a category by index from cumulative weights, using u in (0, 1).
int pick_index(const std::vector<double>& weights, double u);

}  // namespace gridplan::model
