// Office statistics: sizing, merge, and the office columns and utilisation.
#include "gridplan/model/office_stats.hpp"

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
