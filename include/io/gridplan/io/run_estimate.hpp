// What a run of a scenario will cost before it starts: expected cases, events and peak memory
// from a linear model fitted to the baseline, and whether that fits in this machine's memory.
// `gridplan check` prints it; run, sweep and export-events refuse a run that cannot fit.
#pragma once

#include <string>

#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// The expected cost of one run.
struct RunEstimate {
  double cases = 0;       ///< expected arrivals: the sources' per_year x days / 365
  double events = 0;      ///< expected simulation events
  double peak_bytes = 0;  ///< expected peak resident memory of the process, bytes
  /// The same if no case closed: queues that never empty (an understaffed office) keep every
  /// case open. 10x the baseline's 66 MB with 10x its patrol cases (1.49 GB) shows the gap.
  double worst_bytes = 0;
};

/// The estimate for one run of `scenario`; `trace` adds the /cases table (a row per case).
RunEstimate estimate_run(const model::Scenario& scenario, bool trace = false);

/// The memory a run may use, in bytes: the environment variable GRIDPLAN_MEMORY_BYTES if set
/// (a container's limit, or a test), else this machine's physical memory (sysconf); 0 if unknown.
double usable_memory_bytes();

/// "this machine has 25.3 GB", or "GRIDPLAN_MEMORY_BYTES allows 1 GB" if that set it.
std::string describe_memory(double bytes);

/// "1.19 M cases, 6.34 M events, peak memory about 76 MB (up to 310 MB if cases pile up)".
std::string describe_estimate(const RunEstimate& estimate);

/// "76 MB", "3.2 GB", "19.4 TB": bytes for people (decimal units).
std::string format_bytes(double bytes);

/// Empty if `runs_at_once` such runs fit in `memory_bytes` (0: unknown, always fits); else why
/// not, with the numbers ("needs about 45 GB of memory (...) but this machine has 24 GB").
std::string memory_shortfall(const RunEstimate& estimate, int runs_at_once, double memory_bytes);

}  // namespace gridplan::io
