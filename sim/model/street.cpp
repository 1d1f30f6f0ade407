// StreetLp handlers: patrol arrivals, the grid workers' settle-or-report decision and on-site
// verification; dispatched work goes to the embedded street office.
#include "gridplan/model/street.hpp"

#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kMinute;

StreetLp::StreetLp(World& world, int street)
    : world_(world),
      street_(street),
      name_("street:" + world.sc.streets[street].name),
      office_(world, street, world.street_lp(street), &world.street_office_shift,
              world.sc.streets[street].office_staff) {
  const int n = world.sc.streets[street].basic_grids;
  workers_.reserve(n);
  for (int g = 0; g < n; ++g) {
    workers_.emplace_back(static_cast<std::uint32_t>(g), &world.worker_shift, 1,
                          /*pause_off_duty=*/false,
                          StaffPool::EventKinds{kWorkerDone, kWorkerWake});
    workers_.back().set_horizon(world.horizon);
    workers_.back().busy_by_day = &world.stats[world.street_lp(street)].worker_busy_by_day;
  }
  for (int s = 0; s < street; ++s) first_community_ += world.sc.streets[s].communities;
  if (world.sc.mediation.enabled) {
    const kernel::LpId lp = world.street_lp(street);
    const int n = world.sc.streets[street].communities;
    for (int k = 0; k < n; ++k)
      centres_.push_back(std::make_unique<MediationCentre>(world, first_community_ + k, 0,
                                                           static_cast<std::uint32_t>(k), lp));
    centres_.push_back(std::make_unique<MediationCentre>(world, world.street_centre(street), 1,
                                                         static_cast<std::uint32_t>(n), lp));
  }
}

void StreetLp::init(kernel::Context& ctx) {
  const MediationSpec& m = world_.sc.mediation;
  if (m.enabled && m.weekly_dispatch && world_.sc.streets[street_].communities > 1) {
    int day = 0;
    while (world_.calendar.weekday_of_day(day) != 0) ++day;  // the first Monday
    ctx.schedule_at(day * kernel::kDay + m.review_hour * kernel::kHour, kWeeklyDispatch);
  }
  if (world_.replay) return;  // the platform hands on the recorded patrol cases
  const double share = world_.patrol_share(street_);
  for (int s = 0; s < static_cast<int>(world_.sc.sources.size()); ++s) {
    if (!world_.sc.sources[s].found_by_worker) continue;
    patrol_sources_.push_back(s);
    arrivals_.emplace_back(&world_.profiles[s], share, world_.arrival_stream(s, ctx.self()));
    const double t = arrivals_.back().next_after(0.0);
    ctx.schedule_at(t, kArrival, static_cast<std::uint32_t>(arrivals_.size() - 1));
  }
}

StaffPool& StreetLp::worker_of(const CaseRecord& c) {
  return workers_[world_.district.grids[c.grid].index_in_street];
}

void StreetLp::on_event(kernel::Context& ctx, const kernel::Event& ev) {
  if (office_.handle(ctx, ev)) return;
  const auto slot = static_cast<std::uint32_t>(ev.b);
  switch (ev.kind) {
    case kArrival: {
      const int source = patrol_sources_[ev.a];
      // The worker found it on patrol: it is in the worker's hands at once.
      to_worker(ctx, world_.create_case(ctx, source, serial_++, street_));
      const double next = arrivals_[ev.a].next_after(ctx.now());
      ctx.schedule_at(next, kArrival, ev.a);
      break;
    }
    case kReplayCase: {
      // A recorded patrol case, handed on by the platform: found by the worker at once.
      const ReplayCase p = ReplayCase::of(ev.a, ev.b);
      to_worker(ctx, world_.create_case(ctx, p.source, p.serial, p.category, p.grid, p.department));
      break;
    }
    case kToWorker:
      to_worker(ctx, slot);
      break;
    case kToVerify: {
      const std::uint32_t s = tag_slot(ev.b);
      CaseRecord& c = world_.cases[s];
      // A whistle may have taken the case over while this was on its way.
      if (!tag_matches(ev.b, c.id) || c.gen != ev.a) break;
      c.stage = Stage::kVerifying;
      const auto u = world_.case_uniforms(kCaseVerification, c, c.reopen);
      const double minutes = world_.sc.grid_worker.verify_minutes.quantile(u[1]);
      worker_of(c).arrive(ctx, world_.cases, s, minutes * kMinute);
      break;
    }
    case kWorkerDone:
      workers_[ev.a].on_done(ctx, world_.cases, slot);
      worker_done(ctx, slot);
      break;
    case kWorkerWake:
      workers_[ev.a].on_wake(ctx, world_.cases);
      break;
    case kToMediation: {
      const int community = world_.district.grids[world_.cases[slot].grid].community;
      centres_[community - first_community_]->accept(ctx, slot);
      break;
    }
    case kMediationJoin:
    case kMediatorDone:
    case kMediatorWake:
    case kMediationReview:
      mediation_event(ctx, ev);
      break;
    case kPauseRoutine:
      // The grid workers go door to door: routine cases wait until they return.
      for (auto& w : workers_) w.pause_until(ctx.now() + ev.a * kernel::kMinute);
      ctx.schedule(ev.a * kernel::kMinute, kResumeRoutine);
      break;
    case kResumeRoutine:
      for (auto& w : workers_) w.on_wake(ctx, world_.cases);
      break;
    case kWeeklyDispatch:
      weekly_dispatch(ctx);
      ctx.schedule(7 * kernel::kDay, kWeeklyDispatch);
      break;
    default:
      break;
  }
}

