// Replay's recorded columns (docs/event-log.md): what became of the log's first whistles and
// dispute types. A recorded value is never dropped silently: every one is counted as honoured,
// not applicable or still open at the horizon.
#pragma once

#include <cstdint>

#include "gridplan/kernel/table.hpp"
#include "gridplan/model/case_record.hpp"

namespace gridplan::model {

struct ResultContext;

/// Counts of the recorded whistles and dispute types, by what became of them.
struct RecordedStats {
  std::uint64_t whistles = 0;          ///< cases created with a recorded whistle
  std::uint64_t whistles_on_time = 0;  ///< whistled exactly at the recorded time
  std::uint64_t whistles_late = 0;     ///< whistled later: the first moment the case could be
  std::uint64_t whistles_not_applicable = 0;       ///< closed without being whistled
  std::uint64_t whistles_open = 0;                 ///< open at the horizon, not (yet) whistled
  std::uint64_t dispute_types = 0;                 ///< cases created with a recorded dispute type
  std::uint64_t dispute_types_not_applicable = 0;  ///< closed without reaching mediation
  std::uint64_t dispute_types_open = 0;            ///< open at the horizon, not (yet) in mediation

  /// Counts a case as it closes (or is open at the horizon) if it carried recorded values.
  void count_case_end(const CaseRecord& c, bool closed);
  void merge(const RecordedStats& other);
  /// /replay: one row for the run.
  kernel::Table table(const ResultContext& ctx) const;
};

}  // namespace gridplan::model
