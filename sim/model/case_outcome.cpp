// OutcomeFeed: generated arrivals annotated with what the run made of each case.
#include "gridplan/model/case_outcome.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/run_config.hpp"

namespace gridplan::model {

OutcomeFeed::OutcomeFeed(const Scenario& scenario, ArrivalFeed& inner,
                         std::vector<CaseOutcome> outcomes)
    : scenario_(scenario),
      inner_(inner),
      outcomes_(std::move(outcomes)),
      serials_(1 + scenario.streets.size(), 0) {
  // Grids are numbered street by street (District).
  for (std::size_t s = 0; s < scenario.streets.size(); ++s)
    street_of_grid_.insert(street_of_grid_.end(), scenario.streets[s].basic_grids,
                           static_cast<int>(s));
}

bool OutcomeFeed::next(RecordedArrival& out) {
  if (!inner_.next(out)) return false;
  const bool patrol = scenario_.sources[out.source].found_by_worker;
  const std::size_t creator = patrol ? 1 + street_of_grid_.at(out.grid) : 0;
  const std::uint64_t id = RunConfig::case_id(creator, serials_[creator]++);
  const auto at =
      std::lower_bound(outcomes_.begin(), outcomes_.end(), id,
                       [](const CaseOutcome& o, std::uint64_t key) { return o.id < key; });
  if (at != outcomes_.end() && at->id == id) {
    out.whistle_time = std::isnan(at->t_whistle) ? -1 : at->t_whistle;
    out.dispute_type = at->dispute_type;
  }
  return true;
}

}  // namespace gridplan::model
