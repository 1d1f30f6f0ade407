// Grid worker statistics: cases settled in the grid and on-site verification.
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;
struct PlatformStats;

/// What the street LPs' grid workers observe.
struct GridWorkerStats {
  GridWorkerStats() = default;
  GridWorkerStats(int days, int grids);

  std::uint64_t settled_in_grid = 0;
  std::uint64_t reopened = 0;  ///< failed verifications sent back to the office
  std::vector<std::int32_t> settled_by_day;
  std::vector<double> busy_by_day;  ///< case handling, written by the workers' staff pools
  std::vector<std::int32_t> grid_settled;
  /// By grid: time on cases after the end of the shift (a worker finishes the case in hand).
  std::vector<double> grid_overtime_seconds;

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const GridWorkerStats& other);
  /// Sets the settle-rate, worker-utilisation and reopen KPIs (the settle rate is among cases
  /// settled or dispatched, hence `platform`) and adds worker columns to the daily and grid
  /// tables.
  void results(RunResults& out, const ResultContext& ctx, const PlatformStats& platform);
};

}  // namespace gridplan::model
