// Refusing, before it starts, a run that would exhaust the machine's memory: a swapping or
// OOM-killed run is worse than a clear message.
#include "memory_guard.hpp"

#include <algorithm>

#include "commands.hpp"
#include "gridplan/io/run_estimate.hpp"

namespace gridplan::cli {

void refuse_oversized_run(const model::Scenario& scenario, bool trace, int runs_at_once,
                          bool force) {
  if (force) return;
  const std::string shortfall = io::memory_shortfall(io::estimate_run(scenario, trace),
                                                     runs_at_once, io::usable_memory_bytes());
  if (!shortfall.empty())
    throw UsageError("scenario " + scenario.name + " " + shortfall +
                     "; lower per_year, days or grids (--force runs it anyway)");
}

void refuse_oversized_sweep(const experiment::SweepPlan& plan, int threads, bool force) {
  const auto at_once = static_cast<int>(std::min<std::size_t>(std::max(threads, 1), plan.runs()));
  for (const experiment::SweepPoint& point : plan.points)
    refuse_oversized_run(point.scenario, false, at_once, force);
}

}  // namespace gridplan::cli
