// Determinism (docs/validation.md): the same scenario and seed give bit-identical tables;
// another seed or replication gives different ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "gridplan/io/hdf5_writer.hpp"

#include "test_support.hpp"

namespace gridplan::testing {
namespace {
TEST(determinism, same_seed_gives_identical_tables) {
  const auto sc = io::load_scenario(baseline_path(), {"scenario.days=30"});
  const auto a = run(sc, 0, true), b = run(sc, 0, true);
  for (const char* name : {"kpi", "timeseries/daily", "grids", "departments", "queues", "cases"})
    EXPECT_TRUE(identical(table_of(a, name), table_of(b, name))) << name;
}

TEST(determinism, other_seed_or_replication_differs) {
  const auto sc = io::load_scenario(baseline_path(), {"scenario.days=30"});
  const auto other_seed =
      io::load_scenario(baseline_path(), {"scenario.days=30", "scenario.seed=7"});
  const auto a = run(sc, 0), b = run(other_seed, 0), c = run(sc, 1);
  EXPECT_FALSE(identical(table_of(a, "kpi"), table_of(b, "kpi")));
  EXPECT_FALSE(identical(table_of(a, "kpi"), table_of(c, "kpi")));
  EXPECT_FALSE(identical(table_of(a, "timeseries/daily"), table_of(c, "timeseries/daily")));
}

TEST(determinism, two_cli_runs_write_identical_datasets) {
  // The whole path: scenario file -> CLI -> HDF5 file, twice with the same seed. Every dataset
  // but the wall time in /runs must read back bit-identical.
  const auto dir = std::filesystem::path(::testing::TempDir()) / "gridplan_determinism";
  std::filesystem::create_directories(dir);
  const auto a = (dir / "a.h5").string(), b = (dir / "b.h5").string();
  for (const auto& out : {a, b}) {
    const std::string cmd = std::string(GRIDPLAN_CLI) + " run " + baseline_path() +
                            " --days 20 --trace --quiet --out " + out;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  const auto names = io::list_hdf5_tables(a);
  EXPECT_EQ(names, io::list_hdf5_tables(b));
  for (const auto& name : names) {
    auto ta = io::read_hdf5_table(a, name), tb = io::read_hdf5_table(b, name);
    if (name == "runs") {
      ta.column("wall_seconds").f64.clear();
      tb.column("wall_seconds").f64.clear();
    }
    EXPECT_TRUE(identical(ta, tb)) << name;
  }
  for (const char* required : {"kpi", "timeseries/daily", "cases"})
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
}

}  // namespace
}  // namespace gridplan::testing
