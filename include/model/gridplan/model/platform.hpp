// The district platform (区网格化管理中心) as one LP: it receives hotline, citizen, sentiment
// and sensor cases, and its 24/7 seat operators file and dispatch every case not settled in the
// grid (docs/model.md, "The closed loop"). It hosts the district's side of the whistles and the
// district mediation centre.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/case_book.hpp"
#include "gridplan/model/filing_queue.hpp"
#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/message.hpp"
#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/whistle.hpp"

namespace gridplan::model {

/// A channel's next case is due (generator = the platform's index of the source).
struct ChannelArrival {
  static constexpr std::string_view kName = "ChannelArrival";
  std::uint32_t generator = 0;
};
/// Replay: the next recorded arrivals are due to be handed on.
struct FeedDue {
  static constexpr std::string_view kName = "FeedDue";
};
/// A call the city hotline centre transferred to this district (a city run): a new case of the
/// source the centre takes over, reported now.
struct TransferredCall {
  static constexpr std::string_view kName = "TransferredCall";
};

/// A case a grid worker reported up, for filing.
struct ToPlatform {
  static constexpr std::string_view kName = "ToPlatform";
  CaseRecord c;
};
/// A seat operator finished filing a case.
struct OperatorDone : PoolEvent {
  static constexpr std::string_view kName = "OperatorDone";
};
/// More seat operators come on duty.
struct OperatorWake : PoolEvent {
  static constexpr std::string_view kName = "OperatorWake";
};

inline constexpr char kPlatformLpKind[] = "platform";

class PlatformLp final : public kernel::LogicalProcess {
 public:
  using Inbox = model::Inbox<kPlatformLpKind, ChannelArrival, FeedDue, RecordedCase, ToPlatform,
                             OperatorDone, OperatorWake, WhistleDispatch, SecondWhistle, LeaderDone,
                             LeaderWake, ToMediation, MediationJoin, MediatorDone, MediatorWake,
                             MediationReview, TransferredCall>;

  explicit PlatformLp(const RunConfig& config);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override {
    Inbox::dispatch(*this, ctx, ev);
  }
  void on_unreceived(kernel::Context& ctx, const kernel::Event& ev) override;
  void on_finish(kernel::SimTime horizon) override;

  void on(kernel::Context& ctx, const ChannelArrival& m);
  void on(kernel::Context& ctx, const FeedDue& m);
  void on(kernel::Context& ctx, const RecordedCase& m);
  void on(kernel::Context& ctx, const ToPlatform& m);
  void on(kernel::Context& ctx, const TransferredCall& m);
  void on(kernel::Context& ctx, const OperatorDone& m);
  void on(kernel::Context& ctx, const OperatorWake& m);
  template <class M>
  void on(kernel::Context& ctx, const M& m) {
    whistles_.on(ctx, m);  // the whistles' messages
  }
  void on(kernel::Context& ctx, const ToMediation& m);
  void on(kernel::Context& ctx, const MediationJoin& m);
  void on(kernel::Context& ctx, const MediatorDone& m);
  void on(kernel::Context& ctx, const MediatorWake& m);
  void on(kernel::Context& ctx, const MediationReview& m);

  const CaseBook& book() const { return book_; }
  CaseBook& book() { return book_; }
  const StaffPool& operators() const { return operators_; }
  /// The district leaders who take second whistles.
  const StaffPool& leaders() const { return whistles_.leaders(); }
  /// The district mediation centre (null when mediation is off).
  const MediationCentre* district_centre() const { return district_centre_.get(); }
  /// Replay: every source's arrivals come from `feed` (which must outlive the run) instead of
  /// the generators, the streets' included. Call before the run.
  void replay_from(ArrivalFeed* feed);
  /// Replay: events spent handing on recorded arrivals (bookkeeping, not model work).
  std::uint64_t feed_events() const { return feed_events_; }
  /// Appends every case's filing job to `log` (which must outlive the run) as it joins the
  /// operators' queue. Call before the run.
  void record_filing(std::vector<FilingJob>* log) { filing_log_ = log; }

 private:
  void file(kernel::Context& ctx, std::uint32_t slot);
  /// Filing is done: to the grid worker (a case the grid settles) or on to dispatch.
  void filed(kernel::Context& ctx, std::uint32_t slot);
  void dispatch(kernel::Context& ctx, std::uint32_t slot);
  /// Sends a case just created here on its way: mediation, grid worker or filing.
  void take_new_case(kernel::Context& ctx, std::uint32_t slot);
  void hand_on(kernel::Context& ctx, const RecordedArrival& r);

  const RunConfig& config_;
  std::string name_ = "platform";
  CaseBook book_;
  StaffPool operators_;
  Whistles whistles_;
  std::unique_ptr<MediationCentre> district_centre_;
  int dispute_category_ = -1;
  std::vector<int> sources_;
  std::vector<ArrivalProcess> arrivals_;
  std::uint64_t serial_ = 0;
  ArrivalFeed* feed_ = nullptr;
  RecordedArrival next_;  ///< replay: the one arrival read ahead
  bool has_next_ = false;
  std::uint64_t feed_events_ = 0;
  std::vector<FilingJob>* filing_log_ = nullptr;
  /// Replay: serials of the creating LPs (the platform, then the streets), so that a recorded
  /// case gets the id its generator gave it; copies count on from kCopySerial.
  std::vector<std::uint64_t> replay_serials_, copy_serials_;
};

}  // namespace gridplan::model
