// Refusing, before it starts, a run that would exhaust the machine's memory: a swapping or
// OOM-killed run is worse than a clear message.
#include "memory_guard.hpp"

#include <algorithm>
#include <set>

#include "commands.hpp"
#include "gridplan/io/run_estimate.hpp"

namespace gridplan::cli {

void refuse_oversized_run(const model::Scenario& scenario, bool trace, int runs_at_once, bool force,
                          double shared_bytes) {
  if (force) return;
  const double usable = io::usable_memory_bytes();
  // Unknown memory (0) stays unknown; memory the shared data fill leaves the runs the rest.
  const double left = usable > 0 ? std::max(1.0, usable - shared_bytes) : 0;
  const std::string shortfall =
      io::memory_shortfall(io::estimate_run(scenario, trace), runs_at_once, left);
  if (!shortfall.empty())
    throw UsageError("scenario " + scenario.name + " " + shortfall +
                     (shared_bytes > 0 ? " once the replayed log is read" : "") +
                     "; lower per_year, days or grids (--force runs it anyway)");
}

void refuse_oversized_sweep(const experiment::SweepPlan& plan, int threads, bool force) {
  const auto at_once = static_cast<int>(std::min<std::size_t>(std::max(threads, 1), plan.runs()));
  // The logs the points replay, each held once whatever the threads.
  std::set<const io::RecordedLog*> logs;
  double shared = 0;
  for (const experiment::SweepPoint& point : plan.points)
    if (point.log && logs.insert(point.log.get()).second)
      shared += static_cast<double>(point.log->memory_bytes());
  for (const experiment::SweepPoint& point : plan.points)
    refuse_oversized_run(point.scenario, false, at_once, force, shared);
}

}  // namespace gridplan::cli
