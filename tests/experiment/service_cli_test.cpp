// The service levels through the built program (issue 16): --service-target is --set
// platform.service_target_minutes, `show` summarises /service/hourly and
// /service/offices_monthly, and plot_results.py --service draws the hourly service level.
#include <gtest/gtest.h>

#include "cli_sweep_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

const std::string kRun = "run " + source_path("scenarios/hongqiao-2023.toml") + " --days 3 --quiet";

TEST(service_cli, service_target_is_the_set_shortcut_and_show_summarises_it) {
  const fs::path dir = scratch_dir("service_target");
  ASSERT_EQ(gridplan_cli(dir, kRun + " --service-target 0.5 --out a.h5").exit_code, 0);
  ASSERT_EQ(
      gridplan_cli(dir, kRun + " --set platform.service_target_minutes=0.5 --out b.h5").exit_code,
      0);
  // Only the provenance (command line, overrides) tells the two apart.
  EXPECT_EQ(dataset_difference((dir / "a.h5").string(), (dir / "b.h5").string()), "");
  const Command show = gridplan_cli(dir, "show a.h5");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("run 0, working days: worst hour"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("within the target of 0.5 min"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("service/offices_monthly: worst on-time rate"), std::string::npos)
      << show.out;
  const Command bad = gridplan_cli(dir, kRun + " --service-target 0 --out c.h5");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--service-target 0 (platform.service_target_minutes)"), std::string::npos)
      << bad.err;
}

TEST(service_cli, sweep_takes_service_target_for_every_run) {
  const fs::path dir = scratch_dir("service_sweep");
  const Command sweep = gridplan_cli(dir, "sweep " + source_path("scenarios/hongqiao-2023.toml") +
                                              " --days 2 --replications 2 --threads 1 "
                                              "--service-target 5 --out s.h5 --quiet");
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  const kernel::Table hourly = io::read_hdf5_table((dir / "s.h5").string(), "service/hourly");
  ASSERT_EQ(hourly.rows(), 2u * 48u);
  for (double target : hourly.column("service_target_minutes").f64) EXPECT_EQ(target, 5.0);
}

TEST(service_cli, plot_script_draws_the_hourly_service_level) {
  if (std::system("/usr/bin/python3 -c 'import h5py, matplotlib' 2>/dev/null") != 0)
    GTEST_SKIP() << "needs /usr/bin/python3 with h5py and matplotlib";
  const fs::path dir = scratch_dir("service_plot");
  ASSERT_EQ(gridplan_cli(dir, kRun + " --out r.h5").exit_code, 0);
  const Command plot =
      shell(dir, source_path("scripts/plot_results.py") + " r.h5 --service --out p.png");
  EXPECT_EQ(plot.exit_code, 0) << plot.err;
  EXPECT_GT(fs::exists(dir / "p.png") ? fs::file_size(dir / "p.png") : 0u, 1000u);
}

}  // namespace
}  // namespace gridplan::testing
