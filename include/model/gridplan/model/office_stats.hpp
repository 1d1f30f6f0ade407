// Office statistics: the street offices and departments handling dispatched cases.
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;

/// Per-office tallies (street offices first, then departments) and the offices' busy time.
struct OfficeStats {
  OfficeStats() = default;
  OfficeStats(int days, int offices);

  std::vector<std::int32_t> closed, on_time, reopened;  ///< by office
  std::vector<std::int32_t> open;    ///< by office, dispatched cases held at the horizon
  std::vector<double> lead_seconds;  ///< by office, lead time after staff work
  std::vector<double> busy_by_day;   ///< all offices, written by their staff pools
  /// By office * months + month of the run: dispatched to the office (received), closed,
  /// closed on time; +1 in the month a case open there passes its deadline and -1 in the month
  /// it closes (summed over months: overdue at each month's end); the staff pool's busy seconds,
  /// waits of jobs started (seconds) and jobs started.
  int months = 0;
  std::vector<std::int32_t> received_by_month, closed_by_month, on_time_by_month,
      overdue_change_by_month, started_by_month;
  std::vector<double> busy_by_month, wait_by_month;

  /// Sizes the monthly tallies.
  void size_months(int offices, int month_count);
  /// The index of (office, month) in the monthly tallies.
  std::size_t at(int office, int month) const {
    return static_cast<std::size_t>(office) * static_cast<std::size_t>(months) +
           static_cast<std::size_t>(month);
  }

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const OfficeStats& other);
  /// Sets the office-utilisation and worst on-time KPIs and adds office columns to the daily,
  /// office and street tables.
  void results(RunResults& out, const ResultContext& ctx);
  /// /service/offices_monthly: one row per month and office.
  kernel::Table monthly_table(const ResultContext& ctx) const;
};

}  // namespace gridplan::model
