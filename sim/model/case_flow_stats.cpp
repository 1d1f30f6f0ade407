// Case flow statistics: sizing, merge, and the KPIs, columns and /cases table they give.
#include "gridplan/model/case_flow_stats.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::Table;

CaseFlowStats::CaseFlowStats(int days, int grids, int sources)
    : arrived_by_source(sources),
      arrivals_by_hour(days * 24 + 1),
      closed_by_hour(days * 24 + 1),
      arrivals_by_day(days + 1),
      closed_by_day(days + 1),
      overdue_change_by_day(days + 2),
      grid_arrived(grids),
      grid_closed(grids),
      grid_open(grids) {}

void CaseFlowStats::merge(const CaseFlowStats& o) {
  arrived += o.arrived;
  closed += o.closed;
  closed_dispatched += o.closed_dispatched;
  closed_on_time += o.closed_on_time;
  add_into(arrived_by_source, o.arrived_by_source, "arrived_by_source");
  add_into(arrivals_by_hour, o.arrivals_by_hour, "arrivals_by_hour");
  add_into(closed_by_hour, o.closed_by_hour, "closed_by_hour");
  add_into(arrivals_by_day, o.arrivals_by_day, "arrivals_by_day");
  add_into(closed_by_day, o.closed_by_day, "closed_by_day");
  add_into(overdue_change_by_day, o.overdue_change_by_day, "overdue_change_by_day");
  append_rows(close_hours, o.close_hours);
  append_rows(overdue_close_hours, o.overdue_close_hours);
  add_into(grid_arrived, o.grid_arrived, "grid_arrived");
  add_into(grid_closed, o.grid_closed, "grid_closed");
  open += o.open;
  add_into(grid_open, o.grid_open, "grid_open");
  trace.append(o.trace);
}

void CaseFlowStats::take_trace(CaseFlowStats& lp) {
  for (CaseRowBlock& block : lp.trace.take_blocks()) trace_parts.push_back(std::move(block));
}

void CaseFlowStats::release_rows() {
  std::vector<float>().swap(close_hours);
  std::vector<float>().swap(overdue_close_hours);
  trace = {};
}

namespace {

// /cases, sorted by case id (ids are unique): each block of an LP's rows is sorted in place and
// the blocks are merged as the table is read, a piece at a time when it is written to a file (a
// year's trace is 95 MB of rows, and would be 140 MB more as columns, or 95 MB more gathered in
// one vector). Rows are made in order, each once; a block is freed when all its rows are made.
kernel::TableSource cases_source(std::vector<CaseRowBlock> parts, std::int64_t run_id) {
  struct Rows {
    std::vector<CaseRowBlock> parts;
    std::vector<std::size_t> at;  // next row of each part
    // (next id, part) of the parts with rows left, a min-heap: a year has about 60 blocks.
    std::vector<std::pair<std::uint64_t, std::size_t>> next;
    std::size_t made = 0;
  };
  auto rows = std::make_shared<Rows>();
  std::size_t total = 0;
  for (CaseRowBlock& part : parts) {
    if (part.empty()) continue;
    std::sort(part.begin(), part.end(),
              [](const CaseRow& a, const CaseRow& b) { return a.id < b.id; });
    rows->next.emplace_back(part.front().id, rows->parts.size());
    total += part.size();
    rows->parts.push_back(std::move(part));
  }
  rows->at.assign(rows->parts.size(), 0);
  std::make_heap(rows->next.begin(), rows->next.end(), std::greater<>());
  kernel::TableSource source;
  source.rows = total;
  Table& t = source.columns;
  t.name = "cases";
  t.description =
      "one row per case (with --trace), closed or open at the horizon; times in hours since the "
      "start, NaN where the step did not happen; source, category and office are codes into "
      "/sources, /categories and /departments";
  t.add_i64("run", "", "run id");
  t.add_i64("id", "", "case id: creating LP * 2^40 + its counter");
  t.add_i64("source", "", "source code (row of /sources)");
  t.add_i64("category", "", "category code (row of /categories)");
  t.add_i64("grid", "", "district-wide grid index (row of /grids)");
  t.add_i64("department", "", "handling office (row of /departments); -1 if settled in the grid");
  t.add_f64("t_report", "hours", "reported");
  t.add_f64("t_triage", "hours", "filing by a seat operator began");
  t.add_f64("t_dispatch", "hours", "dispatched");
  t.add_f64("t_settle", "hours", "settled (in the grid, or handling office done)");
  t.add_f64("t_verify", "hours", "last on-site verification");
  t.add_f64("t_close", "hours", "closed");
  t.add_i64("reopen_count", "", "failed verifications");
  t.add_f64("t_operator_queue", "hours",
            "joined the seat operators' queue for filing (NaN if never)");
  source.fill = [rows, run_id](std::size_t from, std::size_t to, Table& piece) {
    if (from != rows->made) throw std::logic_error("/cases: rows are made in order, each once");
    rows->made = to;
    auto& c = piece.columns;
    auto& parts = rows->parts;
    auto& next = rows->next;
    for (std::size_t k = from; k < to; ++k) {
      std::pop_heap(next.begin(), next.end(), std::greater<>());
      const std::size_t p = next.back().second;  // the part with the least next id
      const CaseRow& r = parts[p][rows->at[p]++];
      c[0].i64.push_back(run_id);
      c[1].i64.push_back(static_cast<std::int64_t>(r.id));
      c[2].i64.push_back(r.source);
      c[3].i64.push_back(r.category);
      c[4].i64.push_back(r.grid);
      c[5].i64.push_back(std::isnan(r.t_dispatch) ? -1 : r.office);
      const double ts[6] = {r.t_report, r.t_triage, r.t_dispatch,
                            r.t_settle, r.t_verify, r.t_close};
      for (int i = 0; i < 6; ++i) c[6 + i].f64.push_back(ts[i] / kHour);
      c[12].i64.push_back(r.reopen);
      c[13].f64.push_back(r.t_operator_queue / kHour);
      if (rows->at[p] < parts[p].size()) {
        next.back().first = parts[p][rows->at[p]].id;
        std::push_heap(next.begin(), next.end(), std::greater<>());
      } else {
        next.pop_back();
        CaseRowBlock().swap(parts[p]);
      }
    }
  };
  return source;
}

}  // namespace

