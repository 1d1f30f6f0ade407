// PlatformLp handlers: channel arrivals, filing by the seat operators, dispatch with the
// handling office's time limit in working days, and replay's hand-on of recorded arrivals.
#include "gridplan/model/platform.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/exact_delay.hpp"
#include "gridplan/model/grid_worker.hpp"
#include "gridplan/model/handling_office.hpp"
#include "gridplan/model/random_purpose.hpp"
#include "gridplan/model/street_office.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kMinute;

namespace {

// Replay: copies of a recorded case number their ids from here, clear of the recorded ones.
constexpr std::uint64_t kCopySerial = std::uint64_t{1} << 39;

// Replay: an arrival is handed on two lookaheads before it is due, so that a message to its
// street (at least one lookahead) arrives in time even if time stamps round by an ulp.
double feed_time(double t, double lookahead) {
  return std::max(0.0, t - 2 * lookahead);
}

}  // namespace

PlatformLp::PlatformLp(const RunConfig& config)
    : config_(config),
      book_(config),
      operators_(
          0, config.operators_by_hour(true), config.operators_by_hour(false), &config.calendar,
          StaffPool::EventKinds{Inbox::kind_of<OperatorDone>(), Inbox::kind_of<OperatorWake>()}),
      whistles_(book_, {Inbox::kind_of<LeaderDone>(), Inbox::kind_of<LeaderWake>()}) {
  if (config.sc.mediation.enabled)
    district_centre_ = std::make_unique<MediationCentre>(
        book_, config.district_centre(), 2, /*street=*/-1, 0, 0,
        MediationKinds{Inbox::kind_of<MediationJoin>(), Inbox::kind_of<MediatorDone>(),
                       Inbox::kind_of<MediatorWake>(), Inbox::kind_of<MediationReview>()});
  for (int k = 0; k < static_cast<int>(config.sc.categories.size()); ++k)
    if (config.sc.categories[k].name == config.sc.mediation.dispute_category) dispute_category_ = k;
  operators_.set_horizon(config.horizon);
  operators_.busy_by_day = &book_.stats().platform.operator_busy_by_day;
  operators_.waits = &book_.stats().platform.triage_waits;
  operators_.busy_by_hour = &book_.stats().platform.operator_busy_by_hour;
}

void PlatformLp::init(kernel::Context& ctx) {
  if (feed_) {
    has_next_ = feed_->next(next_);
    if (has_next_) Inbox::schedule_at(ctx, feed_time(next_.time, ctx.lookahead()), FeedDue{});
    return;
  }
  for (int s = 0; s < static_cast<int>(config_.sc.sources.size()); ++s) {
    // The city's hotline centre transfers this source's calls (TransferredCall).
    if (config_.sc.sources[s].found_by_worker || s == config_.centre_source) continue;
    sources_.push_back(s);
    arrivals_.emplace_back(&config_.profiles[s], 1.0,
                           config_.arrival_stream(s, config_.local(ctx.self())));
    Inbox::schedule_at(ctx, arrivals_.back().next_after(0.0),
                       ChannelArrival{static_cast<std::uint32_t>(arrivals_.size() - 1)});
  }
}

void PlatformLp::replay_from(ArrivalFeed* feed) {
  feed_ = feed;
  replay_serials_.assign(1 + config_.n_streets, 0);
  copy_serials_.assign(1 + config_.n_streets, 0);
}

void PlatformLp::on(kernel::Context& ctx, const FeedDue&) {
  ++feed_events_;
  do {  // this event was scheduled for next_, so it is due
    hand_on(ctx, next_);
    has_next_ = feed_->next(next_);
  } while (has_next_ && feed_time(next_.time, ctx.lookahead()) <= ctx.now());
  if (has_next_) Inbox::schedule_at(ctx, feed_time(next_.time, ctx.lookahead()), FeedDue{});
}

