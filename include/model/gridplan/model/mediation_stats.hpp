// Mediation statistics: disputes at the three levels of mediation centres (矛调中心).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;

/// Dispute tallies, indexed by district-wide centre; monthly ones by centre * months + month.
struct MediationStats {
  MediationStats() = default;
  MediationStats(int centres, int months, int types);

  std::uint64_t disputes_accepted = 0, disputes_resolved = 0, disputes_to_legal = 0;
  std::uint64_t disputes_ended = 0, disputes_reassigned = 0;
  double dispute_seconds = 0;
  int months = 0;
  std::vector<std::int32_t> centre_accepted, centre_resolved, centre_escalated, centre_to_legal,
      centre_moved_in, centre_moved_out, centre_open;
  std::vector<std::vector<float>> centre_days;  ///< acceptance to outcome, days, per centre
  std::vector<std::int32_t> monthly_accepted, monthly_resolved, monthly_escalated, monthly_to_legal;
  std::vector<std::int32_t> type_accepted, type_resolved, type_ended;
  std::vector<double> type_days;

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
  /// /timeseries/monthly and /dispute_types. Reorders the centres' day samples.
  std::vector<kernel::Table> results(RunResults& out, const ResultContext& ctx);
};

}  // namespace gridplan::model
