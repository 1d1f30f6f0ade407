// The cases an LP holds and what it observed: every LP that handles cases owns one CaseBook, and
// its units (grid workers, an office, mediation centres) work on their LP's book only.
#pragma once

#include <cstdint>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/case_outcome.hpp"
#include "gridplan/model/case_record.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_stats.hpp"

namespace gridplan::model {

class CaseBook {
 public:
  explicit CaseBook(const RunConfig& config);

  const RunConfig& config() const { return config_; }
  CaseTable& cases() { return cases_; }
  const CaseTable& cases() const { return cases_; }
  LpStats& stats() { return stats_; }
  const LpStats& stats() const { return stats_; }
  CaseRecord& operator[](std::uint32_t slot) { return cases_[slot]; }

  /// Creates a generated case at `now` for `source`: id (this LP's `serial`-th), grid (from
  /// `street`'s grids, or the district's if street < 0), category, settle decision.
  std::uint32_t create(kernel::Context& ctx, int source, std::uint64_t serial, int street);
  /// Creates a recorded case (replay) with the record's category, grid and handler
  /// (kCategoryHandler, kStreetOffice or a department index), and its first whistle and dispute
  /// type if recorded; every other draw is keyed by the id, as for a generated case.
  std::uint32_t create(kernel::Context& ctx, const RecordedCase& m);
  /// Closes a case: records it and frees its slot.
  void close(kernel::Context& ctx, std::uint32_t slot);
  /// At the horizon: records every case still held here as open.
  void record_open_cases();
  /// With RunConfig::record_outcomes: the whistles and dispute types of the cases that closed
  /// here or were open here at the horizon, in that order.
  const std::vector<CaseOutcome>& outcomes() const { return outcomes_; }

 private:
  std::uint32_t open(kernel::Context& ctx, int source, std::uint64_t id,
                     const std::array<double, 4>& u, int category, int grid, int office);

  const RunConfig& config_;
  CaseTable cases_;
  LpStats stats_;
  std::vector<CaseOutcome> outcomes_;
};

}  // namespace gridplan::model
