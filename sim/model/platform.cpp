// PlatformLp handlers: channel arrivals, filing by the seat operators, dispatch with the
// handling office's time limit in working days.
#include "gridplan/model/platform.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gridplan/model/random_purpose.hpp"

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

// The delay from `now` that lands exactly on `t`: t - now, nudged by an ulp where now + (t - now)
// would round off t, so that a replayed case keeps its recorded time to the bit. The kernel
// stamps an event at now + delay.
double exact_delay(double now, double t) {
  double d = t - now;
  for (int k = 0; k < 4 && now + d != t; ++k)
    d = std::nextafter(d, now + d < t ? HUGE_VAL : -HUGE_VAL);
  return d;
}

}  // namespace

PlatformLp::PlatformLp(World& world)
    : world_(world),
      operators_(0, world.sc.platform.operators_by_hour,
                 StaffPool::EventKinds{kOperatorDone, kOperatorWake}),
      leaders_shift_(&world.calendar, world.sc.whistle.leaders_shift.working_start_hour,
                     world.sc.whistle.leaders_shift.working_hours,
                     world.sc.whistle.leaders_shift.rest_start_hour,
                     world.sc.whistle.leaders_shift.rest_hours),
      leaders_(1, &leaders_shift_, world.sc.whistle.leaders, /*pause_off_duty=*/true,
               StaffPool::EventKinds{kLeaderDone, kLeaderWake}),
      repeats_(world.sc.whistle.enabled && world.sc.whistle.repeat_rule
                   ? world.district.grids.size() * world.sc.categories.size()
                   : 0,
               world.sc.whistle.repeat_count, world.sc.whistle.repeat_window_days * kDay) {
  leaders_.set_horizon(world.horizon);
  if (world.sc.mediation.enabled)
    district_centre_ = std::make_unique<MediationCentre>(world, world.district_centre(), 2, 0,
                                                         world.platform_lp());
  for (int k = 0; k < static_cast<int>(world.sc.categories.size()); ++k)
    if (world.sc.categories[k].name == world.sc.mediation.dispute_category) dispute_category_ = k;
  operators_.set_horizon(world.horizon);
  operators_.busy_by_day = &world.stats[world.platform_lp()].operator_busy_by_day;
  operators_.waits = &world.stats[world.platform_lp()].triage_waits;
}

void PlatformLp::init(kernel::Context& ctx) {
  if (feed_) {
    has_next_ = feed_->next(next_);
    if (has_next_) ctx.schedule_at(feed_time(next_.time, ctx.lookahead()), kReplayFeed);
    return;
  }
  for (int s = 0; s < static_cast<int>(world_.sc.sources.size()); ++s) {
    if (world_.sc.sources[s].found_by_worker) continue;
    sources_.push_back(s);
    arrivals_.emplace_back(&world_.profiles[s], 1.0, world_.arrival_stream(s, ctx.self()));
    ctx.schedule_at(arrivals_.back().next_after(0.0), kArrival,
                    static_cast<std::uint32_t>(arrivals_.size() - 1));
  }
}

void PlatformLp::replay_from(ArrivalFeed* feed) {
  // The limits of a kReplayCase payload (ReplayCase).
  if (world_.district.grids.size() >= (1u << 24) || world_.sc.categories.size() > 256 ||
      world_.sc.sources.size() > 256 || world_.sc.departments.size() > 60000)
    throw std::invalid_argument(
        "replay: at most 2^24 grids, 256 categories and sources, 60000 departments");
  feed_ = feed;
  world_.replay = true;
  replay_serials_.assign(1 + world_.n_streets, 0);
  copy_serials_.assign(1 + world_.n_streets, 0);
}

void PlatformLp::feed(kernel::Context& ctx) {
  ++feed_events_;
  do {  // this event was scheduled for next_, so it is due
    hand_on(ctx, next_);
    has_next_ = feed_->next(next_);
  } while (has_next_ && feed_time(next_.time, ctx.lookahead()) <= ctx.now());
  if (has_next_) ctx.schedule_at(feed_time(next_.time, ctx.lookahead()), kReplayFeed);
}

