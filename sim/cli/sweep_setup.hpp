// What `gridplan sweep` takes from its command line, shared by its three ways of running: one
// process, a --worker child (SimGrid) and the ranks of an MPI job (sweep_mpi.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/experiment/sweep_runner.hpp"
#include "replay_options.hpp"

namespace gridplan::experiment {
class MpiWorld;
}

namespace gridplan::cli {

/// The options of `gridplan sweep`.
struct SweepCommandOptions {
  std::string scenario_path;
  std::string sweep_file;
  std::vector<std::string> grids;
  std::vector<std::string> sets;
  std::optional<std::string> out;  ///< --out, if given
  std::string shard;               ///< "I/N", or empty
  std::string engine = "native";
  int threads = 0;
  bool resume = false;
  bool independent = false;
  bool quiet = false;
  bool force = false;  ///< run even if the memory estimate exceeds the machine's
  std::size_t stop_after = 0;
  ReplayCommandOptions replay;  ///< --replay: every run replays this log
};

/// A parsed sweep command with its validated plan.
struct SweepSetup {
  SweepCommandOptions opt;
  experiment::SweepSpec spec;
  int warmup_days = 0;
  std::optional<experiment::SweepShard> shard;
  experiment::SweepPlan plan;
};

/// Parses the options and builds and validates the plan; false if --help was printed. Throws
/// UsageError (or io::ScenarioError) for bad input.
bool prepare_sweep(const Invocation& invocation, SweepSetup& setup);

/// Runs a prepared sweep from this process (over the ranks of `world` if given and larger than
/// one) and prints the outcome; returns the exit code.
int run_prepared_sweep(const Invocation& invocation, SweepSetup& setup,
                       experiment::MpiWorld* world);

/// `gridplan sweep` under mpirun: rank 0 runs the sweep and writes the file, the other ranks run
/// what it hands out. Every rank returns an exit code; only rank 0 reports bad input.
int mpi_sweep_command(const Invocation& invocation);

}  // namespace gridplan::cli
