// Mediation statistics: disputes at the three levels of mediation centres (矛调中心).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;

/// Dispute tallies, indexed by district-wide centre; monthly ones by centre * months + month;
/// per-room ones by centre * rooms + the scenario's room index.
struct MediationStats {
  MediationStats() = default;
  MediationStats(int centres, int months, int types, int rooms = 0);

  std::uint64_t disputes_accepted = 0, disputes_resolved = 0, disputes_to_legal = 0;
  std::uint64_t disputes_ended = 0, disputes_reassigned = 0;
  double dispute_seconds = 0;
  int months = 0, rooms = 0;
  std::vector<std::int32_t> centre_accepted, centre_resolved, centre_escalated, centre_to_legal,
      centre_moved_in, centre_moved_out, centre_open;
  std::vector<std::vector<float>> centre_days;  ///< acceptance to outcome, days, per centre
  std::vector<std::int32_t> monthly_accepted, monthly_resolved, monthly_escalated, monthly_to_legal;
  std::vector<std::int32_t> type_accepted, type_resolved, type_ended;
  std::vector<double> type_days;
  std::vector<std::int32_t> room_accepted, room_resolved, room_ended;
  std::vector<double> room_days;  ///< acceptance at the centre to outcome, days, summed

  /// The tally of room `room` (scenario index) at `centre`.
  template <class T>
  T& room(std::vector<T>& v, int centre, int room) {
    return v[static_cast<std::size_t>(centre * rooms + room)];
  }

  /// The monthly tally of `centre` in `month` (clamped to the last month).
  std::int32_t& monthly(std::vector<std::int32_t>& v, int centre, int month) {
    return v[static_cast<std::size_t>(centre * months + std::min(month, months - 1))];
  }
  std::int32_t monthly(const std::vector<std::int32_t>& v, int centre, int month) const {
    return v[static_cast<std::size_t>(centre * months + std::min(month, months - 1))];
  }

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size or
  /// month-count mismatch.
  void merge(const MediationStats& other);
  /// Sets the dispute KPIs and, with mediation enabled, returns /mediation,
  /// /timeseries/monthly, /dispute_types and /mediation_rooms. Reorders the centres' day samples.
  std::vector<kernel::Table> results(RunResults& out, const ResultContext& ctx);

 private:
  /// /mediation_rooms: one row per centre and hosted room (street_of: a centre's street or -1).
  kernel::Table room_table(const ResultContext& ctx, const std::vector<int>& street_of);
};

}  // namespace gridplan::model
