// StreetOfficeLp: routes messages to its units, and runs the weekly dispatch of its community
// mediation centres and the escalation between its centres.
#include "gridplan/model/street_office.hpp"

#include "gridplan/model/platform.hpp"

namespace gridplan::model {

StreetOfficeLp::StreetOfficeLp(const RunConfig& config, int street)
    : config_(config),
      street_(street),
      name_("street:" + config.sc.streets[street].name),
      book_(config),
      office_(book_, street, &config.street_office_shift, config.sc.streets[street].office_staff,
              {Inbox::kind_of<StaffDone>(), Inbox::kind_of<StaffWake>(),
               Inbox::kind_of<OverdueCheck>()}),
      workers_(book_, street,
               {Inbox::kind_of<WorkerDone>(), Inbox::kind_of<WorkerWake>(),
                Inbox::kind_of<PatrolArrival>(), Inbox::kind_of<ResumeRoutine>(),
                Inbox::kind_of<SettleLeadEnd>()}) {
  for (int s = 0; s < street; ++s) first_community_ += config.sc.streets[s].communities;
  if (!config.sc.mediation.enabled) return;
  const MediationKinds kinds{Inbox::kind_of<MediationJoin>(), Inbox::kind_of<MediatorDone>(),
                             Inbox::kind_of<MediatorWake>(), Inbox::kind_of<MediationReview>()};
  const int n = config.sc.streets[street].communities;
  const auto add = [&](int centre, int level) {
    const auto local = static_cast<std::uint32_t>(centres_.size());
    const auto first_pool = static_cast<std::uint32_t>(pool_centre_.size());
    centres_.push_back(
        std::make_unique<MediationCentre>(book_, centre, level, street, local, first_pool, kinds));
    pool_centre_.insert(pool_centre_.end(), centres_.back()->pool_count(), local);
  };
  for (int k = 0; k < n; ++k) add(first_community_ + k, 0);
  add(config.street_centre(street), 1);
}

void StreetOfficeLp::init(kernel::Context& ctx) {
  const MediationSpec& m = config_.sc.mediation;
  if (m.enabled && m.weekly_dispatch && config_.sc.streets[street_].communities > 1) {
    int day = 0;
    while (config_.calendar.weekday_of_day(day) != 0) ++day;  // the first Monday
    Inbox::schedule_at(ctx, day * kernel::kDay + m.review_hour * kernel::kHour, WeeklyDispatch{});
  }
  workers_.init(ctx);
}

void StreetOfficeLp::on(kernel::Context& ctx, const RecordedCase& m) {
  // A recorded patrol case, handed on by the platform: found by the worker at once.
  workers_.take_found_case(ctx, book_.create(ctx, m));
}

void StreetOfficeLp::on(kernel::Context& ctx, const ToMediation& m) {
  const std::uint32_t slot = book_.cases().adopt(m.c);
  const int community = config_.district.grids[m.c.grid].community;
  centres_[community - first_community_]->accept(ctx, slot);
}

void StreetOfficeLp::on(kernel::Context& ctx, const MediationJoin& m) {
  centres_[m.centre]->on(ctx, m);
}

MediationCentre& StreetOfficeLp::centre_of_pool(std::uint32_t pool) {
  return *centres_[pool_centre_[pool]];
}

void StreetOfficeLp::on(kernel::Context& ctx, const MediatorDone& m) {
  MediationCentre& c = centre_of_pool(m.pool);
  c.on_done(ctx, m.pool - c.first_pool(), m.slot);
}

void StreetOfficeLp::on(kernel::Context& ctx, const MediatorWake& m) {
  MediationCentre& c = centre_of_pool(m.pool);
  c.on_wake(ctx, m.pool - c.first_pool());
}

void StreetOfficeLp::on(kernel::Context& ctx, const MediationReview& m) {
  route(ctx, m.handle.slot, centres_[m.centre]->on(ctx, m));
}

void StreetOfficeLp::route(kernel::Context& ctx, std::uint32_t slot, Escalation where) {
  switch (where) {
    case Escalation::kToStreet:  // decided at the daily review: the street centre takes it
      centres_.back()->accept(ctx, slot);
      return;
    case Escalation::kToDistrict:
      PlatformLp::Inbox::hand_on<ToMediation>(ctx, config_.platform_lp(), config_.latency,
                                              book_.cases(), slot);
      return;
    case Escalation::kNone:
    case Escalation::kToLegal:
      return;  // resolved or left to legal channels: closed
  }
}

void StreetOfficeLp::on(kernel::Context& ctx, const WeeklyDispatch&) {
  // Move waiting disputes from the longest community queue to the shortest until they differ
  // by at most one.
  const std::size_t n = centres_.size() - 1;
  for (;;) {
    std::size_t longest = 0, shortest = 0;
    for (std::size_t k = 1; k < n; ++k) {
      if (centres_[k]->general().queue_length() > centres_[longest]->general().queue_length())
        longest = k;
      if (centres_[k]->general().queue_length() < centres_[shortest]->general().queue_length())
        shortest = k;
    }
    if (centres_[longest]->general().queue_length() - centres_[shortest]->general().queue_length() <
        2)
      break;
    std::uint32_t slot;
    if (!centres_[longest]->general().withdraw_last(ctx, book_.cases(), slot)) break;
    CaseRecord& c = book_[slot];
    c.centre = static_cast<std::int16_t>(centres_[shortest]->index());
    LpStats& st = book_.stats();
    ++st.mediation.disputes_reassigned;
    ++st.mediation.centre_moved_out[centres_[longest]->index()];
    ++st.mediation.centre_moved_in[centres_[shortest]->index()];
    centres_[shortest]->general().arrive(ctx, book_.cases(), slot, c.work);
  }
  Inbox::schedule(ctx, 7 * kernel::kDay, WeeklyDispatch{});
}

void StreetOfficeLp::on_unreceived(kernel::Context& ctx, const kernel::Event& ev) {
  // Cases on their way here at the horizon are open; a void result and the office's copy for
  // its overdue check are not cases of their own.
  if (Inbox::is<ToWorker>(ev)) {
    book_.cases().adopt(Inbox::open<ToWorker>(ctx, ev).c);
  } else if (Inbox::is<ToVerify>(ev)) {
    const ToVerify m = Inbox::open<ToVerify>(ctx, ev);
    if (ctx.now() < m.void_from) book_.cases().adopt(m.c);
  } else if (Inbox::is<ToOffice>(ev)) {
    book_.cases().adopt(Inbox::open<ToOffice>(ctx, ev).c);
  } else if (Inbox::is<WhistleJob>(ev)) {
    book_.cases().adopt(Inbox::open<WhistleJob>(ctx, ev).c);
  } else if (Inbox::is<ToMediation>(ev)) {
    book_.cases().adopt(Inbox::open<ToMediation>(ctx, ev).c);
  }
}

void StreetOfficeLp::on_finish(kernel::SimTime horizon) {
  for (auto& centre : centres_) centre->finish(horizon);
  office_.finish(horizon);
  workers_.finish(horizon);
  book_.record_open_cases();
}

}  // namespace gridplan::model