void StreetLp::to_worker(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  c.stage = Stage::kAtWorker;
  const auto u = world_.case_uniforms(kCaseWork, c, 0);
  const auto& cat = world_.sc.categories[c.category];
  const double minutes = c.settle_in_grid ? cat.settle_minutes.quantile(u[0])
                                          : world_.sc.grid_worker.report_minutes.quantile(u[0]);
  worker_of(c).arrive(ctx, world_.cases, slot, minutes * kMinute);
}

void StreetLp::worker_done(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  LpStats& st = world_.stats[ctx.self()];
  if (c.stage == Stage::kAtWorker) {
    if (c.settle_in_grid) {
      c.t_settle = ctx.now();
      ++st.settled_in_grid;
      ++st.grid_settled[c.grid];
      ++st.settled_by_day[clamp_day(ctx.now(), world_.sc.days)];
      world_.close_case(ctx, slot);
    } else {
      c.stage = Stage::kInTransit;
      ctx.send(world_.platform_lp(), world_.latency, kToPlatform, 0, slot);
    }
    return;
  }
  // On-site verification of a handled case.
  c.t_verify = ctx.now();
  const auto u = world_.case_uniforms(kCaseVerification, c, c.reopen);
  if (c.whistle > 0) {
    // A failed check of a whistled result blows the second whistle (again, if the leaders'
    // own result fails).
    const double p_fail = c.whistle == 1 ? world_.whistle_fail_probability(c.whistle_office)
                                         : world_.sc.whistle.leaders_fail_probability;
    if (u[0] < p_fail) {
      if (c.whistle == 1) {
        ++st.office_whistle_failed[c.whistle_office];
        c.t_second_whistle = ctx.now();
      }
      ++st.whistles_second;
      ++st.second_whistles_by_day[clamp_day(ctx.now(), world_.sc.days)];
      ++c.reopen;
      c.whistle = 2;
      c.stage = Stage::kInTransit;
      ctx.send(world_.platform_lp(), world_.latency, kSecondWhistle, 0, slot);
    } else {
      world_.close_case(ctx, slot);
    }
    return;
  }
  if (u[0] < world_.sc.grid_worker.p_verification_fail) {
    ++c.reopen;
    ++st.reopened;
    ++st.office_reopened[c.office];
    c.stage = Stage::kInTransit;
    ctx.send(world_.office_lp(c.office), world_.latency, kToOffice, 0, slot);
  } else {
    world_.close_case(ctx, slot);
  }
}

void StreetLp::mediation_event(kernel::Context& ctx, const kernel::Event& ev) {
  const auto slot = static_cast<std::uint32_t>(ev.b);
  switch (centres_[ev.a >> 4]->handle(ctx, ev)) {
    case Escalation::kToStreet:  // decided at the daily review: the street centre takes it
      centres_.back()->accept(ctx, slot);
      break;
    case Escalation::kToDistrict:
      ctx.send(world_.platform_lp(), world_.latency, kToMediation, 2, slot);
      break;
    default:
      break;
  }
}

void StreetLp::weekly_dispatch(kernel::Context& ctx) {
  // 周调度: move waiting disputes from the longest community queue to the shortest until they
  // differ by at most one.
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
      return;
    std::uint32_t slot;
    if (!centres_[longest]->general().withdraw_last(ctx, world_.cases, slot)) return;
    CaseRecord& c = world_.cases[slot];
    c.centre = static_cast<std::int16_t>(centres_[shortest]->index());
    LpStats& st = world_.stats[ctx.self()];
    ++st.disputes_reassigned;
    ++st.centre_moved_out[centres_[longest]->index()];
    ++st.centre_moved_in[centres_[shortest]->index()];
    centres_[shortest]->general().arrive(ctx, world_.cases, slot, c.work);
  }
}

void StreetLp::on_finish(kernel::SimTime horizon) {
  for (auto& centre : centres_) centre->finish(horizon);
  office_.finish(horizon);
  for (auto& w : workers_) w.finish(world_.cases, horizon);
}

}  // namespace gridplan::model
