// Whistle statistics: the two-whistle process (吹哨报到), from the first whistle to its result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;
struct OfficeStats;

/// One whistled case, for the /whistles table. Times in seconds.
struct WhistleRow {
  std::uint64_t case_id;
  std::int32_t street;
  std::uint8_t rule;
  std::string offices;  ///< "a+b", the leading office first
  double t_blown, t_reported, t_settled, t_second, t_close;
};

/// Whistle counts and timings, district-wide, by day, street, rule and office, and the rows.
struct WhistleStats {
  WhistleStats() = default;
  WhistleStats(int days, int offices, int streets);

  std::uint64_t first = 0, second = 0, settled = 0;
  std::uint64_t report_count = 0, settle_count = 0;
  double report_seconds = 0, settle_seconds = 0;
  std::vector<std::int32_t> by_day, second_by_day;
  std::vector<std::int32_t> by_street, by_rule;
  std::vector<std::int32_t> office_whistles, office_reports_on_time, office_failed;
  std::vector<double> office_report_seconds;
  std::vector<WhistleRow> rows;

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const WhistleStats& other);
  /// Sets the whistle KPIs, adds whistle columns to the daily, office and street tables (the
  /// streets' score of an office also weighs its on-time rate, hence `offices`) and returns
  /// /whistles. Sorts the rows.
  std::vector<kernel::Table> results(RunResults& out, const ResultContext& ctx,
                                     const OfficeStats& offices);
};

}  // namespace gridplan::model
