// Grid worker statistics: sizing, merge, and the settle, utilisation and reopen results.
#include "gridplan/model/grid_worker_stats.hpp"

#include <algorithm>

#include "gridplan/model/platform_stats.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;
using kernel::Table;

GridWorkerStats::GridWorkerStats(int days, int grids)
    : settled_by_day(days + 1),
      busy_by_day(days + 1),
      grid_settled(grids),
      grid_overtime_seconds(grids) {}

void GridWorkerStats::merge(const GridWorkerStats& o) {
  settled_in_grid += o.settled_in_grid;
  reopened += o.reopened;
  add_into(settled_by_day, o.settled_by_day, "settled_by_day");
  add_into(busy_by_day, o.busy_by_day, "worker_busy_by_day");
  add_into(grid_settled, o.grid_settled, "grid_settled");
  add_into(grid_overtime_seconds, o.grid_overtime_seconds, "grid_overtime_seconds");
}

void GridWorkerStats::results(RunResults& out, const ResultContext& ctx,
                              const PlatformStats& platform) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;
  const int days = sc.days;

  // Staff time: patrol is a fixed daily block of every on-duty worker, added to busy time.
  const double n_workers = static_cast<double>(w.district.grids.size());
  std::vector<double> worker_avail(days + 1), patrol(days + 1);
  for (int d = 0; d < days; ++d) {
    const double on = w.worker_shift.on_seconds(d * kDay, (d + 1) * kDay);
    worker_avail[d] = n_workers * on;
    patrol[d] = n_workers * std::min(on, sc.grid_worker.patrol_hours * kHour);
  }
  double worker_busy = 0, worker_on = 0;
  for (const auto& q : ctx.queues)
    if (q.kind == "grid_worker")
      worker_busy += q.stats.busy_seconds, worker_on += q.stats.available_seconds;
  double patrol_total = 0;
  for (double p : patrol) patrol_total += p;

  KpiRecorder& k = out.kpi;
  k.set("settled_in_grid_rate",
        ratio(settled_in_grid, static_cast<double>(settled_in_grid + platform.dispatched)));
  k.set("util_grid_workers", ratio(worker_busy + patrol_total, worker_on));
  k.set("cases_reopened", static_cast<double>(reopened));

  {
    Table& t = out.daily;
    auto& set = t.add_i64("settled_in_grid", "cases", "cases settled by grid workers").i64;
    auto& ug =
        t.add_f64("util_grid_workers", "1", "grid workers' busy (cases and patrol) / on-duty time")
            .f64;
    for (int d = 0; d < days; ++d) {
      set.push_back(settled_by_day[d]);
      ug.push_back(ratio(busy_by_day[d] + patrol[d], worker_avail[d]));
    }
  }
  {
    Table& t = out.grids;
    auto& set = t.add_i64("settled_in_grid", "cases", "cases settled by the grid worker").i64;
    auto& busy = t.add_f64("worker_busy_hours", "hours", "grid worker's case-handling time").f64;
    auto& util =
        t.add_f64("worker_util", "1", "grid worker's busy time (cases and patrol) / on-duty time")
            .f64;
    auto& wait =
        t.add_f64("worker_wait_hours_mean", "hours", "mean wait of a case for the grid worker").f64;
    auto& overtime = t.add_f64("worker_overtime_hours", "hours",
                               "grid worker's time on cases after the end of the shift")
                         .f64;
    for (std::size_t g = 0; g < w.district.grids.size(); ++g) {
      const QueueStats& q = ctx.worker_queue(g);
      set.push_back(grid_settled[g]);
      busy.push_back(q.busy_seconds / kHour);
      util.push_back(ratio(q.busy_seconds + patrol_total / n_workers, q.available_seconds));
      wait.push_back(ratio(q.wait_sum, static_cast<double>(q.arrivals)) / kHour);
      overtime.push_back(grid_overtime_seconds[g] / kHour);
    }
  }
}

}  // namespace gridplan::model
