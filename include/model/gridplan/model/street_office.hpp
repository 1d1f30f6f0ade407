// A street (街道) as one LP: its office, which handles the cases dispatched to the street, its
// grid workers, and its mediation centres (the communities' and its own).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/case_book.hpp"
#include "gridplan/model/grid_worker.hpp"
#include "gridplan/model/handling_office.hpp"
#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/message.hpp"

namespace gridplan::model {

/// 周调度: the weekly dispatch evens out the street's community centres' queues.
struct WeeklyDispatch {
  static constexpr std::string_view kName = "WeeklyDispatch";
};

inline constexpr char kStreetLpKind[] = "street";

class StreetOfficeLp final : public kernel::LogicalProcess {
 public:
  using Inbox =
      model::Inbox<kStreetLpKind, PatrolArrival, RecordedCase, ToWorker, ToVerify, WorkerDone,
                   WorkerWake, PauseRoutine, ResumeRoutine, ToOffice, WhistleJob, StaffDone,
                   StaffWake, OverdueCheck, ToMediation, MediationJoin, MediatorDone, MediatorWake,
                   MediationReview, WeeklyDispatch, SettleLeadEnd>;

  StreetOfficeLp(const RunConfig& config, int street);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override {
    Inbox::dispatch(*this, ctx, ev);
  }
  void on_unreceived(kernel::Context& ctx, const kernel::Event& ev) override;
  void on_finish(kernel::SimTime horizon) override;

  template <class M>
  void on(kernel::Context& ctx, const M& m) {
    workers_.on(ctx, m);  // the grid workers' messages
  }
  void on(kernel::Context& ctx, const RecordedCase& m);
  void on(kernel::Context& ctx, const ToOffice& m) { office_.on(ctx, m); }
  void on(kernel::Context& ctx, const WhistleJob& m) { office_.on(ctx, m); }
  void on(kernel::Context& ctx, const StaffDone& m) { office_.on(ctx, m); }
  void on(kernel::Context& ctx, const StaffWake& m) { office_.on(ctx, m); }
  void on(kernel::Context& ctx, const OverdueCheck& m) { office_.on(ctx, m); }
  void on(kernel::Context& ctx, const ToMediation& m);
  void on(kernel::Context& ctx, const MediationJoin& m);
  void on(kernel::Context& ctx, const MediatorDone& m);
  void on(kernel::Context& ctx, const MediatorWake& m);
  void on(kernel::Context& ctx, const MediationReview& m);
  void on(kernel::Context& ctx, const WeeklyDispatch& m);

  const CaseBook& book() const { return book_; }
  CaseBook& book() { return book_; }
  const HandlingOffice& office() const { return office_; }
  const GridWorkers& workers() const { return workers_; }
  /// Mediation: the street's community centres, then its street centre (empty when off).
  const std::vector<std::unique_ptr<MediationCentre>>& centres() const { return centres_; }

 private:
  void route(kernel::Context& ctx, std::uint32_t slot, Escalation where);
  MediationCentre& centre_of_pool(std::uint32_t pool);

  const RunConfig& config_;
  int street_;
  std::string name_;
  CaseBook book_;
  HandlingOffice office_;
  GridWorkers workers_;
  int first_community_ = 0;
  std::vector<std::unique_ptr<MediationCentre>> centres_;
  std::vector<std::uint32_t> pool_centre_;  ///< mediator pool -> index into centres_
};

}  // namespace gridplan::model
