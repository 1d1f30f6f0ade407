// `gridplan sweep` under mpirun: every rank parses the same command line; rank 0 runs the sweep
// (handing runs out, writing the file), the others run what it hands out. Built only with MPI.
#include <exception>
#include <iostream>
#include <string>

#include "gridplan/experiment/mpi_sweep.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "sweep_setup.hpp"

namespace gridplan::cli {

namespace {

/// The exit code main() would give the exception being handled; prints it as main() would when
/// `print`, and stores its message in `message`. Rank 0 prints here, not in main(): a broken job
/// is aborted when the MPI world goes away, before main() could print.
int exit_code_of_current(bool print, std::string& message) {
  try {
    throw;
  } catch (const io::ScenarioError& e) {
    message = e.what();
    if (print) print_error(message);
    return kExitBadInput;
  } catch (const io::EventLogError& e) {
    message = e.what();
    if (print) print_error(message);
    return kExitBadInput;
  } catch (const UsageError& e) {
    message = e.what();
    if (print) print_error("sweep: " + message);
    return kExitBadInput;
  } catch (const std::exception& e) {
    message = e.what();
    if (print) print_error(message);
    return kExitFailure;
  }
}

}  // namespace

int mpi_sweep_command(const Invocation& invocation) {
  experiment::MpiWorld world;
  SweepSetup setup;
  std::string message;
  if (world.rank() == 0) {
    try {
      if (!prepare_sweep(invocation, setup)) return kExitOk;
      return run_prepared_sweep(invocation, setup, &world);
    } catch (...) {
      return exit_code_of_current(true, message);
    }
  }
  try {
    if (!prepare_sweep(invocation, setup)) {
      experiment::mpi_leave(world, "--help");
      return kExitOk;
    }
  } catch (...) {
    // Usually rank 0 fails the same way and says so; if it does not (a file missing on this
    // node), it reports this rank's message and carries on without it.
    const int code = exit_code_of_current(false, message);
    try {
      experiment::mpi_leave(world, message);
    } catch (const std::exception& e) {
      print_error("rank " + std::to_string(world.rank()) + ": " + e.what());
      world.mark_broken();
    }
    return code;
  }
  try {
    experiment::mpi_worker(world, setup.plan, setup.opt.threads, setup.opt.engine);
  } catch (const std::exception& e) {
    print_error("rank " + std::to_string(world.rank()) + ": " + e.what());
    world.mark_broken();
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace gridplan::cli
