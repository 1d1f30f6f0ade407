// What one LP observed during a run: counters, hourly and daily series, per-grid and per-office
// tallies and, with tracing, one row per case. Each LP writes only its own; they are merged in
// LP order at the end, so sums never depend on the engine's interleaving of LPs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/model/case_record.hpp"

namespace gridplan::model {

/// One finished or open case, for the optional /cases table. Times in seconds.
struct CaseRow {
  std::uint64_t id;
  std::int32_t grid;
  std::int16_t category, office;
  std::uint8_t source, reopen;
  double t_report, t_triage, t_dispatch, t_settle, t_verify, t_close;
};

/// One whistled case, for the /whistles table. Times in seconds.
struct WhistleRow {
  std::uint64_t case_id;
  std::int32_t street;
  std::uint8_t rule;
  std::string offices;  ///< "a+b", the leading office first
  double t_blown, t_reported, t_settled, t_second, t_close;
};

/// One LP's observations.
struct LpStats {
  LpStats(int days, int grids, int offices, int sources, int streets);

  std::uint64_t arrived = 0, closed = 0, settled_in_grid = 0, dispatched = 0, reopened = 0;
  std::uint64_t closed_dispatched = 0, closed_on_time = 0;
  std::vector<std::uint64_t> arrived_by_source;
  std::vector<std::int32_t> arrivals_by_hour, closed_by_hour;
  std::vector<std::int32_t> arrivals_by_day, settled_by_day, dispatched_by_day, closed_by_day;
  std::vector<std::int32_t>
      overdue_change_by_day;  ///< +1 when a case passes its limit, -1 at close
  std::vector<double> triage_wait_sum_by_day;
  std::vector<std::int32_t> triage_count_by_day;
  std::vector<double> operator_busy_by_day, worker_busy_by_day, office_busy_by_day;
  std::vector<float> close_hours;          ///< report to close, hours, per closed case
  std::vector<float> overdue_close_hours;  ///< the same, for dispatched cases closed late
  std::vector<float> triage_waits;         ///< seconds, per filed case
  std::vector<std::int32_t> grid_arrived, grid_settled, grid_dispatched, grid_closed;
  std::vector<std::int32_t> office_received, office_closed, office_on_time, office_reopened;
  std::vector<double> office_lead_seconds;
  std::vector<CaseRow> trace;

  // The two-whistle process.
  std::uint64_t whistles_first = 0, whistles_second = 0, whistles_settled = 0;
  std::uint64_t whistle_report_count = 0, whistle_settle_count = 0;
  double whistle_report_seconds = 0, whistle_settle_seconds = 0;
  std::vector<std::int32_t> whistles_by_day, second_whistles_by_day;
  std::vector<std::int32_t> whistles_by_street, whistles_by_rule;
  std::vector<std::int32_t> office_whistles, office_reports_on_time, office_whistle_failed;
  std::vector<double> office_report_seconds;
  std::vector<WhistleRow> whistles;

  // Mediation centres (indexed by district-wide centre; monthly ones by centre * months + month).
  std::uint64_t disputes_accepted = 0, disputes_resolved = 0, disputes_to_legal = 0;
  std::uint64_t disputes_ended = 0, disputes_reassigned = 0, referred_to_mediation = 0;
  double dispute_seconds = 0;
  int months = 0;
  std::vector<std::int32_t> centre_accepted, centre_resolved, centre_escalated, centre_to_legal,
      centre_moved_in, centre_moved_out;
  std::vector<std::vector<float>> centre_days;
  std::vector<std::int32_t> monthly_accepted, monthly_resolved, monthly_escalated, monthly_to_legal;
  std::vector<std::int32_t> type_accepted, type_resolved, type_ended;
  std::vector<double> type_days;
  /// Sizes the mediation tallies.
  void size_mediation(int centres, int month_count, int types);
  /// The monthly tally of `centre` in `month` (clamped to the last month).
  std::int32_t& monthly(std::vector<std::int32_t>& v, int centre, int month) {
    return v[static_cast<std::size_t>(centre * months + std::min(month, months - 1))];
  }

  /// Adds `other` (the next LP in order) into this one.
  void merge(const LpStats& other);
};

/// The day index of a time, clamped to [0, days] so that late stamps land in the last slot.
inline int clamp_day(double t, int days) {
  const int d = static_cast<int>(t / 86400.0);
  return d < 0 ? 0 : (d > days ? days : d);
}

}  // namespace gridplan::model
