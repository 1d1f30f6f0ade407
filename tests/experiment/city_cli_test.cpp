// `gridplan run CITY --threads N` writes the same datasets for every N; a district given
// --threads runs on one thread and says so; a city sweep under mpirun -np 2 writes the file of
// one process.
#include <gtest/gtest.h>

#include "city_scenarios.hpp"
#include "cli_sweep_support.hpp"

namespace gridplan::testing {
namespace {

TEST(city_cli, run_threads_1_and_2_write_the_same_datasets) {
  const auto dir = scratch_dir("city_threads");
  const std::string city = write_test_city(dir, "city.toml", four_test_districts(), 5, true);
  for (const char* threads : {"1", "2"}) {
    const Command r = gridplan_cli(
        dir, "run " + city + " --threads " + threads + " --out t" + threads + ".h5 --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(dataset_difference((dir / "t1.h5").string(), (dir / "t2.h5").string(),
                               {"wall_seconds", "threads"}),
            "");
  // What a city does not offer is refused before any work.
  const Command trace = gridplan_cli(dir, "run " + city + " --trace --out x.h5");
  EXPECT_EQ(trace.exit_code, 2) << trace.err;
  EXPECT_NE(trace.err.find("--trace is not offered for a city"), std::string::npos) << trace.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.h5"));
}

TEST(city_cli, a_district_runs_on_one_thread_and_says_so) {
  const auto dir = scratch_dir("district_threads");
  const Command r =
      gridplan_cli(dir, "run " + baseline_path() + " --days 2 --threads 2 --out d.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("gridplan: note: a district runs on one thread"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--threads 2 ignored"), std::string::npos) << r.err;
}

TEST(city_cli, city_sweep_under_mpirun_writes_the_file_of_one_process) {
#if !GRIDPLAN_WITH_MPI
  GTEST_SKIP() << "gridplan was built without MPI (GRIDPLAN_WITH_MPI)";
#endif
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun not found: install openmpi-bin to run the MPI tests";
  const auto dir = scratch_dir("city_mpi");
  const std::string city = write_test_city(dir, "city.toml", four_test_districts(), 3, true);
  const std::string sweep = "sweep " + city + " --replications 3 --threads 1 --quiet";
  ASSERT_EQ(gridplan_cli(dir, sweep + " --out one.h5").exit_code, 0);
  const Command mpi =
      shell(dir,
            "mpirun --oversubscribe --allow-run-as-root --mca plm isolated --mca btl self,vader "
            "--mca btl_vader_single_copy_mechanism none -np 2 " +
                std::string(GRIDPLAN_CLI) + " " + sweep + " --out mpi.h5");
  ASSERT_EQ(mpi.exit_code, 0) << mpi.err;
  EXPECT_EQ(dataset_difference((dir / "one.h5").string(), (dir / "mpi.h5").string()), "");
}

}  // namespace
}  // namespace gridplan::testing
