// The parts of a run's results that belong to no unit's statistics: the run context, the key
// columns and published column order of the shared tables, and the queue and lookup tables.
#include "gridplan/model/run_results.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/emergency_drill.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_stats.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::Table;

const QueueStats& ResultContext::worker_queue(std::size_t grid) const {
  return queues[1 + static_cast<std::size_t>(config.n_offices) + grid].stats;
}

ResultContext result_context(const RunConfig& config, const LpStats& all, std::int64_t run_id,
                             const std::vector<NamedQueue>& queues,
                             std::vector<const MediationCentre*> centres) {
  return ResultContext{
      config, run_id, queues, all.flow.grid_open, all.offices.open, std::move(centres)};
}

RunResults keyed_tables(const ResultContext& ctx) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  const std::int64_t run_id = ctx.run_id;
  RunResults r;
  {
    Table& t = r.daily =
        new_table("timeseries/daily",
                  "one row per run and day; counts within the day, stocks at the day's end");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& day = t.add_i64("day", "day", "day index from the start date (0 = first day)").i64;
    auto& date = t.add_i64("date", "YYYYMMDD", "calendar date").i64;
    auto& type = t.add_str("day_type",
                           "\"working\", \"holiday\" (a weekday off listed in holidays) or "
                           "\"rest\" (other days off)")
                     .str;
    auto& heating = t.add_i64("heating_season", "", "1 inside the heating season, else 0").i64;
    for (int d = 0; d < sc.days; ++d) {
      run.push_back(run_id);
      day.push_back(d);
      const kernel::Date on = w.calendar.date_of_day(d);
      date.push_back(on.to_int());
      const bool holiday =
          std::find(sc.holidays.begin(), sc.holidays.end(), on) != sc.holidays.end();
      type.push_back(w.calendar.is_working_day(d) ? "working" : holiday ? "holiday" : "rest");
      heating.push_back(in_heating_season(sc, w.calendar, d) ? 1 : 0);
    }
  }
  {
    Table& t = r.grids =
        new_table("grids", "one row per run and basic grid (one grid worker each)");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& id = t.add_i64("grid", "", "district-wide grid index").i64;
    auto& street = t.add_str("street", "street name").str;
    auto& comm = t.add_i64("community", "", "district-wide community index").i64;
    auto& cg = t.add_i64("community_grid", "", "district-wide community-grid index").i64;
    auto& hh = t.add_f64("households", "households", "households in the grid").f64;
    auto& act = t.add_f64("activity", "1", "relative case rate (district mean 1)").f64;
    auto& x = t.add_f64("x", "", "planar x coordinate from the grid register (NaN: none)").f64;
    auto& y = t.add_f64("y", "", "planar y coordinate from the grid register (NaN: none)").f64;
    for (std::size_t g = 0; g < w.district.grids.size(); ++g) {
      const BasicGrid& bg = w.district.grids[g];
      run.push_back(run_id);
      id.push_back(static_cast<std::int64_t>(g));
      street.push_back(sc.streets[bg.street].name);
      comm.push_back(bg.community);
      cg.push_back(bg.community_grid);
      hh.push_back(bg.households);
      act.push_back(bg.activity);
      x.push_back(bg.x);
      y.push_back(bg.y);
    }
  }
  {
    Table& t = r.offices = new_table(
        "departments", "one row per run and handling office: the street offices, then departments");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("office", "", "office index").i64;
    auto& name = t.add_str("name", "office name").str;
    auto& kind = t.add_str("kind", "\"street_office\" or \"department\"").str;
    auto& staff = t.add_i64("staff", "people", "staff on cases").i64;
    for (int o = 0; o < w.n_offices; ++o) {
      const bool is_street = o < w.n_streets;
      run.push_back(run_id);
      idx.push_back(o);
      name.push_back(is_street ? sc.streets[o].name : sc.departments[o - w.n_streets].name);
      kind.push_back(is_street ? "street_office" : "department");
      staff.push_back(is_street ? sc.streets[o].office_staff
                                : sc.departments[o - w.n_streets].staff);
    }
  }
  {
    Table& t = r.streets = new_table("streets", "one row per run and street");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("street", "", "street index (row of the scenario's streets)").i64;
    auto& name = t.add_str("name", "street name").str;
    auto& grids = t.add_i64("basic_grids", "grids", "basic grids").i64;
    auto& hh = t.add_f64("households", "households", "households").f64;
    for (int s = 0; s < w.n_streets; ++s) {
      run.push_back(run_id);
      idx.push_back(s);
      name.push_back(sc.streets[s].name);
      grids.push_back(sc.streets[s].basic_grids);
      hh.push_back(sc.streets[s].households);
    }
  }
  return r;
}

namespace {
// The published columns in their order; a column added since follows them, in the order its
// unit added it, so a new column needs no change here.
void publish_order(Table& t, std::vector<std::string> names) {
  for (const auto& c : t.columns)
    if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  t.reorder(names);
}
}  // namespace

