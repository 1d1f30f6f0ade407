// The check that run, sweep, export-events and check share before any work: a scenario whose
// estimated peak memory (io::estimate_run) exceeds this machine's is refused with the numbers.
#pragma once

#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::cli {

/// Throws UsageError (exit 2) with the estimate if `runs_at_once` runs of `scenario` are not
/// expected to fit in this machine's physical memory, less `shared_bytes` held once (a replayed
/// log), unless `force`. `trace`: with /cases.
void refuse_oversized_run(const model::Scenario& scenario, bool trace, int runs_at_once, bool force,
                          double shared_bytes = 0);

/// As refuse_oversized_run for a sweep: its largest point, as many runs at once as `threads`
/// (or the sweep's runs, if fewer), beside the logs its points replay.
void refuse_oversized_sweep(const experiment::SweepPlan& plan, int threads, bool force);

}  // namespace gridplan::cli
