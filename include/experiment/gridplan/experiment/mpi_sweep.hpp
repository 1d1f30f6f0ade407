// A sweep over the ranks of an MPI job (mpirun -np N gridplan sweep ...): rank 0 hands out runs
// one at a time and writes every result; built only with GRIDPLAN_WITH_MPI. No <mpi.h> here.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>

#include "gridplan/experiment/sweep_executor.hpp"
#include "gridplan/experiment/sweep_plan.hpp"

namespace gridplan::experiment {

/// The MPI job this process belongs to, from MPI_Init to MPI_Finalize. Errors of MPI calls are
/// returned (MPI_ERRORS_RETURN) and thrown as std::runtime_error, not aborted on.
class MpiWorld {
 public:
  /// Whether mpirun (or srun / a PMI launcher) started this process: only then is MPI set up,
  /// so that a plain `gridplan sweep` never touches MPI.
  static bool launched_by_mpirun() {
    // OpenMPI's mpirun, then PMI (MPICH's hydra, Slurm's srun --mpi=pmi2) and PMIx launchers.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
      if (std::getenv(name) != nullptr) return true;
    return false;
  }
  /// The number of ranks the launcher says it started (OMPI_COMM_WORLD_SIZE or PMI_SIZE), 0 if
  /// it does not say. Inline, like launched_by_mpirun: a build without MPI checks it too.
  static int launcher_ranks() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
      if (const char* value = std::getenv(name)) return std::atoi(value);
    return 0;
  }

  /// MPI_Init_thread (MPI calls from this thread only).
  MpiWorld();
  /// Rank 0 first releases ranks still waiting for runs (after an error before any run was
  /// handed out); then MPI_Finalize, or MPI_Abort if the job is broken.
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  /// This process's rank, 0 to size() - 1.
  int rank() const { return rank_; }
  /// The number of ranks.
  int size() const { return size_; }
  /// The other ranks are done with this job's protocol (set by the executor).
  void mark_released() { released_ = true; }
  /// Communication failed: the destructor aborts the job instead of finalising.
  void mark_broken() { broken_ = true; }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool released_ = false;
  bool broken_ = false;
};

/// Rank 0's executor: hands runs to every rank on request (rank 0 itself runs up to `threads`
/// at once too), commits each result as its part as it arrives, and returns once every rank has
/// finished. A run that fails on any rank stops the hand-out; its error is rethrown after the
/// other runs in flight are committed. `on_notice` hears about ranks that could not take part.
/// While it runs, SIGTERM (mpirun stopping the job because a rank died) prints the runs each
/// rank held before the process dies.
RunExecutor mpi_executor(MpiWorld& world, int threads, std::string engine,
                         std::function<void(const std::string&)> on_notice);

/// Ranks > 0: runs what rank 0 hands out, up to `threads` at once, and sends each result back,
/// until rank 0 has no more runs. Throws std::runtime_error if communication fails.
void mpi_worker(MpiWorld& world, const SweepPlan& plan, int threads, const std::string& engine);

/// Ranks > 0 that cannot take part (e.g. the scenario is unreadable on their node): tells rank 0,
/// which carries on without them and reports `why`.
void mpi_leave(MpiWorld& world, const std::string& why);

}  // namespace gridplan::experiment