void PlatformLp::hand_on(kernel::Context& ctx, const RecordedArrival& r) {
  const bool patrol = config_.sc.sources[r.source].found_by_worker;
  const int street = patrol ? config_.street_of_grid(r.grid) : -1;
  const std::size_t creator = patrol ? 1 + street : 0;
  RecordedCase p{r.source,       r.category,    r.grid, r.department, replay_serials_[creator]++,
                 r.whistle_time, r.dispute_type};
  const double delay = exact_delay(ctx.now(), r.time);
  for (int k = 0; k < r.copies; ++k) {
    if (k > 0) p.serial = kCopySerial | copy_serials_[creator]++;
    if (patrol)
      StreetOfficeLp::Inbox::send(ctx, config_.street_lp(street), delay, p);
    else
      Inbox::schedule(ctx, delay, p);
  }
}

void PlatformLp::on(kernel::Context& ctx, const ChannelArrival& m) {
  take_new_case(ctx, book_.create(ctx, sources_[m.generator], serial_++, -1));
  Inbox::schedule_at(ctx, arrivals_[m.generator].next_after(ctx.now()), m);
}

void PlatformLp::on(kernel::Context& ctx, const TransferredCall&) {
  take_new_case(ctx, book_.create(ctx, config_.centre_source, serial_++, -1));
}

void PlatformLp::on(kernel::Context& ctx, const RecordedCase& m) {
  take_new_case(ctx, book_.create(ctx, m));
}

void PlatformLp::on(kernel::Context& ctx, const ToPlatform& m) {
  file(ctx, book_.cases().adopt(m.c));
}

void PlatformLp::on(kernel::Context& ctx, const OperatorDone& m) {
  operators_.on_done(ctx, book_.cases(), m.slot);
  filed(ctx, m.slot);
}

void PlatformLp::on(kernel::Context& ctx, const OperatorWake&) {
  operators_.on_wake(ctx, book_.cases());
}

void PlatformLp::on(kernel::Context& ctx, const ToMediation& m) {
  district_centre_->accept(ctx, book_.cases().adopt(m.c));
}

// The district centre is the last level: whatever its review decides, the case stays here
// (closed) or leaves for legal channels.
void PlatformLp::on(kernel::Context& ctx, const MediationJoin& m) {
  district_centre_->on(ctx, m);
}
void PlatformLp::on(kernel::Context& ctx, const MediatorDone& m) {
  district_centre_->on_done(ctx, m.pool, m.slot);
}
void PlatformLp::on(kernel::Context& ctx, const MediatorWake& m) {
  district_centre_->on_wake(ctx, m.pool);
}
void PlatformLp::on(kernel::Context& ctx, const MediationReview& m) {
  district_centre_->on(ctx, m);
}

void PlatformLp::take_new_case(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  const SourceSpec& src = config_.sc.sources[c.source];
  const kernel::LpId street = config_.street_lp(config_.street_of_grid(c.grid));
  if (src.to_mediation && config_.sc.mediation.enabled) {
    // A walk-in dispute goes straight to its grid's community mediation centre.
    c.office = -1;
    c.stage = Stage::kInTransit;
    StreetOfficeLp::Inbox::hand_on<ToMediation>(ctx, street, config_.latency, book_.cases(), slot);
  } else if (config_.enters_at_platform[c.source]) {
    file(ctx, slot);  // an operator files it on arrival, at any hour
  } else {
    c.stage = Stage::kInTransit;
    StreetOfficeLp::Inbox::hand_on<ToWorker>(ctx, street, config_.latency, book_.cases(), slot);
  }
}

void PlatformLp::file(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  c.stage = Stage::kAtPlatform;
  const auto u = config_.case_uniforms(kCaseWork, c, 0);
  const double work = config_.sc.platform.file_minutes.quantile(u[1]) * kMinute;
  if (filing_log_) filing_log_->push_back({ctx.now(), work});
  operators_.arrive(ctx, book_.cases(), slot, work);
  c.t_operator_queue = c.queued_at;
}