void PlatformLp::hand_on(kernel::Context& ctx, const RecordedArrival& r) {
  const bool patrol = world_.sc.sources[r.source].found_by_worker;
  const int street = patrol ? world_.street_of_grid(r.grid) : -1;
  const std::size_t creator = patrol ? 1 + street : 0;
  ReplayCase p{r.source, r.category, r.grid, r.department, replay_serials_[creator]++};
  const double delay = exact_delay(ctx.now(), r.time);
  for (int k = 0; k < r.copies; ++k) {
    if (k > 0) p.serial = kCopySerial | copy_serials_[creator]++;
    if (patrol)
      ctx.send(world_.street_lp(street), delay, kReplayCase, p.a(), p.b());
    else
      ctx.schedule(delay, kReplayCase, p.a(), p.b());
  }
}

void PlatformLp::on_event(kernel::Context& ctx, const kernel::Event& ev) {
  const auto slot = static_cast<std::uint32_t>(ev.b);
  switch (ev.kind) {
    case kArrival:
      take_new_case(ctx, world_.create_case(ctx, sources_[ev.a], serial_++, -1));
      ctx.schedule_at(arrivals_[ev.a].next_after(ctx.now()), kArrival, ev.a);
      break;
    case kReplayFeed:
      feed(ctx);
      break;
    case kReplayCase: {
      const ReplayCase p = ReplayCase::of(ev.a, ev.b);
      take_new_case(ctx,
                    world_.create_case(ctx, p.source, p.serial, p.category, p.grid, p.department));
      break;
    }
    case kToPlatform:
      file(ctx, slot);
      break;
    case kOperatorDone:
      operators_.on_done(ctx, world_.cases, slot);
      dispatch(ctx, slot);
      break;
    case kOperatorWake:
      operators_.on_wake(ctx, world_.cases);
      break;
    case kWhistleDispatch:
      dispatch_whistle(ctx, slot);
      break;
    case kSecondWhistle: {
      // District leaders step in: their own staff time, then lead time, then verification.
      CaseRecord& c = world_.cases[slot];
      c.stage = Stage::kAtOffice;
      const auto u = world_.case_uniforms(kCaseWhistle, c, 32 + c.reopen);
      leaders_.arrive(ctx, world_.cases, slot,
                      world_.sc.whistle.leaders_hours.quantile(u[0]) * 3600.0);
      break;
    }
    case kLeaderDone: {
      leaders_.on_done(ctx, world_.cases, slot);
      CaseRecord& c = world_.cases[slot];
      const auto u = world_.case_uniforms(kCaseWhistle, c, 32 + c.reopen);
      const double lead = world_.sc.whistle.leaders_lead_working_days.quantile(u[1]) * kDay;
      const double done = world_.calendar.advance_working_time(ctx.now(), lead);
      c.t_settle = done;  // t_whistle_settle keeps the first whistle's own result
      world_.send_to_verify(ctx, slot, done);
      break;
    }
    case kLeaderWake:
      leaders_.on_wake(ctx, world_.cases);
      break;
    case kToMediation:
      district_centre_->accept(ctx, slot);
      break;
    case kMediationJoin:
    case kMediatorDone:
    case kMediatorWake:
    case kMediationReview:
      district_centre_->handle(ctx, ev);  // the district centre is the last level
      break;
    default:
      break;
  }
}

void PlatformLp::take_new_case(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  const SourceSpec& src = world_.sc.sources[c.source];
  if (src.to_mediation && world_.sc.mediation.enabled) {
    // A walk-in dispute goes straight to its grid's community mediation centre.
    c.office = -1;
    c.stage = Stage::kInTransit;
    ctx.send(world_.street_lp(world_.street_of_grid(c.grid)), world_.latency, kToMediation, 0,
             slot);
  } else if (src.via_grid_worker) {
    c.stage = Stage::kInTransit;
    ctx.send(world_.street_lp(world_.street_of_grid(c.grid)), world_.latency, kToWorker, 0, slot);
  } else {
    file(ctx, slot);
  }
}

void PlatformLp::file(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  c.stage = Stage::kAtPlatform;
  const auto u = world_.case_uniforms(kCaseWork, c, 0);
  const double work = world_.sc.platform.file_minutes.quantile(u[1]) * kMinute;
  operators_.arrive(ctx, world_.cases, slot, work);
}

