// `mpirun -np 3 gridplan sweep` writes the datasets of the same sweep in one process; a rank that
// dies is reported with the runs in flight and --resume completes the sweep; bad input is
// reported once, by rank 0.
#include <gtest/gtest.h>

#include "cli_sweep_support.hpp"

namespace gridplan::testing {
namespace {

/// 2 points x 6 replications of 3 baseline days: 12 short runs.
const std::string kSweep = "sweep " + baseline_path() +
                           " --days 3 --replications 6 --grid departments.police.staff=20,30 "
                           "--warmup-days 1 --threads 1 --quiet";

/// mpirun for a test: root allowed (CI runs as root), more ranks than cores, and only the local
/// launcher and shared-memory transport (a container may have neither ssh nor a network; its
/// /proc may forbid the cross-memory attach OpenMPI uses for large messages).
const std::string kMpirun =
    "mpirun --oversubscribe --allow-run-as-root --mca plm isolated --mca btl self,vader "
    "--mca btl_vader_single_copy_mechanism none";

/// Skips the test unless MPI sweeps are built and mpirun is on the PATH.
#define REQUIRE_MPIRUN()                                                                    \
  do {                                                                                      \
    if (!mpi_built()) GTEST_SKIP() << "gridplan was built without MPI (GRIDPLAN_WITH_MPI)"; \
    if (std::system("command -v mpirun > /dev/null 2>&1") != 0)                             \
      GTEST_SKIP() << "mpirun not found: install openmpi-bin to run the MPI tests";         \
  } while (false)

bool mpi_built() {
#if GRIDPLAN_WITH_MPI
  return true;
#else
  return false;
#endif
}

/// `mpirun -np RANKS gridplan ARGS` in `dir`, with `env` ("NAME=value", exported to every rank).
Command mpi_gridplan(const std::filesystem::path& dir, int ranks, const std::string& args,
                     const std::string& env = "") {
  const std::string export_env = env.empty() ? "" : " -x " + env;
  return shell(dir, kMpirun + export_env + " -np " + std::to_string(ranks) + " " + GRIDPLAN_CLI +
                        " " + args);
}

TEST(mpi_sweep, three_ranks_write_the_datasets_of_one_process) {
  REQUIRE_MPIRUN();
  const auto dir = scratch_dir("mpi_three");
  ASSERT_EQ(gridplan_cli(dir, kSweep + " --out one.h5").exit_code, 0);
  const Command mpi = mpi_gridplan(dir, 3, kSweep + " --out mpi.h5");
  ASSERT_EQ(mpi.exit_code, 0) << mpi.err;
  EXPECT_EQ(dataset_difference((dir / "one.h5").string(), (dir / "mpi.h5").string()), "");
  EXPECT_FALSE(std::filesystem::exists(dir / "mpi.h5.parts"));

  // Rank 0 prints the outcome once.
  const Command loud =
      mpi_gridplan(dir, 3, "sweep " + baseline_path() + " --days 2 --replications 3 --out l.h5");
  ASSERT_EQ(loud.exit_code, 0) << loud.err;
  EXPECT_NE(loud.out.find("3 runs in"), std::string::npos) << loud.out;
  EXPECT_NE(loud.out.find("on 3 ranks x"), std::string::npos) << loud.out;
  EXPECT_EQ(loud.out.find("Wrote"), loud.out.rfind("Wrote")) << loud.out;
}

TEST(mpi_sweep, ranks_replaying_a_log_write_the_datasets_of_one_process) {
  REQUIRE_MPIRUN();
  const auto dir = scratch_dir("mpi_replay");
  ASSERT_EQ(
      gridplan_cli(dir, "export-events " + baseline_path() + " --days 3 --out log.csv").exit_code,
      0);
  // Every rank reads the log itself; the bootstrap's draws depend on the run, not the rank.
  const std::string sweep = kSweep + " --replay log.csv --replay-bootstrap";
  ASSERT_EQ(gridplan_cli(dir, sweep + " --out one.h5").exit_code, 0);
  const Command mpi = mpi_gridplan(dir, 2, sweep + " --out mpi.h5");
  ASSERT_EQ(mpi.exit_code, 0) << mpi.err;
  EXPECT_EQ(dataset_difference((dir / "one.h5").string(), (dir / "mpi.h5").string()), "");
}

TEST(mpi_sweep, a_dead_rank_is_reported_and_resume_completes_the_sweep) {
  REQUIRE_MPIRUN();
  const auto dir = scratch_dir("mpi_dead");
  ASSERT_EQ(gridplan_cli(dir, kSweep + " --out one.h5").exit_code, 0);
  // Rank 2 kills itself (SIGKILL) after sending one result; mpirun then stops the job.
  const Command died = mpi_gridplan(dir, 3, kSweep + " --out mpi.h5", "GRIDPLAN_TEST_MPI_KILL=2:1");
  EXPECT_NE(died.exit_code, 0);
  EXPECT_NE(died.err.find("the MPI job is being stopped"), std::string::npos) << died.err;
  EXPECT_NE(died.err.find("Runs in flight, lost:"), std::string::npos) << died.err;
  EXPECT_NE(died.err.find("--resume"), std::string::npos) << died.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "mpi.h5"));
  ASSERT_TRUE(std::filesystem::exists(dir / "mpi.h5.parts"));

  const Command resumed = mpi_gridplan(dir, 3, kSweep + " --out mpi.h5 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(dataset_difference((dir / "one.h5").string(), (dir / "mpi.h5").string()), "");
}

TEST(mpi_sweep, bad_input_is_reported_once_by_rank_zero) {
  REQUIRE_MPIRUN();
  const auto dir = scratch_dir("mpi_bad");
  const Command bad = mpi_gridplan(
      dir, 3, "sweep " + baseline_path() + " --days 2 --grid departments.police.staff=20,-4");
  EXPECT_NE(bad.exit_code, 0);
  const std::string message = "point 1 (departments.police.staff=-4)";
  EXPECT_NE(bad.err.find(message), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find(message), bad.err.rfind(message)) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "output"));

  const Command simgrid = mpi_gridplan(dir, 2, kSweep + " --engine simgrid --out s.h5");
  EXPECT_NE(simgrid.exit_code, 0);
}

}  // namespace
}  // namespace gridplan::testing
