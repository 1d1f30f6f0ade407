// The arrivals a run's generators produce, as a feed in time order: what `gridplan export-events`
// writes, so that replaying the file reproduces the generated run exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "gridplan/kernel/event.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

struct RunConfig;

/// Every source's generated arrivals up to the horizon, merged in time order, with the category
/// and grid each case would draw and the same time stamps to the bit. Cheap: no model runs.
class GeneratedFeed final : public ArrivalFeed {
 public:
  /// The arrivals of replication `replication` of `scenario` (which must outlive the feed).
  GeneratedFeed(const Scenario& scenario, std::uint64_t replication);
  ~GeneratedFeed() override;
  bool next(RecordedArrival& out) override;

 private:
  struct Pending {
    double time;  ///< the event stamp the engine would give the arrival
    kernel::LpId lp;
    int generator;
  };
  void push(double time, kernel::LpId lp, int generator);

  std::unique_ptr<RunConfig> config_;
  std::vector<ArrivalProcess> processes_;  ///< by generator
  std::vector<int> sources_;               ///< by generator
  std::vector<std::uint64_t> serials_;     ///< by creating LP
  std::vector<Pending> heap_;              ///< one pending arrival per live generator
};

}  // namespace gridplan::model
