// The KPI catalogue and the recorder that refuses undeclared or missing KPIs.
#include "gridplan/model/kpi.hpp"

#include <stdexcept>

namespace gridplan::model {

const std::vector<KpiSpec>& kpi_catalogue() {
  static const std::vector<KpiSpec> k = {
      {"cases_arrived", "cases", "cases that arrived within the horizon"},
      {"cases_closed", "cases", "cases closed within the horizon"},
      {"cases_open", "cases", "cases still open at the horizon (never dropped)"},
      {"completion_rate", "1", "cases_closed / cases_arrived"},
      {"on_time_rate", "1",
       "share of closed dispatched cases closed within their time limit (working days from "
       "dispatch)"},
      {"settled_in_grid_rate", "1",
       "share of cases settled by the grid worker without dispatch, among cases the worker has "
       "decided on"},
      {"close_hours_mean", "hours", "mean time from report to close of closed cases"},
      {"close_hours_p50", "hours", "median time from report to close"},
      {"close_hours_p90", "hours", "90th percentile of time from report to close"},
      {"close_hours_p99", "hours", "99th percentile of time from report to close"},
      {"overdue_close_hours_p90", "hours",
       "90th percentile of report-to-close time of dispatched cases closed after their limit"},
      {"backlog_mean", "cases", "open cases, sampled at every hour boundary, mean"},
      {"backlog_max", "cases", "open cases, sampled at every hour boundary, maximum"},
      {"triage_wait_hours_mean", "hours", "wait for a seat operator, mean over filed cases"},
      {"triage_wait_hours_p95", "hours", "wait for a seat operator, 95th percentile"},
      {"triage_wait_probability", "1", "share of filed cases that waited for a seat operator"},
      {"util_grid_workers", "1",
       "grid workers' busy time (case handling plus patrol) / on-duty time"},
      {"util_operators", "1", "seat operators' busy time / on-duty time"},
      {"util_departments", "1",
       "street-office and department staff busy time / on-duty time (all offices)"},
      {"whistles_first", "whistles", "first whistles blown (all rules)"},
      {"whistles_second", "whistles",
       "second whistles: a whistled result failed verification and district leaders stepped in"},
      {"whistles_settled", "cases", "whistled cases closed within the horizon"},
      {"whistle_report_hours_mean", "hours",
       "mean time from a first whistle to a department's report on site (报到)"},
      {"whistle_settle_hours_mean", "hours",
       "mean time from the first whistle to the whistled handling's end, closed cases"},
      {"disputes_accepted", "disputes",
       "disputes accepted by the mediation centres (each counted once, at its first centre)"},
      {"disputes_resolved", "disputes", "disputes resolved at one of the three levels"},
      {"dispute_resolution_rate", "1",
       "disputes_resolved / (disputes_resolved + disputes_to_legal): share of ended disputes "
       "resolved by mediation"},
      {"disputes_to_legal", "disputes",
       "disputes the district centre did not resolve: to arbitration, reconsideration or "
       "litigation"},
      {"dispute_days_mean", "days", "mean days from first acceptance to resolution or legal exit"},
      {"emergency_households", "households",
       "households in the first drill's area (NaN without a drill in the horizon)"},
      {"emergency_coverage_1h", "1",
       "share of the area's households covered 1 hour after "
       "the emergency was declared"},
      {"emergency_coverage_2h", "1", "the same after 2 hours"},
      {"emergency_coverage_3h", "1", "the same after 3 hours"},
      {"emergency_hours_to_95", "hours", "time to cover 95% of the area's households"},
      {"emergency_hours_to_100", "hours",
       "time to cover every household (NaN if some were never reached)"},
      {"emergency_grids_done_3h", "1",
       "share of the area's grids with 95% of households covered within the drill's target "
       "time (3 hours by default)"},
      {"cases_dispatched", "cases", "cases filed and dispatched by the platform"},
      {"cases_to_mediation", "cases",
       "dispatched dispute cases referred to a community mediation centre instead of an office"},
      {"cases_reopened", "cases", "failed verifications that sent a case back to its office"},
      {"events", "events", "events handled by the engine"},
      {"cases_filed_to_grid_worker", "cases",
       "cases filed at the platform and sent to the grid worker to be settled in the grid"},
      {"triage_wait_hours_p95_worst_hour", "hours",
       "the highest 95th percentile of the wait for a seat operator over the 48 day-type and "
       "hour buckets of /service/hourly (buckets with no filed case skipped)"},
      {"on_time_rate_worst_office", "1",
       "the lowest on-time rate of a handling office (closed on time / closed dispatched cases; "
       "offices with no closed case skipped)"},
  };
  return k;
}

void KpiRecorder::set(const std::string& name, double value) {
  for (const auto& k : kpi_catalogue())
    if (name == k.name) {
      values_[name] = value;
      return;
    }
  throw std::logic_error("KPI '" + name + "' is not declared in the catalogue");
}

void KpiRecorder::set_extra(const std::string& name, const std::string& unit,
                            const std::string& description, double value) {
  extra_names_.push_back(name);
  extra_units_.push_back(unit);
  extra_descriptions_.push_back(description);
  values_[name] = value;
}

kernel::Table KpiRecorder::table(std::int64_t run_id) const {
  kernel::Table t;
  t.name = "kpi";
  t.description = "one row per run: the key performance indicators (output/README.md)";
  t.add_i64("run", "", "run id").i64.push_back(run_id);
  const auto add = [&](const std::string& n, const std::string& unit, const std::string& d) {
    const auto it = values_.find(n);
    if (it == values_.end()) throw std::logic_error("KPI '" + n + "' was never recorded");
    t.add_f64(n, unit, d).f64.push_back(it->second);
  };
  for (const auto& k : kpi_catalogue()) add(k.name, k.unit, k.description);
  for (std::size_t i = 0; i < extra_names_.size(); ++i)
    add(extra_names_[i], extra_units_[i], extra_descriptions_[i]);
  return t;
}

}  // namespace gridplan::model
