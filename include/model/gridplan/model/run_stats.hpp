// What one LP observed during a run, one statistics struct per unit of the model. Each LP writes
// only its own; they are merged in LP order at the end, so sums never depend on the engine's
// interleaving of LPs.
#pragma once

#include "gridplan/model/case_flow_stats.hpp"
#include "gridplan/model/grid_worker_stats.hpp"
#include "gridplan/model/mediation_stats.hpp"
#include "gridplan/model/office_stats.hpp"
#include "gridplan/model/platform_stats.hpp"
#include "gridplan/model/recorded_stats.hpp"
#include "gridplan/model/whistle_stats.hpp"

namespace gridplan::model {

/// One LP's observations: every unit's statistics, sized alike on every LP.
struct LpStats {
  LpStats(int days, int grids, int offices, int sources, int streets);

  CaseFlowStats flow;
  PlatformStats platform;
  GridWorkerStats workers;
  OfficeStats offices;
  WhistleStats whistle;
  MediationStats mediation;
  RecordedStats recorded;

  /// Sizes the mediation tallies.
  void size_mediation(int centres, int month_count, int types, int rooms = 0);
  /// Adds `other` (the next LP in order) into this one, unit by unit; throws std::logic_error
  /// when a unit's sizes differ.
  void merge(const LpStats& other);
};

/// The day index of a time, clamped to [0, days] so that late stamps land in the last slot.
inline int clamp_day(double t, int days) {
  const int d = static_cast<int>(t / 86400.0);
  return d < 0 ? 0 : (d > days ? days : d);
}

}  // namespace gridplan::model
