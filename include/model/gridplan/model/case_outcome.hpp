// What a run made of each case that an event log can record (docs/event-log.md): its first
// whistle and its dispute type. `gridplan export-events --with-whistles` runs the model, keeps
// these, and writes them beside the generated arrivals, so that a replay reproduces the run.
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/case_record.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// A case's first whistle and dispute type, as the run ended.
struct CaseOutcome {
  std::uint64_t id = 0;
  double t_whistle = kNotYet;  ///< NaN: not whistled
  int dispute_type = -1;       ///< -1: never a dispute in mediation
};

/// Whether a case has anything an event log records (only those are kept).
inline bool worth_recording(const CaseRecord& c) {
  return c.whistle != 0 || c.dispute_type >= 0;
}

/// `inner`'s arrivals with each case's recorded whistle and dispute type from `outcomes`
/// (sorted by id). Ids are counted as the platform counts them on replay: per creating LP (the
/// platform, or the street of a patrol case's grid), in feed order.
class OutcomeFeed final : public ArrivalFeed {
 public:
  OutcomeFeed(const Scenario& scenario, ArrivalFeed& inner, std::vector<CaseOutcome> outcomes);
  bool next(RecordedArrival& out) override;

 private:
  const Scenario& scenario_;
  ArrivalFeed& inner_;
  std::vector<CaseOutcome> outcomes_;
  std::vector<int> street_of_grid_;
  std::vector<std::uint64_t> serials_;  ///< by creating LP: the platform, then the streets
};

}  // namespace gridplan::model
