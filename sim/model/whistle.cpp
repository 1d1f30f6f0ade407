// Whistles: the first whistle's dispatch with every office's report on site, the second
// whistle's leaders, and the whistled cases' rows.
#include "gridplan/model/whistle.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/grid_worker.hpp"
#include "gridplan/model/handling_office.hpp"
#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kDay;

Whistles::Whistles(CaseBook& book, StaffPool::EventKinds leader_kinds)
    : book_(book),
      config_(book.config()),
      leaders_shift_(&config_.calendar, config_.sc.whistle.leaders_shift.working_start_hour,
                     config_.sc.whistle.leaders_shift.working_hours,
                     config_.sc.whistle.leaders_shift.rest_start_hour,
                     config_.sc.whistle.leaders_shift.rest_hours),
      leaders_(1, &leaders_shift_, config_.sc.whistle.leaders, /*pause_off_duty=*/true,
               leader_kinds),
      repeats_(config_.sc.whistle.enabled && config_.sc.whistle.repeat_rule
                   ? config_.district.grids.size() * config_.sc.categories.size()
                   : 0,
               config_.sc.whistle.repeat_count, config_.sc.whistle.repeat_window_days * kDay) {
  leaders_.set_horizon(config_.horizon);
}

WhistleRule Whistles::rule_at_dispatch(kernel::Context& ctx, const CaseRecord& c) {
  const WhistleSpec& w = config_.sc.whistle;
  if (!w.enabled) return WhistleRule{};
  WhistleRule rule{};
  if (w.multi_department_rule && c.multi_department) {
    rule = kMultiDepartment;
  } else if (w.repeat_rule) {
    // The repeat rule counts every dispatched case, a recorded one too, so that its count
    // runs as without the record.
    const std::size_t key =
        static_cast<std::size_t>(c.grid) * config_.sc.categories.size() + c.category;
    if (repeats_.record(key, ctx.now())) rule = kRepeat;
  }
  return std::isnan(c.t_recorded_whistle) ? rule
                                          : recorded_rule_at(c.t_recorded_whistle, ctx.now(), rule);
}

void Whistles::blow_at_dispatch(kernel::Context& ctx, std::uint32_t slot, WhistleRule rule) {
  // The street blows the first whistle at once: dispatched straight to the departments.
  CaseRecord& c = book_[slot];
  c.whistle = 1;
  c.whistle_rule = rule;
  c.t_whistle = ctx.now();
  dispatch(ctx, slot);
}

void Whistles::on(kernel::Context& ctx, const WhistleDispatch& m) {
  dispatch(ctx, book_.cases().adopt(m.c));
}

void Whistles::dispatch(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  const WhistleSpec& w = config_.sc.whistle;
  LpStats& st = book_.stats();
  ++st.whistle.first;
  ++st.whistle.by_day[clamp_day(ctx.now(), config_.sc.days)];
  ++st.whistle.by_street[config_.street_of_grid(c.grid)];
  ++st.whistle.by_rule[c.whistle_rule];
  // Every office concerned reports (报到) on site; the first one leads the handling.
  const std::vector<int> offices = whistle_offices(config_, c);
  double lead_report = 0, last_report = 0;
  for (std::size_t k = 0; k < offices.size(); ++k) {
    const auto u = config_.case_uniforms(kCaseWhistle, c, k);
    const double report = w.report_hours.quantile(u[0]) * 3600.0;
    const int o = offices[k];
    ++st.whistle.office_whistles[o];
    st.whistle.office_report_seconds[o] += report;
    if (report <= w.report_within_hours * 3600.0) ++st.whistle.office_reports_on_time[o];
    st.whistle.report_seconds += report;
    ++st.whistle.report_count;
    if (k == 0) lead_report = report;
    last_report = std::max(last_report, report);
  }
  c.t_whistle_report = ctx.now() + last_report;
  c.whistle_office = static_cast<std::int16_t>(offices.front());
  c.stage = Stage::kInTransit;
  hand_to_office<WhistleJob>(ctx, book_, offices.front(), std::max(lead_report, config_.latency),
                             slot);
}

void Whistles::on(kernel::Context& ctx, const SecondWhistle& m) {
  // District leaders step in: their own staff time, then lead time, then verification.
  const std::uint32_t slot = book_.cases().adopt(m.c);
  CaseRecord& c = book_[slot];
  c.stage = Stage::kAtOffice;
  const auto u = config_.case_uniforms(kCaseWhistle, c, 32 + c.reopen);
  leaders_.arrive(ctx, book_.cases(), slot,
                  config_.sc.whistle.leaders_hours.quantile(u[0]) * 3600.0);
}

void Whistles::on(kernel::Context& ctx, const LeaderDone& m) {
  leaders_.on_done(ctx, book_.cases(), m.slot);
  CaseRecord& c = book_[m.slot];
  const auto u = config_.case_uniforms(kCaseWhistle, c, 32 + c.reopen);
  const double lead = config_.sc.whistle.leaders_lead_working_days.quantile(u[1]) * kDay;
  const double done = config_.calendar.advance_working_time(ctx.now(), lead);
  c.t_settle = done;  // t_whistle_settle keeps the first whistle's own result
  send_to_verify(ctx, book_, m.slot, done);
}

void Whistles::on(kernel::Context& ctx, const LeaderWake&) {
  leaders_.on_wake(ctx, book_.cases());
}

void Whistles::finish(double horizon) {
  leaders_.finish(book_.cases(), horizon);
}

std::vector<int> whistle_offices(const RunConfig& config, const CaseRecord& c) {
  const auto& names = config.sc.categories[c.category].whistle_departments;
  if (names.empty()) return {c.office};
  std::vector<int> out;
  for (const auto& n : names) {
    int office = config.street_of_grid(c.grid);
    for (int d = 0; d < config.n_departments; ++d)
      if (config.sc.departments[d].name == n) office = config.n_streets + d;
    out.push_back(office);
  }
  return out;
}

bool whistled_result_fails(const RunConfig& config, LpStats& st, CaseRecord& c, double u,
                           double now) {
  // A failed check of a whistled result blows the second whistle (again, if the leaders' own
  // result fails).
  const int office = c.whistle_office;
  const double p_fail =
      c.whistle != 1 ? config.sc.whistle.leaders_fail_probability
      : office < config.n_streets
          ? config.sc.whistle.street_office_fail_probability
          : config.sc.departments[office - config.n_streets].whistle_fail_probability;
  if (!(u < p_fail)) return false;
  if (c.whistle == 1) {
    ++st.whistle.office_failed[c.whistle_office];
    c.t_second_whistle = now;
  }
  ++st.whistle.second;
  ++st.whistle.second_by_day[clamp_day(now, config.sc.days)];
  ++c.reopen;
  c.whistle = 2;
  return true;
}

void record_whistle(const RunConfig& config, LpStats& st, const CaseRecord& c, bool closed) {
  std::string names;
  for (int o : whistle_offices(config, c))
    names += (names.empty() ? "" : "+") + config.office_name(o);
  st.whistle.rows.push_back(WhistleRow{c.id, config.street_of_grid(c.grid), c.whistle_rule, names,
                                       c.t_whistle, c.t_whistle_report, c.t_whistle_settle,
                                       c.t_second_whistle, closed ? c.t_close : kNotYet});
  if (closed) {
    ++st.whistle.settled;
    if (!std::isnan(c.t_whistle_settle)) {
      st.whistle.settle_seconds += c.t_whistle_settle - c.t_whistle;
      ++st.whistle.settle_count;
    }
  }
}

}  // namespace gridplan::model
