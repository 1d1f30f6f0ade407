// Office steps: receive (first time or after a failed check), staff work, lead time, then the
// grid worker of the case's grid verifies on site. Whistled cases come first in the queue.
#include "gridplan/model/handling_office.hpp"

#include <cmath>
#include <limits>

#include "gridplan/model/department.hpp"
#include "gridplan/model/exact_delay.hpp"
#include "gridplan/model/grid_worker.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/random_purpose.hpp"
#include "gridplan/model/street_office.hpp"
#include "gridplan/model/whistle_rules.hpp"

namespace gridplan::model {

using kernel::kHour;

HandlingOffice::HandlingOffice(CaseBook& book, int office, const kernel::ShiftPattern* shift,
                               int staff, OfficeKinds kinds)
    : book_(book),
      config_(book.config()),
      office_(office),
      kinds_(kinds),
      pool_(0, shift, staff, /*pause_off_duty=*/true, {kinds.staff_done, kinds.staff_wake}) {
  pool_.set_horizon(config_.horizon);
  OfficeStats& st = book.stats().offices;
  pool_.busy_by_day = &st.busy_by_day;
  pool_.monthly = {&st.busy_by_month, &st.wait_by_month, &st.started_by_month, st.at(office, 0),
                   &config_.month_of_day};
}

void HandlingOffice::on(kernel::Context& ctx, const ToOffice& m) {
  const std::uint32_t slot = book_.cases().adopt(m.c);
  CaseRecord& c = book_[slot];
  c.stage = Stage::kAtOffice;
  const auto u = config_.case_uniforms(kCaseWork, c, c.reopen);
  const double work = config_.sc.categories[c.category].staff_hours.quantile(u[2]) * kHour;
  pool_.arrive(ctx, book_.cases(), slot, work);
}

void HandlingOffice::on(kernel::Context& ctx, const WhistleJob& m) {
  // The lead office reported on site; its staff take the case before routine work.
  const std::uint32_t slot = book_.cases().adopt(m.c);
  CaseRecord& c = book_[slot];
  c.stage = Stage::kAtOffice;
  const auto u = config_.case_uniforms(kCaseWhistle, c, 16);
  const double work = config_.sc.categories[c.category].staff_hours.quantile(u[0]) * kHour;
  pool_.arrive(ctx, book_.cases(), slot, work, /*priority=*/true);
}

void HandlingOffice::on(kernel::Context& ctx, const StaffDone& m) {
  pool_.on_done(ctx, book_.cases(), m.slot);
  staff_done(ctx, m.slot);
}

void HandlingOffice::on(kernel::Context& ctx, const StaffWake&) {
  pool_.on_wake(ctx, book_.cases());
}

void HandlingOffice::on(kernel::Context& ctx, const OverdueCheck& m) {
  // The case is still in its lead time (the check is set only when the lead time ends past the
  // threshold), so the street whistles it now, by the rule the copy carries.
  if (m.c.whistle == 0) blow_first_whistle(ctx, m.c, static_cast<WhistleRule>(m.c.whistle_rule));
}

void HandlingOffice::staff_done(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  const WhistleSpec& w = config_.sc.whistle;
  if (c.whistle > 0) {
    // A whistled case: a shorter lead time, then verification as usual.
    const auto u = config_.case_uniforms(kCaseWhistle, c, 16);
    const double done = config_.lead_end(office_, ctx.now(), w.lead_working_days.quantile(u[1]));
    c.t_whistle_settle = done;
    c.t_settle = done;
    send_to_verify(ctx, book_, slot, done);
    return;
  }
  // Lead time runs on the office's clock (its duty hours, or working days): the result goes to
  // the grid worker when it ends, so no event marks the end itself.
  const auto u = config_.case_uniforms(kCaseWork, c, c.reopen);
  const double done = config_.lead_end(
      office_, ctx.now(), config_.sc.categories[c.category].lead_working_days.quantile(u[3]));
  book_.stats().offices.lead_seconds[office_] += done - ctx.now();
  double void_from = std::numeric_limits<double>::infinity();
  if (w.enabled && (w.overdue_rule || !std::isnan(c.t_recorded_whistle))) {
    // The overdue rule's moment, or a recorded whistle's (replay), which replaces the rule.
    const double threshold = overdue_whistle_time(c.deadline, w.first_after_hours * kHour);
    const bool recorded = !std::isnan(c.t_recorded_whistle);
    const bool rule_now = w.overdue_rule && ctx.now() > threshold;
    if (recorded ? ctx.now() >= c.t_recorded_whistle : rule_now) {
      // Already past it (it waited in the queue): the street whistles now.
      blow_first_whistle(ctx, book_.cases().hand_on(slot), rule_now ? kOverdue : kRecorded);
      return;
    }
    // It will be past it before the result comes: the street whistles then with the office's
    // copy, and the result, still on its way then, is void from then on. A recorded whistle
    // where the rule's check would land (now + (threshold - now)) is the rule's, so that a
    // replayed export runs as its generated run to the bit; any other is hit exactly.
    const bool rule_later =
        w.overdue_rule && overdue_rule_fires(done, c.deadline, w.first_after_hours * kHour);
    const auto check_at = [&](double delay, WhistleRule rule) {
      OverdueCheck check{c};
      check.c.whistle_rule = rule;
      ctx.schedule_body(delay, kinds_.overdue_check, 0, check);
    };
    if (rule_later && (!recorded || ctx.now() + (threshold - ctx.now()) == c.t_recorded_whistle)) {
      void_from = threshold;
      check_at(threshold - ctx.now(), kOverdue);
    } else if (recorded && done > c.t_recorded_whistle) {
      void_from = c.t_recorded_whistle;
      check_at(exact_delay(ctx.now(), c.t_recorded_whistle), kRecorded);
    }
  }
  c.t_settle = done;
  send_to_verify(ctx, book_, slot, done, void_from);
}

void HandlingOffice::blow_first_whistle(kernel::Context& ctx, CaseRecord c, WhistleRule rule) {
  c.whistle = 1;
  c.whistle_rule = rule;
  c.t_whistle = ctx.now();
  c.t_settle = kNotYet;
  c.stage = Stage::kInTransit;
  PlatformLp::Inbox::send(ctx, config_.platform_lp(), config_.latency, WhistleDispatch{c});
}

void HandlingOffice::finish(double horizon) {
  pool_.finish(book_.cases(), horizon);
}

template <class M>
void hand_to_office(kernel::Context& ctx, CaseBook& book, int office, kernel::SimTime delay,
                    std::uint32_t slot) {
  const RunConfig& config = book.config();
  if (office < config.n_streets)
    StreetOfficeLp::Inbox::hand_on<M>(ctx, config.office_lp(office), delay, book.cases(), slot);
  else
    DepartmentLp::Inbox::hand_on<M>(ctx, config.office_lp(office), delay, book.cases(), slot);
}
template void hand_to_office<ToOffice>(kernel::Context&, CaseBook&, int, kernel::SimTime,
                                       std::uint32_t);
template void hand_to_office<WhistleJob>(kernel::Context&, CaseBook&, int, kernel::SimTime,
                                         std::uint32_t);

}  // namespace gridplan::model
