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

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const OfficeStats& other);
  /// Sets the office-utilisation KPI and adds office columns to the daily, office and street
  /// tables.
  void results(RunResults& out, const ResultContext& ctx);
};

}  // namespace gridplan::model
