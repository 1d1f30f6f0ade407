// PlatformLp handlers: channel arrivals, filing by the seat operators, dispatch with the
// handling office's time limit in working days.
#include "gridplan/model/platform.hpp"

#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kMinute;

PlatformLp::PlatformLp(World& world)
    : world_(world),
      operators_(0, world.sc.platform.operators_by_hour,
                 StaffPool::EventKinds{kOperatorDone, kOperatorWake}) {
  operators_.set_horizon(world.horizon);
  operators_.busy_by_day = &world.stats[world.platform_lp()].operator_busy_by_day;
  operators_.waits = &world.stats[world.platform_lp()].triage_waits;
}

void PlatformLp::init(kernel::Context& ctx) {
  for (int s = 0; s < static_cast<int>(world_.sc.sources.size()); ++s) {
    if (world_.sc.sources[s].found_by_worker) continue;
    const std::uint64_t entity = (static_cast<std::uint64_t>(s) << 16) | ctx.self();
    sources_.push_back(s);
    arrivals_.emplace_back(&world_.profiles[s], 1.0,
                           kernel::RandomStream(world_.key, kArrivals, entity));
    ctx.schedule_at(arrivals_.back().next_after(0.0), kArrival,
                    static_cast<std::uint32_t>(arrivals_.size() - 1));
  }
}

void PlatformLp::on_event(kernel::Context& ctx, const kernel::Event& ev) {
  const auto slot = static_cast<std::uint32_t>(ev.b);
  switch (ev.kind) {
    case kArrival: {
      const int source = sources_[ev.a];
      const std::uint32_t s = world_.create_case(ctx, source, serial_++, -1);
      if (world_.sc.sources[source].via_grid_worker) {
        CaseRecord& c = world_.cases[s];
        c.stage = Stage::kInTransit;
        ctx.send(world_.street_lp(world_.street_of_grid(c.grid)), world_.latency, kToWorker, 0, s);
      } else {
        file(ctx, s);
      }
      ctx.schedule_at(arrivals_[ev.a].next_after(ctx.now()), kArrival, ev.a);
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
    default:
      break;
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
  const int day = clamp_day(c.t_triage, world_.sc.days);
  ++st.dispatched_by_day[clamp_day(now, world_.sc.days)];
  st.triage_wait_sum_by_day[day] += c.t_triage - c.queued_at;
  ++st.triage_count_by_day[day];
  ctx.send(world_.office_lp(c.office), world_.latency, kToOffice, 0, slot);
}

void PlatformLp::on_finish(kernel::SimTime horizon) {
  operators_.finish(world_.cases, horizon);
}

}  // namespace gridplan::model
