// Office steps: receive (first time or after a failed check), staff work, lead time, then the
// grid worker of the case's grid verifies on site. With whistles on, a case still unsettled
// first_after_hours past its limit is whistled, and whistled cases come first in the queue.
#include "gridplan/model/office.hpp"

#include "gridplan/model/random_purpose.hpp"
#include "gridplan/model/whistle_rules.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;

Office::Office(World& world, int office, kernel::LpId lp, const kernel::ShiftPattern* shift,
               int staff)
    : world_(world),
      office_(office),
      pool_(0, shift, staff, /*pause_off_duty=*/true, {kStaffDone, kStaffWake}) {
  pool_.set_horizon(world.horizon);
  pool_.busy_by_day = &world.stats[lp].office_busy_by_day;
}

bool Office::handle(kernel::Context& ctx, const kernel::Event& ev) {
  switch (ev.kind) {
    case kToOffice: {
      const auto slot = static_cast<std::uint32_t>(ev.b);
      CaseRecord& c = world_.cases[slot];
      c.stage = Stage::kAtOffice;
      const auto u = world_.case_uniforms(kCaseWork, c, c.reopen);
      const double work = world_.sc.categories[c.category].staff_hours.quantile(u[2]) * kHour;
      pool_.arrive(ctx, world_.cases, slot, work);
      return true;
    }
    case kWhistleJob: {
      // The lead office reported on site; its staff take the case before routine work.
      const auto slot = static_cast<std::uint32_t>(ev.b);
      CaseRecord& c = world_.cases[slot];
      c.stage = Stage::kAtOffice;
      const auto u = world_.case_uniforms(kCaseWhistle, c, 16);
      const double work = world_.sc.categories[c.category].staff_hours.quantile(u[0]) * kHour;
      pool_.arrive(ctx, world_.cases, slot, work, /*priority=*/true);
      return true;
    }
    case kStaffDone:
      pool_.on_done(ctx, world_.cases, static_cast<std::uint32_t>(ev.b));
      staff_done(ctx, static_cast<std::uint32_t>(ev.b));
      return true;
    case kStaffWake:
      pool_.on_wake(ctx, world_.cases);
      return true;
    case kOverdueCheck: {
      const std::uint32_t slot = tag_slot(ev.b);
      CaseRecord& c = world_.cases[slot];
      // Stale if the case has closed (slot reused) or something else took it over.
      if (tag_matches(ev.b, c.id) && c.gen == ev.a && c.whistle == 0) blow_first_whistle(ctx, slot);
      return true;
    }
    default:
      return false;
  }
}

void Office::staff_done(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  const WhistleSpec& w = world_.sc.whistle;
  if (c.whistle > 0) {
    // A whistled case: a shorter lead time, then verification as usual.
    const auto u = world_.case_uniforms(kCaseWhistle, c, 16);
    const double lead = w.lead_working_days.quantile(u[1]) * kDay;
    const double done = world_.calendar.advance_working_time(ctx.now(), lead);
    c.t_whistle_settle = done;
    c.t_settle = done;
    world_.send_to_verify(ctx, slot, done);
    return;
  }
  // Lead time runs on working days: contractors and owners' appointments skip rest days. The
  // result goes to the grid worker when it ends, so no event marks the end itself.
  const auto u = world_.case_uniforms(kCaseWork, c, c.reopen);
  const double lead = world_.sc.categories[c.category].lead_working_days.quantile(u[3]) * kDay;
  const double done = world_.calendar.advance_working_time(ctx.now(), lead);
  world_.stats[ctx.self()].office_lead_seconds[office_] += done - ctx.now();
  if (w.enabled && w.overdue_rule) {
    const double threshold = overdue_whistle_time(c.deadline, w.first_after_hours * kHour);
    if (ctx.now() > threshold) {
      // Already past the threshold (it waited in the queue): the street whistles now.
      blow_first_whistle(ctx, slot);
      return;
    }
    // It will be: check then, and let the check find whether the case is still unsettled.
    if (overdue_rule_fires(done, c.deadline, w.first_after_hours * kHour))
      ctx.schedule_at(threshold, kOverdueCheck, c.gen, slot_tag(slot, c.id));
  }
  c.t_settle = done;
  world_.send_to_verify(ctx, slot, done);
}

void Office::blow_first_whistle(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  ++c.gen;  // the verification already on its way is now stale
  c.whistle = 1;
  c.whistle_rule = kOverdue;
  c.t_whistle = ctx.now();
  c.t_settle = kNotYet;
  c.stage = Stage::kInTransit;
  ctx.send(world_.platform_lp(), world_.latency, kWhistleDispatch, 0, slot);
}

void Office::finish(double horizon) {
  pool_.finish(world_.cases, horizon);
}

}  // namespace gridplan::model
