// Office statistics: sizing, merge, and the office columns and utilisation.
#include "gridplan/model/office_stats.hpp"

#include <cmath>

#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;
using kernel::Table;

OfficeStats::OfficeStats(int days, int offices)
    : closed(offices),
      on_time(offices),
      reopened(offices),
      open(offices),
      lead_seconds(offices),
      busy_by_day(days + 1) {}

void OfficeStats::merge(const OfficeStats& o) {
  add_into(closed, o.closed, "office_closed");
  add_into(on_time, o.on_time, "office_on_time");
  add_into(reopened, o.reopened, "office_reopened");
  add_into(open, o.open, "office_open");
  add_into(lead_seconds, o.lead_seconds, "office_lead_seconds");
  add_into(busy_by_day, o.busy_by_day, "office_busy_by_day");
  check_same_size(static_cast<std::size_t>(months), static_cast<std::size_t>(o.months),
                  "office months");
  add_into(received_by_month, o.received_by_month, "office_received_by_month");
  add_into(closed_by_month, o.closed_by_month, "office_closed_by_month");
  add_into(on_time_by_month, o.on_time_by_month, "office_on_time_by_month");
  add_into(overdue_change_by_month, o.overdue_change_by_month, "office_overdue_change_by_month");
  add_into(started_by_month, o.started_by_month, "office_started_by_month");
  add_into(busy_by_month, o.busy_by_month, "office_busy_by_month");
  add_into(wait_by_month, o.wait_by_month, "office_wait_by_month");
}

void OfficeStats::size_months(int offices, int month_count) {
  months = month_count;
  const auto n = static_cast<std::size_t>(offices) * static_cast<std::size_t>(month_count);
  for (auto* v : {&received_by_month, &closed_by_month, &on_time_by_month, &overdue_change_by_month,
                  &started_by_month})
    v->assign(n, 0);
  for (auto* v : {&busy_by_month, &wait_by_month}) v->assign(n, 0.0);
}

Table OfficeStats::monthly_table(const ResultContext& ctx) const {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  // On-duty staff time by office and month, from each office's duty hours.
  std::vector<double> on_duty(busy_by_month.size());
  for (int o = 0; o < w.n_offices; ++o) {
    const int staff =
        o < w.n_streets ? sc.streets[o].office_staff : sc.departments[o - w.n_streets].staff;
    for (int d = 0; d < sc.days; ++d)
      on_duty[at(o, w.month_of_day[d])] +=
          staff * w.office_shift(o).on_seconds(d * kDay, (d + 1) * kDay);
  }
  Table t = new_table("service/offices_monthly",
                      "one row per run, month and handling office: service level of the month");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& month = t.add_i64("month", "month", "month index from the start month (0 = first)").i64;
  auto& ym = t.add_i64("year_month", "YYYYMM", "calendar month").i64;
  auto& idx = t.add_i64("office", "", "office index (row of /departments)").i64;
  auto& name = t.add_str("name", "office name").str;
  auto& rec = t.add_i64("received", "cases", "cases dispatched to the office in the month").i64;
  auto& clo = t.add_i64("closed", "cases", "its dispatched cases closed in the month").i64;
  auto& ont = t.add_i64("closed_on_time", "cases", "of those, closed within the time limit").i64;
  auto& onr = t.add_f64("on_time_rate", "1", "closed_on_time / closed").f64;
  auto& op = t.add_i64("open_at_month_end", "cases",
                       "dispatched to the office and not closed at the month's end (the last "
                       "month: at the horizon)")
                 .i64;
  auto& ovd = t.add_i64("overdue_at_month_end", "cases", "of those, past their deadline").i64;
  auto& util = t.add_f64("util_staff", "1", "staff busy / on-duty time in the month").f64;
  auto& wait = t.add_f64("wait_for_staff_hours_mean", "hours",
                         "mean wait for a member of staff of jobs started in the month")
                   .f64;
  std::vector<std::int64_t> open(w.n_offices), overdue(w.n_offices);
  for (int mo = 0; mo < months; ++mo) {
    const int total = sc.start_date.year * 12 + (sc.start_date.month - 1) + mo;
    for (int o = 0; o < w.n_offices; ++o) {
      const std::size_t i = at(o, mo);
      open[o] += received_by_month[i] - closed_by_month[i];
      overdue[o] += overdue_change_by_month[i];
      run.push_back(ctx.run_id);
      month.push_back(mo);
      ym.push_back((total / 12) * 100 + total % 12 + 1);
      idx.push_back(o);
      name.push_back(w.office_name(o));
      rec.push_back(received_by_month[i]);
      clo.push_back(closed_by_month[i]);
      ont.push_back(on_time_by_month[i]);
      onr.push_back(ratio(on_time_by_month[i], closed_by_month[i]));
      op.push_back(open[o]);
      ovd.push_back(overdue[o]);
      util.push_back(ratio(busy_by_month[i], on_duty[i]));
      wait.push_back(ratio(wait_by_month[i], started_by_month[i]) / kHour);
    }
  }
  return t;
}

