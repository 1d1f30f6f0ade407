// `gridplan sweep --engine simgrid` runs each run in a child process (SimGrid keeps one engine
// per process) and writes the datasets of the native sweep; a failing child stops the sweep.
#include "gridplan/experiment/process_sweep.hpp"

#include "gridplan/experiment/sweep_runner.hpp"

#include <gtest/gtest.h>

#include "cli_sweep_support.hpp"

namespace gridplan::testing {
namespace {

/// 2 points x 2 replications of 3 baseline days.
const std::string kSweep = "sweep " + baseline_path() +
                           " --days 3 --replications 2 --grid departments.police.staff=20,30 "
                           "--quiet";

TEST(process_sweep, simgrid_children_write_the_datasets_of_a_native_sweep) {
#if !GRIDPLAN_WITH_SIMGRID
  GTEST_SKIP() << "gridplan was built without SimGrid (GRIDPLAN_WITH_SIMGRID)";
#endif
  const auto dir = scratch_dir("process_simgrid");
  ASSERT_EQ(gridplan_cli(dir, kSweep + " --threads 1 --out native.h5").exit_code, 0);
  const Command simgrid = gridplan_cli(dir, kSweep + " --threads 2 --engine simgrid --out sg.h5");
  ASSERT_EQ(simgrid.exit_code, 0) << simgrid.err;
  // /runs says which engine ran each run; every other value is the same.
  EXPECT_EQ(dataset_difference((dir / "native.h5").string(), (dir / "sg.h5").string(),
                               {"wall_seconds", "engine"}),
            "");
  EXPECT_EQ(io::read_hdf5_table((dir / "sg.h5").string(), "runs").column("engine").str,
            (std::vector<std::string>(4, "simgrid")));

  // A stopped SimGrid sweep resumes like a native one.
  const Command stopped =
      gridplan_cli(dir, kSweep + " --threads 2 --engine simgrid --out r.h5 --stop-after 1");
  EXPECT_EQ(stopped.exit_code, 130) << stopped.err;
  const Command resumed =
      gridplan_cli(dir, kSweep + " --threads 2 --engine simgrid --out r.h5 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(dataset_difference((dir / "sg.h5").string(), (dir / "r.h5").string()), "");
}

TEST(process_sweep, a_failing_child_names_its_run) {
  const auto dir = scratch_dir("process_fail");
  // /bin/false stands in for a worker that fails: nothing is committed, the error names run 0.
  experiment::SweepSpec spec;
  spec.sets = {"scenario.days=1"};
  spec.replications = 2;
  const experiment::SweepPlan plan =
      experiment::make_sweep_plan(spec, [](const std::vector<std::string>& overrides) {
        return io::load_scenario(baseline_path(), overrides);
      });
  experiment::SweepOptions options;
  options.executor = experiment::process_executor("/bin/false", {}, 1);
  try {
    experiment::run_sweep(plan, (dir / "f.h5").string(), options);
    FAIL() << "expected the sweep to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("run 0 (point 0): its worker process ended with exit "
                                         "status 1"),
              std::string::npos)
        << e.what();
  }
}

TEST(process_sweep, worker_mode_writes_one_part) {
  const auto dir = scratch_dir("process_worker");
  const Command worker = gridplan_cli(dir, kSweep + " --out w.h5 --worker 3");
  ASSERT_EQ(worker.exit_code, 0) << worker.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "w.h5.parts" / "run-000003.h5"));
  EXPECT_EQ(gridplan_cli(dir, kSweep + " --out w.h5 --worker 4").exit_code, 2);
}

}  // namespace
}  // namespace gridplan::testing