void PlatformLp::filed(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  c.t_triage = ctx.now() - c.work;  // operators never pause, so filing began `work` ago
  LpStats& st = book_.stats();
  const int day = clamp_day(c.t_triage, config_.sc.days);
  st.platform.triage_wait_sum_by_day[day] += c.t_triage - c.queued_at;
  ++st.platform.triage_count_by_day[day];
  // Service levels by the hour the case joined the queue: the demand an hour's staffing meets.
  const int by_hour = service_bucket(config_.calendar, c.queued_at);
  const double wait = c.started_at - c.queued_at;  // as the pool's own, never an ulp below 0
  ++st.platform.filed_by_hour[by_hour];
  st.platform.filing_wait_by_hour[by_hour] += wait;
  st.platform.filing_waits_by_hour[by_hour].push_back(static_cast<float>(wait));
  if (c.settle_in_grid) {
    // Filed at the platform, settled in the grid: to the grid worker of the case's grid.
    ++st.platform.to_grid_worker;
    c.stage = Stage::kInTransit;
    StreetOfficeLp::Inbox::hand_on<ToWorker>(ctx, config_.street_lp(config_.street_of_grid(c.grid)),
                                             config_.latency, book_.cases(), slot);
    return;
  }
  dispatch(ctx, slot);
}

void PlatformLp::dispatch(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  const double now = ctx.now();
  c.t_dispatch = now;
  const double limit_days = config_.sc.categories[c.category].time_limit_days;
  c.deadline = config_.calendar.advance_working_time(now, limit_days * kDay);
  c.stage = Stage::kInTransit;
  LpStats& st = book_.stats();
  ++st.platform.dispatched;
  ++st.platform.grid_dispatched[c.grid];
  const MediationSpec& m = config_.sc.mediation;
  if (m.enabled && c.category == dispute_category_ &&
      config_.case_uniforms(kCaseMediation, c, 0)[1] < m.referral_share) {
    // Referred to the community mediation centre of its grid instead of an office.
    c.office = -1;
    ++st.platform.referred_to_mediation;
    StreetOfficeLp::Inbox::hand_on<ToMediation>(ctx,
                                                config_.street_lp(config_.street_of_grid(c.grid)),
                                                config_.latency, book_.cases(), slot);
    return;
  }
  ++st.platform.office_received[c.office];
  ++st.offices.received_by_month[st.offices.at(
      c.office, config_.month_of_day[clamp_day(now, config_.sc.days)])];
  ++st.platform.dispatched_by_day[clamp_day(now, config_.sc.days)];
  if (const WhistleRule rule = whistles_.rule_at_dispatch(ctx, c); rule != 0) {
    whistles_.blow_at_dispatch(ctx, slot, rule);
    return;
  }
  hand_to_office<ToOffice>(ctx, book_, c.office, config_.latency, slot);
}

void PlatformLp::on_unreceived(kernel::Context& ctx, const kernel::Event& ev) {
  // Cases on their way here at the horizon are open.
  if (Inbox::is<ToPlatform>(ev))
    book_.cases().adopt(Inbox::open<ToPlatform>(ctx, ev).c);
  else if (Inbox::is<WhistleDispatch>(ev))
    book_.cases().adopt(Inbox::open<WhistleDispatch>(ctx, ev).c);
  else if (Inbox::is<SecondWhistle>(ev))
    book_.cases().adopt(Inbox::open<SecondWhistle>(ctx, ev).c);
  else if (Inbox::is<ToMediation>(ev))
    book_.cases().adopt(Inbox::open<ToMediation>(ctx, ev).c);
}

void PlatformLp::on_finish(kernel::SimTime horizon) {
  operators_.finish(book_.cases(), horizon);
  whistles_.finish(horizon);
  if (district_centre_) district_centre_->finish(horizon);
  book_.record_open_cases();
}

}  // namespace gridplan::model
