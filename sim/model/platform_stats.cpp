// Platform statistics: sizing, merge, and the filing and dispatch KPIs and columns.
#include "gridplan/model/platform_stats.hpp"

#include <algorithm>

#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::Table;

PlatformStats::PlatformStats(int days, int grids, int offices)
    : dispatched_by_day(days + 1),
      triage_wait_sum_by_day(days + 1),
      triage_count_by_day(days + 1),
      operator_busy_by_day(days + 1),
      grid_dispatched(grids),
      office_received(offices) {}

void PlatformStats::merge(const PlatformStats& o) {
  dispatched += o.dispatched;
  referred_to_mediation += o.referred_to_mediation;
  add_into(dispatched_by_day, o.dispatched_by_day, "dispatched_by_day");
  add_into(triage_wait_sum_by_day, o.triage_wait_sum_by_day, "triage_wait_sum_by_day");
  add_into(triage_count_by_day, o.triage_count_by_day, "triage_count_by_day");
  add_into(operator_busy_by_day, o.operator_busy_by_day, "operator_busy_by_day");
  append_rows(triage_waits, o.triage_waits);
  add_into(grid_dispatched, o.grid_dispatched, "grid_dispatched");
  add_into(office_received, o.office_received, "office_received");
  to_grid_worker += o.to_grid_worker;
  add_into(filed_by_hour, o.filed_by_hour, "filed_by_hour");
  add_into(filing_wait_by_hour, o.filing_wait_by_hour, "filing_wait_by_hour");
}

Table PlatformStats::results(RunResults& out, const ResultContext& ctx) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  const int days = sc.days;
  const QueueStats& ops = ctx.operators();

  KpiRecorder& k = out.kpi;
  k.set("triage_wait_hours_mean", ratio(ops.wait_sum, static_cast<double>(ops.arrivals)) / kHour);
  const auto waited =
      std::count_if(triage_waits.begin(), triage_waits.end(), [](float x) { return x > 0.0f; });
  k.set("triage_wait_probability",
        ratio(static_cast<double>(waited), static_cast<double>(triage_waits.size())));
  k.set("triage_wait_hours_p95", quantile_nearest_rank(triage_waits, 0.95) / kHour);
  k.set("util_operators", ratio(ops.busy_seconds, ops.available_seconds));
  k.set("cases_dispatched", static_cast<double>(dispatched));
  k.set("cases_to_mediation", static_cast<double>(referred_to_mediation));
  k.set("cases_filed_to_grid_worker", static_cast<double>(to_grid_worker));

  {
    // Operators on duty: the scenario's seats by hour, every day.
    std::vector<double> op_avail(days + 1);
    for (int d = 0; d < days; ++d)
      for (int h = 0; h < 24; ++h) op_avail[d] += sc.platform.operators_by_hour[h] * kHour;
    Table& t = out.daily;
    auto& dis = t.add_i64("dispatched", "cases", "cases filed and dispatched").i64;
    auto& tw = t.add_f64("triage_wait_hours_mean", "hours",
                         "mean wait for a seat operator of cases whose filing began that day")
                   .f64;
    auto& uo = t.add_f64("util_operators", "1", "seat operators' busy / on-duty time").f64;
    for (int d = 0; d < days; ++d) {
      dis.push_back(dispatched_by_day[d]);
      tw.push_back(ratio(triage_wait_sum_by_day[d], triage_count_by_day[d]) / kHour);
      uo.push_back(ratio(operator_busy_by_day[d], op_avail[d]));
    }
  }
  {
    auto& dis = out.grids.add_i64("dispatched", "cases", "cases dispatched").i64;
    for (std::size_t g = 0; g < w.district.grids.size(); ++g) dis.push_back(grid_dispatched[g]);
  }
  {
    auto& rec = out.offices.add_i64("received", "cases", "cases dispatched to the office").i64;
    for (int o = 0; o < w.n_offices; ++o) rec.push_back(office_received[o]);
  }
  Table t = new_table("service/hourly",
                      "one row per run, day type and hour of day: filing at the platform");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& type = t.add_str("day_type", "working or rest (holidays and rest weekends)").str;
  auto& hour = t.add_i64("hour", "hour", "hour of day filing began (0-23)").i64;
  auto& filed = t.add_i64("filed", "cases", "cases whose filing began in that hour").i64;
  auto& wait = t.add_f64("filing_wait_hours_mean", "hours", "their mean wait for an operator").f64;
  for (int d = 0; d < 2; ++d)
    for (int h = 0; h < 24; ++h) {
      run.push_back(ctx.run_id);
      type.push_back(d == 0 ? "working" : "rest");
      hour.push_back(h);
      filed.push_back(filed_by_hour[d * 24 + h]);
      wait.push_back(ratio(filing_wait_by_hour[d * 24 + h], filed_by_hour[d * 24 + h]) / kHour);
    }
  return t;
}

}  // namespace gridplan::model