std::vector<Table> CaseFlowStats::results(RunResults& out, const ResultContext& ctx,
                                          std::vector<kernel::TableSource>* on_demand) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  const int days = sc.days;

  // Backlog at every hour boundary from arrivals and closes per hour.
  double backlog_sum = 0, backlog_max = 0;
  {
    double open_now = 0;
    const int hours = days * 24;
    for (int h = 0; h < hours; ++h) {
      open_now += arrivals_by_hour[h] - closed_by_hour[h];
      backlog_sum += open_now;
      backlog_max = std::max(backlog_max, open_now);
    }
    backlog_sum /= std::max(hours, 1);
  }

  KpiRecorder& k = out.kpi;
  const double n_arrived = static_cast<double>(arrived);
  k.set("cases_arrived", n_arrived);
  k.set("cases_closed", static_cast<double>(closed));
  k.set("cases_open", static_cast<double>(open));
  k.set("completion_rate", ratio(closed, n_arrived));
  k.set("on_time_rate", ratio(closed_on_time, closed_dispatched));
  double close_sum = 0;
  for (float h : close_hours) close_sum += h;
  k.set("close_hours_mean", ratio(close_sum, static_cast<double>(close_hours.size())));
  k.set("close_hours_p50", quantile_nearest_rank(close_hours, 0.50));
  k.set("close_hours_p90", quantile_nearest_rank(close_hours, 0.90));
  k.set("close_hours_p99", quantile_nearest_rank(close_hours, 0.99));
  k.set("overdue_close_hours_p90", quantile_nearest_rank(overdue_close_hours, 0.90));
  k.set("backlog_mean", backlog_sum);
  k.set("backlog_max", backlog_max);
  for (std::size_t s = 0; s < sc.sources.size(); ++s)
    k.set_extra("cases_" + sc.sources[s].name, "cases",
                "cases from source '" + sc.sources[s].name + "'",
                static_cast<double>(arrived_by_source[s]));

  {
    Table& t = out.daily;
    auto& arr = t.add_i64("arrivals", "cases", "cases reported").i64;
    auto& clo = t.add_i64("closed", "cases", "cases closed").i64;
    auto& bl = t.add_i64("backlog", "cases", "open cases at the end of the day").i64;
    auto& od = t.add_i64("overdue", "cases",
                         "open dispatched cases past their time limit at the end of the day")
                   .i64;
    std::int64_t backlog = 0, overdue = 0;
    for (int d = 0; d < days; ++d) {
      backlog += arrivals_by_day[d] - closed_by_day[d];
      overdue += overdue_change_by_day[d];
      arr.push_back(arrivals_by_day[d]);
      clo.push_back(closed_by_day[d]);
      bl.push_back(backlog);
      od.push_back(overdue);
    }
  }
  {
    Table& t = out.grids;
    auto& arr = t.add_i64("arrived", "cases", "cases that arrived").i64;
    auto& clo = t.add_i64("closed", "cases", "cases closed").i64;
    auto& op = t.add_i64("open", "cases", "cases open at the horizon").i64;
    for (std::size_t g = 0; g < w.district.grids.size(); ++g) {
      arr.push_back(grid_arrived[g]);
      clo.push_back(grid_closed[g]);
      op.push_back(ctx.open_by_grid[g]);
    }
  }
  {
    Table& t = out.streets;
    auto& arr = t.add_i64("arrived", "cases", "cases that arrived in its grids").i64;
    auto& clo = t.add_i64("closed", "cases", "of those, closed").i64;
    auto& op = t.add_i64("open", "cases", "of those, open at the horizon").i64;
    for (int s = 0; s < w.n_streets; ++s) {
      std::int64_t a = 0, c = 0, o = 0;
      const int first = w.district.street_first_grid[s];
      for (int g = first; g < first + sc.streets[s].basic_grids; ++g) {
        a += grid_arrived[g];
        c += grid_closed[g];
        o += ctx.open_by_grid[g];
      }
      arr.push_back(a);
      clo.push_back(c);
      op.push_back(o);
    }
  }

  std::vector<Table> own;
  if (w.trace) {
    if (!trace.empty()) take_trace(*this);  // rows not taken before (a stats object alone)
    kernel::TableSource cases = cases_source(std::move(trace_parts), ctx.run_id);
    trace_parts = {};
    if (on_demand)
      on_demand->push_back(std::move(cases));
    else
      own.push_back(cases.table());
  }
  return own;
}

}  // namespace gridplan::model