void OfficeStats::results(RunResults& out, const ResultContext& ctx) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  const int days = sc.days;

  // Staff on duty: street offices, then departments, each on its own shift.
  std::vector<double> office_avail(days + 1);
  for (int d = 0; d < days; ++d) {
    for (const auto& s : sc.streets)
      office_avail[d] +=
          s.office_staff * w.street_office_shift.on_seconds(d * kDay, (d + 1) * kDay);
    for (int k = 0; k < w.n_departments; ++k)
      office_avail[d] +=
          sc.departments[k].staff * w.department_shifts[k].on_seconds(d * kDay, (d + 1) * kDay);
  }
  double office_busy = 0, office_on = 0;
  for (const auto& q : ctx.queues)
    if (q.kind == "office")
      office_busy += q.stats.busy_seconds, office_on += q.stats.available_seconds;

  out.kpi.set("util_departments", ratio(office_busy, office_on));
  double worst = std::nan("");
  for (int o = 0; o < w.n_offices; ++o) {
    const double rate = ratio(on_time[o], closed[o]);
    if (!std::isnan(rate) && !(rate >= worst)) worst = rate;
  }
  out.kpi.set("on_time_rate_worst_office", worst);

  {
    auto& ud = out.daily.add_f64("util_departments", "1", "office staff busy / on-duty time").f64;
    for (int d = 0; d < days; ++d) ud.push_back(ratio(busy_by_day[d], office_avail[d]));
  }
  {
    Table& t = out.offices;
    auto& clo = t.add_i64("closed", "cases", "of those, closed").i64;
    auto& op = t.add_i64("open", "cases", "of those, open at the horizon").i64;
    auto& ont = t.add_i64("closed_on_time", "cases", "closed within the time limit").i64;
    auto& onr = t.add_f64("on_time_rate", "1", "closed_on_time / closed").f64;
    auto& reo = t.add_i64("reopened", "cases", "failed verifications sent back").i64;
    auto& busy = t.add_f64("staff_busy_hours", "hours", "staff time spent on cases").f64;
    auto& util = t.add_f64("util", "1", "staff busy / on-duty time").f64;
    auto& wait = t.add_f64("wait_hours_mean", "hours", "mean wait for a member of staff").f64;
    auto& ql = t.add_f64("queue_length_mean", "cases", "time-average number waiting").f64;
    auto& lead = t.add_f64("lead_days_mean", "days", "mean lead time after staff work").f64;
    for (int o = 0; o < w.n_offices; ++o) {
      const QueueStats& q = ctx.office_queue(o);
      clo.push_back(closed[o]);
      op.push_back(ctx.open_by_office[o]);
      ont.push_back(on_time[o]);
      onr.push_back(ratio(on_time[o], closed[o]));
      reo.push_back(reopened[o]);
      busy.push_back(q.busy_seconds / kHour);
      util.push_back(ratio(q.busy_seconds, q.available_seconds));
      wait.push_back(ratio(q.wait_sum, static_cast<double>(q.arrivals)) / kHour);
      ql.push_back(q.queue_area / w.horizon);
      lead.push_back(ratio(lead_seconds[o], static_cast<double>(q.started)) / kDay);
    }
  }
  {
    auto& util =
        out.streets.add_f64("office_util", "1", "street office staff busy / on-duty time").f64;
    for (int s = 0; s < w.n_streets; ++s) {
      const QueueStats& q = ctx.office_queue(s);
      util.push_back(ratio(q.busy_seconds, q.available_seconds));
    }
  }
}

}  // namespace gridplan::model
