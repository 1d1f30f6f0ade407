// Sweeps whose engine allows one simulation per process (SimGrid keeps one Engine per process):
// every run in a child process of the same program, which writes the run's part itself.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gridplan/experiment/sweep_executor.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::experiment {

/// An executor that runs each run as the child process `program args... --worker RUN` (posix_spawn
/// of the same binary, in its own process group so that Ctrl-C reaches only the parent, which
/// then lets the children finish), at most `processes` at once. A child writes its run's part
/// itself (run_sweep_worker); a child that fails stops the hand-out, and its run and exit status
/// are rethrown once the others are done (the child's own message is on stderr).
RunExecutor process_executor(std::string program, std::vector<std::string> args, int processes);

/// What a `--worker RUN` child does: runs run `run` of `plan` on `engine` and writes its part of
/// the sweep that writes `out_path`.
void run_sweep_worker(const SweepPlan& plan, const std::string& out_path, std::size_t run,
                      const std::string& engine, const io::Provenance& provenance);

}  // namespace gridplan::experiment