void PlatformLp::dispatch(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  const double now = ctx.now();
  c.t_triage = now - c.work;  // operators never pause, so filing began `work` ago
  c.t_dispatch = now;
  const double limit_days = world_.sc.categories[c.category].time_limit_days;
  c.deadline = world_.calendar.advance_working_time(now, limit_days * kDay);
  c.stage = Stage::kInTransit;
  LpStats& st = world_.stats[ctx.self()];
  ++st.dispatched;
  ++st.grid_dispatched[c.grid];
  const MediationSpec& m = world_.sc.mediation;
  if (m.enabled && c.category == dispute_category_ &&
      world_.case_uniforms(kCaseMediation, c, 0)[1] < m.referral_share) {
    // Referred to the community mediation centre of its grid instead of an office.
    c.office = -1;
    ++st.referred_to_mediation;
    ctx.send(world_.street_lp(world_.street_of_grid(c.grid)), world_.latency, kToMediation, 0,
             slot);
    return;
  }
  ++st.office_received[c.office];
  const int day = clamp_day(c.t_triage, world_.sc.days);
  ++st.dispatched_by_day[clamp_day(now, world_.sc.days)];
  st.triage_wait_sum_by_day[day] += c.t_triage - c.queued_at;
  ++st.triage_count_by_day[day];
  if (const WhistleRule rule = rule_at_dispatch(ctx, c); rule != 0) {
    // The street blows the first whistle at once: dispatched straight to the departments.
    c.whistle = 1;
    c.whistle_rule = rule;
    c.t_whistle = now;
    dispatch_whistle(ctx, slot);
    return;
  }
  ctx.send(world_.office_lp(c.office), world_.latency, kToOffice, 0, slot);
}

WhistleRule PlatformLp::rule_at_dispatch(kernel::Context& ctx, const CaseRecord& c) {
  const WhistleSpec& w = world_.sc.whistle;
  if (!w.enabled) return WhistleRule{};
  if (w.multi_department_rule && c.multi_department) return kMultiDepartment;
  if (!w.repeat_rule) return WhistleRule{};
  const std::size_t key =
      static_cast<std::size_t>(c.grid) * world_.sc.categories.size() + c.category;
  return repeats_.record(key, ctx.now()) ? kRepeat : WhistleRule{};
}

void PlatformLp::dispatch_whistle(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  const WhistleSpec& w = world_.sc.whistle;
  LpStats& st = world_.stats[ctx.self()];
  ++st.whistles_first;
  ++st.whistles_by_day[clamp_day(ctx.now(), world_.sc.days)];
  ++st.whistles_by_street[world_.street_of_grid(c.grid)];
  ++st.whistles_by_rule[c.whistle_rule];
  // Every office concerned reports (报到) on site; the first one leads the handling.
  const std::vector<int> offices = world_.whistle_offices(c);
  double lead_report = 0, last_report = 0;
  for (std::size_t k = 0; k < offices.size(); ++k) {
    const auto u = world_.case_uniforms(kCaseWhistle, c, k);
    const double report = w.report_hours.quantile(u[0]) * 3600.0;
    const int o = offices[k];
    ++st.office_whistles[o];
    st.office_report_seconds[o] += report;
    if (report <= w.report_within_hours * 3600.0) ++st.office_reports_on_time[o];
    st.whistle_report_seconds += report;
    ++st.whistle_report_count;
    if (k == 0) lead_report = report;
    last_report = std::max(last_report, report);
  }
  c.t_whistle_report = ctx.now() + last_report;
  c.whistle_office = static_cast<std::int16_t>(offices.front());
  c.stage = Stage::kInTransit;
  ctx.send(world_.office_lp(offices.front()), std::max(lead_report, world_.latency), kWhistleJob, 0,
           slot);
}

void PlatformLp::on_finish(kernel::SimTime horizon) {
  operators_.finish(world_.cases, horizon);
  leaders_.finish(world_.cases, horizon);
  if (district_centre_) district_centre_->finish(horizon);
}

}  // namespace gridplan::model
