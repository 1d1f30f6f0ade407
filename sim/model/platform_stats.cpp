// Platform statistics: sizing, merge, and the filing and dispatch KPIs and columns.
#include "gridplan/model/platform_stats.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::kMinute;
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
  check_same_size(filing_waits_by_hour.size(), o.filing_waits_by_hour.size(),
                  "filing_waits_by_hour");
  for (std::size_t b = 0; b < filing_waits_by_hour.size(); ++b)
    append_rows(filing_waits_by_hour[b], o.filing_waits_by_hour[b]);
  add_into(operator_busy_by_hour, o.operator_busy_by_hour, "operator_busy_by_hour");
}

Table PlatformStats::service_hourly(const ResultContext& ctx) {
  const RunConfig& w = ctx.config;
  const double target = w.sc.platform.service_target_minutes * kMinute;
  int days_of_type[2] = {0, 0};
  for (int d = 0; d < w.sc.days; ++d) ++days_of_type[w.calendar.is_working_day(d) ? 0 : 1];
  Table t = new_table("service/hourly",
                      "one row per run, day type and hour of day: filing at the platform, by the "
                      "hour a case joined the operators' queue");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& type = t.add_str("day_type", "working or rest (holidays and rest weekends)").str;
  auto& hour = t.add_i64("hour", "hour", "hour of day the case joined the operators' queue").i64;
  auto& filed = t.add_i64("filed", "cases", "cases filed that joined the queue in that hour").i64;
  auto& mean = t.add_f64("filing_wait_hours_mean", "hours", "their mean wait for an operator").f64;
  auto& p95 = t.add_f64("filing_wait_hours_p95", "hours", "95th percentile of those waits").f64;
  auto& p99 = t.add_f64("filing_wait_hours_p99", "hours", "99th percentile of those waits").f64;
  auto& within = t.add_f64("share_within_target", "1",
                           "share of those waits <= platform.service_target_minutes")
                     .f64;
  auto& ops = t.add_i64("operators", "persons", "seat operators on duty in that hour").i64;
  auto& util = t.add_f64("util_operators", "1",
                         "operators' busy / on-duty time in that hour over the horizon")
                   .f64;
  auto& goal = t.add_f64("service_target_minutes", "minutes",
                         "the target share_within_target counts against")
                   .f64;
  for (int d = 0; d < 2; ++d)
    for (int h = 0; h < 24; ++h) {
      const int b = d * 24 + h;
      std::vector<float>& waits = filing_waits_by_hour[b];
      const auto in_time =
          std::count_if(waits.begin(), waits.end(), [&](float x) { return x <= target; });
      const int on_duty = w.operators_by_hour(d == 0)[h];
      run.push_back(ctx.run_id);
      type.push_back(d == 0 ? "working" : "rest");
      hour.push_back(h);
      filed.push_back(filed_by_hour[b]);
      mean.push_back(ratio(filing_wait_by_hour[b], filed_by_hour[b]) / kHour);
      p95.push_back(quantile_nearest_rank(waits, 0.95) / kHour);
      p99.push_back(quantile_nearest_rank(waits, 0.99) / kHour);
      within.push_back(ratio(static_cast<double>(in_time), static_cast<double>(waits.size())));
      ops.push_back(on_duty);
      util.push_back(
          ratio(operator_busy_by_hour[b], static_cast<double>(on_duty) * days_of_type[d] * kHour));
      goal.push_back(w.sc.platform.service_target_minutes);
    }
  return t;
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
  Table t = service_hourly(ctx);
  double worst_p95 = std::nan("");
  for (double p : t.column("filing_wait_hours_p95").f64)
    if (!std::isnan(p) && !(p <= worst_p95)) worst_p95 = p;
  k.set("triage_wait_hours_p95_worst_hour", worst_p95);
  return t;
}

}  // namespace gridplan::model
