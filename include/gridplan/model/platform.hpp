// The district platform (区网格化管理中心) as one LP: it receives hotline, citizen, sentiment
// and sensor cases, and its 24/7 seat operators file and dispatch every case not settled in
// the grid (MODEL.md section 2, steps 1 and 3).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/whistle_rules.hpp"
#include "gridplan/model/world.hpp"

namespace gridplan::model {

class PlatformLp final : public kernel::LogicalProcess {
 public:
  explicit PlatformLp(World& world);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override;
  void on_finish(kernel::SimTime horizon) override;
  const StaffPool& operators() const { return operators_; }
  /// The district leaders who take second whistles.
  const StaffPool& leaders() const { return leaders_; }
  /// The district mediation centre (null when mediation is off).
  const MediationCentre* district_centre() const { return district_centre_.get(); }
  /// Replay: every source's arrivals come from `feed` (which must outlive the run) instead of
  /// the generators, the streets' included. Call before the run.
  void replay_from(ArrivalFeed* feed);
  /// Replay: events spent handing on recorded arrivals (bookkeeping, not model work).
  std::uint64_t feed_events() const { return feed_events_; }

 private:
  void file(kernel::Context& ctx, std::uint32_t slot);
  void dispatch(kernel::Context& ctx, std::uint32_t slot);
  /// Which whistle rule, if any, a freshly filed case triggers at dispatch.
  WhistleRule rule_at_dispatch(kernel::Context& ctx, const CaseRecord& c);
  void dispatch_whistle(kernel::Context& ctx, std::uint32_t slot);
  /// Sends a case just created here on its way: mediation, grid worker or filing.
  void take_new_case(kernel::Context& ctx, std::uint32_t slot);
  /// Replay: hands on the arrivals now due, then waits for the next.
  void feed(kernel::Context& ctx);
  void hand_on(kernel::Context& ctx, const RecordedArrival& r);

  World& world_;
  std::string name_ = "platform";
  StaffPool operators_;
  kernel::ShiftPattern leaders_shift_;
  StaffPool leaders_;
  /// Recent dispatch times per (grid, category), for the repeat rule.
  RepeatWindow repeats_;
  std::unique_ptr<MediationCentre> district_centre_;
  int dispute_category_ = -1;
  std::vector<int> sources_;
  std::vector<ArrivalProcess> arrivals_;
  std::uint64_t serial_ = 0;
  ArrivalFeed* feed_ = nullptr;
  RecordedArrival next_;  ///< replay: the one arrival read ahead
  bool has_next_ = false;
  std::uint64_t feed_events_ = 0;
  /// Replay: serials of the creating LPs (the platform, then the streets), so that a recorded
  /// case gets the id its generator gave it; copies count on from kCopySerial.
  std::vector<std::uint64_t> replay_serials_, copy_serials_;
};

}  // namespace gridplan::model
