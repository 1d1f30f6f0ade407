// Recorded arrivals (the platform's own case records) fed into a run in place of the generated
// ones: what the model sees of a replayed event log. Reading files is the io layer's business.
#pragma once

#include <cstdint>
#include <string_view>

namespace gridplan::model {

/// Handler of a recorded case: the category's handler, as for a generated case.
inline constexpr int kCategoryHandler = -1;
/// Handler of a recorded case: the street office of the case's grid.
inline constexpr int kStreetOffice = -2;

/// One recorded arrival, resolved against the scenario (indexes, not names).
struct RecordedArrival {
  double time = 0;                    ///< report time, seconds since the scenario start
  int source = 0;                     ///< index into Scenario::sources
  int category = 0;                   ///< index into Scenario::categories
  int grid = 0;                       ///< district-wide grid index
  int department = kCategoryHandler;  ///< kCategoryHandler, kStreetOffice or a department index
  int copies = 1;            ///< cases to create from it: 0 thinned away, 2 or more duplicated
  double whistle_time = -1;  ///< a recorded first whistle, seconds since the start (< 0: none)
  int dispute_type = -1;     ///< a recorded dispute type, index (-1: none recorded)
};

/// A recorded case handed on by the platform to the LP that creates it, at its report time: the
/// platform for channel cases, the grid's street for patrol cases.
struct RecordedCase {
  static constexpr std::string_view kName = "RecordedCase";
  int source = 0, category = 0, grid = 0;
  int department = kCategoryHandler;
  std::uint64_t serial = 0;  ///< the creating LP's counter for the case id
  double whistle_time = -1;  ///< RecordedArrival::whistle_time
  int dispute_type = -1;     ///< RecordedArrival::dispute_type
};

/// Arrivals in non-decreasing time order that replace every source's generator (replay). The
/// platform LP pulls one at a time, so a feed may stream a log of any length.
class ArrivalFeed {
 public:
  virtual ~ArrivalFeed() = default;
  /// The next arrival at or before the run's horizon; false when there are no more. A case of a
  /// source found by grid workers (patrol) must come at or after the lookahead, so that the
  /// platform can hand it to its street in time. May throw on bad input.
  virtual bool next(RecordedArrival& out) = 0;
};

}  // namespace gridplan::model
