// Office steps: receive (first time or after a failed check), staff work, lead time, then the
// grid worker of the case's grid verifies on site.
#include "gridplan/model/office.hpp"

#include "gridplan/model/random_purpose.hpp"

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
  LpStats& st = world_.stats[ctx.self()];
  switch (ev.kind) {
    case kToOffice: {
      const auto slot = static_cast<std::uint32_t>(ev.b);
      CaseRecord& c = world_.cases[slot];
      if (c.reopen == 0) ++st.office_received[office_];
      c.stage = Stage::kAtOffice;
      const auto u = world_.case_uniforms(kCaseWork, c, c.reopen);
      const double work = world_.sc.categories[c.category].staff_hours.quantile(u[2]) * kHour;
      pool_.arrive(ctx, world_.cases, slot, work);
      return true;
    }
    case kStaffDone: {
      const auto slot = static_cast<std::uint32_t>(ev.b);
      pool_.on_done(ctx, world_.cases, slot);
      CaseRecord& c = world_.cases[slot];
      c.stage = Stage::kInLeadTime;
      const auto u = world_.case_uniforms(kCaseWork, c, c.reopen);
      // Lead time runs on working days: contractors and owners' appointments skip rest days.
      // The result goes to the grid worker when it ends, so no event marks the end itself.
      const double lead = world_.sc.categories[c.category].lead_working_days.quantile(u[3]) * kDay;
      const double done = world_.calendar.advance_working_time(ctx.now(), lead);
      st.office_lead_seconds[office_] += done - ctx.now();
      c.t_settle = done;
      ctx.send(world_.street_lp(world_.street_of_grid(c.grid)), done - ctx.now() + world_.latency,
               kToVerify, 0, slot);
      return true;
    }
    case kStaffWake:
      pool_.on_wake(ctx, world_.cases);
      return true;
    default:
      return false;
  }
}

void Office::finish(double horizon) {
  pool_.finish(world_.cases, horizon);
}

}  // namespace gridplan::model
