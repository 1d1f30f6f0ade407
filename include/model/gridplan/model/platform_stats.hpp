// Platform statistics: filing by the seat operators and dispatch to offices or mediation.
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;

/// What the platform LP observes as it files and dispatches cases.
struct PlatformStats {
  PlatformStats() = default;
  PlatformStats(int days, int grids, int offices);

  std::uint64_t dispatched = 0;
  std::uint64_t referred_to_mediation = 0;  ///< dispute cases sent to a community centre
  std::uint64_t to_grid_worker = 0;         ///< filed here, sent to the grid to be settled
  /// By day type (0 working, 1 rest) * 24 + hour of day when the case joined the operators'
  /// queue: cases filed, the sum of their waits for an operator and each wait (seconds).
  std::vector<std::int64_t> filed_by_hour = std::vector<std::int64_t>(48);
  std::vector<double> filing_wait_by_hour = std::vector<double>(48);
  std::vector<std::vector<float>> filing_waits_by_hour = std::vector<std::vector<float>>(48);
  /// Operators' busy seconds by day type * 24 + hour of day (the operators' staff pool).
  std::vector<double> operator_busy_by_hour = std::vector<double>(48);
  std::vector<std::int32_t> dispatched_by_day;
  std::vector<double> triage_wait_sum_by_day;  ///< by the day filing began, seconds
  std::vector<std::int32_t> triage_count_by_day;
  std::vector<double> operator_busy_by_day;  ///< written by the operators' staff pool
  std::vector<float> triage_waits;           ///< seconds, per filed case (the staff pool)
  std::vector<std::int32_t> grid_dispatched;
  std::vector<std::int32_t> office_received;  ///< cases dispatched to each office

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const PlatformStats& other);
  /// Sets the triage, operator and dispatch KPIs and adds dispatch and operator columns to the
  /// daily, grid and office tables. Reorders the triage waits (all and by hour). Returns
  /// /service/hourly.
  kernel::Table results(RunResults& out, const ResultContext& ctx);

 private:
  /// /service/hourly; reorders the waits by hour.
  kernel::Table service_hourly(const ResultContext& ctx);
};

}  // namespace gridplan::model