void order_columns(RunResults& r) {
  // The published layout: keys first, then by topic rather than by the unit that fills them.
  publish_order(r.daily, {"run", "day", "date", "day_type", "heating_season", "arrivals",
                          "settled_in_grid", "dispatched", "closed", "backlog", "overdue",
                          "triage_wait_hours_mean", "util_operators", "util_grid_workers",
                          "util_departments", "whistles", "second_whistles"});
  publish_order(r.grids,
                {"run", "grid", "street", "community", "community_grid", "households", "activity",
                 "x", "y", "arrived", "settled_in_grid", "dispatched", "closed", "open",
                 "worker_busy_hours", "worker_util", "worker_wait_hours_mean"});
  publish_order(r.offices, {"run",
                            "office",
                            "name",
                            "kind",
                            "staff",
                            "received",
                            "closed",
                            "open",
                            "closed_on_time",
                            "on_time_rate",
                            "reopened",
                            "staff_busy_hours",
                            "util",
                            "wait_hours_mean",
                            "queue_length_mean",
                            "lead_days_mean",
                            "whistles",
                            "whistle_report_hours_mean",
                            "whistle_report_on_time_rate",
                            "whistles_failed",
                            "street_score",
                            "annual_score_from_streets"});
  publish_order(r.streets, {"run", "street", "name", "basic_grids", "households", "arrived",
                            "closed", "open", "whistles", "office_util"});
}

void set_emergency_kpis(KpiRecorder& k, const EmergencyResults& em) {
  k.set("emergency_households", em.households);
  k.set("emergency_coverage_1h", em.coverage_1h);
  k.set("emergency_coverage_2h", em.coverage_2h);
  k.set("emergency_coverage_3h", em.coverage_3h);
  k.set("emergency_hours_to_95", em.hours_to_95);
  k.set("emergency_hours_to_100", em.hours_to_100);
  k.set("emergency_grids_done_3h", em.grids_done_3h);
}

Table queues_table(const ResultContext& ctx) {
  // Little's law: L = lambda W over the horizon, with waits of cases still queued at the
  // horizon counted up to it.
  const double horizon = ctx.config.horizon;
  Table t = new_table("queues", "one row per run and queue (operators, offices, grid workers)");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& name = t.add_str("queue", "queue name").str;
  auto& kind = t.add_str("kind", "operators, office or grid_worker").str;
  auto& arr = t.add_i64("arrivals", "cases", "cases that joined the queue").i64;
  auto& lam = t.add_f64("arrival_rate_per_hour", "cases/hour", "arrivals / horizon").f64;
  auto& wq =
      t.add_f64("wait_hours_mean", "hours", "mean wait before service (censored at the horizon)")
          .f64;
  auto& lq = t.add_f64("queue_length_mean", "cases", "time-average number waiting").f64;
  auto& ws =
      t.add_f64("sojourn_hours_mean", "hours", "mean time in queue and service (censored)").f64;
  auto& ls = t.add_f64("in_system_mean", "cases", "time-average number waiting or in service").f64;
  auto& util = t.add_f64("util", "1", "busy / on-duty staff time").f64;
  for (const auto& q : ctx.queues) {
    const double n = static_cast<double>(q.stats.arrivals);
    run.push_back(ctx.run_id);
    name.push_back(q.name);
    kind.push_back(q.kind);
    arr.push_back(static_cast<std::int64_t>(q.stats.arrivals));
    lam.push_back(n / (horizon / kHour));
    wq.push_back(ratio(q.stats.wait_sum, n) / kHour);
    lq.push_back(q.stats.queue_area / horizon);
    ws.push_back(ratio(q.stats.sojourn_sum, n) / kHour);
    ls.push_back(q.stats.system_area / horizon);
    util.push_back(ratio(q.stats.busy_seconds, q.stats.available_seconds));
  }
  return t;
}

Table sources_table(const ResultContext& ctx) {
  const Scenario& sc = ctx.config.sc;
  Table t = new_table("sources", "one row per run and case source of the scenario");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& idx = t.add_i64("source", "", "source index (the code in /cases)").i64;
  auto& name = t.add_str("name", "source name").str;
  auto& per_year = t.add_f64("per_year", "cases/year", "expected cases in 365 days").f64;
  for (std::size_t i = 0; i < sc.sources.size(); ++i) {
    run.push_back(ctx.run_id);
    idx.push_back(static_cast<std::int64_t>(i));
    name.push_back(sc.sources[i].name);
    per_year.push_back(sc.sources[i].per_year);
  }
  return t;
}

namespace {

/// "housing": a category's one handler; "housing=0.7+street=0.3": several, with their shares.
std::string handlers_text(const std::vector<HandlerShare>& handlers) {
  if (handlers.size() == 1) return handlers.front().handler;
  std::string text;
  for (const HandlerShare& h : handlers) {
    char share[32];
    const auto end = std::to_chars(share, share + sizeof share, h.share).ptr;
    text += (text.empty() ? "" : "+") + h.handler + "=" + std::string(share, end);
  }
  return text;
}

}  // namespace

Table categories_table(const ResultContext& ctx) {
  const Scenario& sc = ctx.config.sc;
  Table t = new_table("categories", "one row per run and case category of the scenario");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& idx = t.add_i64("category", "", "category index (the code in /cases)").i64;
  auto& name = t.add_str("name", "category name").str;
  auto& handler = t.add_str("handler", "\"street\" or the handling department").str;
  auto& limit = t.add_f64("time_limit_days", "working days", "time limit after dispatch").f64;
  for (std::size_t i = 0; i < sc.categories.size(); ++i) {
    run.push_back(ctx.run_id);
    idx.push_back(static_cast<std::int64_t>(i));
    name.push_back(sc.categories[i].name);
    handler.push_back(handlers_text(sc.categories[i].handlers));
    limit.push_back(sc.categories[i].time_limit_days);
  }
  return t;
}

}  // namespace gridplan::model
