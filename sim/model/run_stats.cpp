// LpStats: the units' statistics of one LP, sized and merged together.
#include "gridplan/model/run_stats.hpp"

namespace gridplan::model {

LpStats::LpStats(int days, int grids, int n_offices, int sources, int streets)
    : flow(days, grids, sources),
      platform(days, grids, n_offices),
      workers(days, grids),
      offices(days, n_offices),
      whistle(days, n_offices, streets) {}

void LpStats::size_mediation(int centres, int month_count, int types, int rooms) {
  mediation = MediationStats(centres, month_count, types, rooms);
}

void LpStats::merge(const LpStats& o) {
  flow.merge(o.flow);
  platform.merge(o.platform);
  workers.merge(o.workers);
  offices.merge(o.offices);
  whistle.merge(o.whistle);
  mediation.merge(o.mediation);
  recorded.merge(o.recorded);
}

}  // namespace gridplan::model
