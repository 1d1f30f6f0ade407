// Every drill through the built program (issue 15): `show` prints /emergency/drills of a run and
// the drill:<name>:<kpi> rows of a sweep's summary, `compare` pairs every drill by name, and
// `staff-emergency --drill` refuses an unknown drill with a suggestion (exit 2).
#include <gtest/gtest.h>

#include "cli_sweep_support.hpp"
#include "two_drills_scenario.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

/// A scratch directory holding two.toml, the two-drill scenario.
fs::path with_two_drills(const std::string& name) {
  const fs::path dir = scratch_dir("drills_" + name);
  std::ofstream(dir / "two.toml", std::ios::binary) << baseline_with(night_drill_toml());
  return dir;
}

const std::string kEarly = " --days 5 --set emergency.drills.heyuan.date=2023-01-03";

TEST(drills_cli, show_prints_every_drill_of_a_run) {
  const fs::path dir = with_two_drills("show");
  const Command r = gridplan_cli(dir, "run two.toml" + kEarly + " --quiet --out one.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Command show = gridplan_cli(dir, "show one.h5");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  const auto at = show.out.find("emergency/drills:");
  ASSERT_NE(at, std::string::npos) << show.out;
  EXPECT_NE(show.out.find("heyuan", at), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("night", at), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("coverage_3h", at), std::string::npos) << show.out;
}

TEST(drills_cli, sweep_summary_show_and_compare_cover_every_drill) {
  const fs::path dir = with_two_drills("sweep");
  const Command sweep = gridplan_cli(
      dir, "sweep two.toml" + kEarly +
               " --replications 2 --grid emergency_teams.volunteers.per_grid=4,2 --threads 2 "
               "--out s.h5");
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  const kernel::Table summary = io::read_hdf5_table((dir / "s.h5").string(), "summary");
  const auto& names = summary.column("kpi").str;
  for (const char* row : {"drill:heyuan:coverage_3h", "drill:night:coverage_3h",
                          "drill:night:hours_to_95", "drill:night:grids_done_3h"})
    EXPECT_NE(std::find(names.begin(), names.end(), row), names.end()) << row;
  const Command show = gridplan_cli(dir, "show s.h5");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("drill:heyuan:coverage_3h"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("drill:night:coverage_3h"), std::string::npos) << show.out;

  const Command compare = gridplan_cli(dir, "compare s.h5 --points 0,1 --out c.h5");
  EXPECT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find("drill:night:coverage_3h"), std::string::npos) << compare.out;
  EXPECT_NE(compare.out.find("drill:heyuan:coverage_3h"), std::string::npos) << compare.out;
  const kernel::Table c = io::read_hdf5_table((dir / "c.h5").string(), "comparison");
  const auto& compared = c.column("kpi").str;
  const auto night = std::find(compared.begin(), compared.end(), "drill:night:coverage_3h");
  ASSERT_NE(night, compared.end());
  // Half the volunteers (point 1) covers less of the night drill's area in 3 hours.
  EXPECT_LT(c.column("mean_difference").f64[static_cast<std::size_t>(night - compared.begin())], 0);
}

TEST(drills_cli, staff_emergency_sizes_the_second_drill) {
  const fs::path dir = with_two_drills("staff_night");
  const Command r = gridplan_cli(
      dir,
      "staff-emergency two.toml --drill night --within 6h --replications 2 --quiet --out st.h5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("drill night: smallest scale: ", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("curve written to"), std::string::npos) << "--quiet: " << r.out;
  EXPECT_TRUE(fs::exists(dir / "st.h5"));
}

TEST(drills_cli, staff_emergency_unknown_drill_is_exit_2_with_a_suggestion) {
  const fs::path dir = with_two_drills("staff");
  const Command r = gridplan_cli(dir, "staff-emergency two.toml --drill nigth --out x.h5");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("did you mean 'night'?"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

}  // namespace
}  // namespace gridplan::testing
