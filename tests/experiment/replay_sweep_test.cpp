// Sweeps and staffing searches on a recorded log (issue 21), as programs: the log read once and
// shared by the threads (the file does not depend on them), common random numbers narrowing the
// paired differences against independent streams, the log's identity in /scenario, and merge
// and compare refusing results of different logs.
#include <gtest/gtest.h>

#include <string>

#include "cli_sweep_support.hpp"
#include "gridplan/kernel/sha256.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

/// A directory with `log.csv`: 12 baseline days exported.
fs::path with_log(const std::string& name) {
  const fs::path dir = scratch_dir("replay_sweep_" + name);
  const Command c =
      gridplan_cli(dir, "export-events " + baseline_path() + " --days 12 --out log.csv --quiet");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  return dir;
}

/// The sweep of the tests: 2 street-office staffings x 5 replications of the 12 days replayed.
std::string sweep_args(const std::string& log, const std::string& more) {
  return "sweep " + baseline_path() + " --replay " + log +
         " --days 12 --grid streets.xigu.office_staff=12,22 --replications 5 --quiet " + more;
}

/// The comparison's 95% half-width for `kpi` of point 1 against point 0 of `sweep`.
double half_width(const fs::path& dir, const std::string& sweep, const std::string& kpi) {
  const Command c =
      gridplan_cli(dir, "compare " + sweep + " --points 0,1 --quiet --out cmp-" + sweep);
  EXPECT_EQ(c.exit_code, 0) << c.err;
  const kernel::Table t = io::read_hdf5_table((dir / ("cmp-" + sweep)).string(), "comparison");
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.column("kpi").str[r] == kpi) return t.column("ci95_half_width").f64[r];
  ADD_FAILURE() << "no row " << kpi;
  return 0;
}

TEST(replay_sweep, threads_share_one_log_and_common_numbers_narrow_the_differences) {
  const fs::path dir = with_log("threads");
  for (const char* threads : {"1", "2"}) {
    const Command c = gridplan_cli(dir, sweep_args("log.csv", std::string("--threads ") + threads +
                                                                  " --out t" + threads + ".h5"));
    ASSERT_EQ(c.exit_code, 0) << c.err;
  }
  EXPECT_EQ(dataset_difference((dir / "t1.h5").string(), (dir / "t2.h5").string()), "");

  // /scenario names the log by its size and SHA-256.
  const io::ResultFile f =
      io::read_result_file((dir / "t1.h5").string(), [](const std::string&) { return false; });
  const std::string bytes = file_text(dir / "log.csv");
  EXPECT_EQ(f.provenance.replay_log, "log.csv");
  EXPECT_EQ(f.provenance.replay_log_bytes, bytes.size());
  EXPECT_EQ(f.provenance.replay_log_sha256, kernel::sha256_hex(bytes));
  EXPECT_EQ(f.provenance.replay_options, "");
  const Command show = gridplan_cli(dir, "show t1.h5");
  EXPECT_NE(show.out.find("replayed   log.csv (" + std::to_string(bytes.size()) +
                          " bytes, SHA-256 " + kernel::sha256_hex(bytes) + ")"),
            std::string::npos)
      << show.out;
  // Every run replayed every row of the log.
  const kernel::Table runs = io::read_hdf5_table((dir / "t1.h5").string(), "runs");
  ASSERT_EQ(runs.rows(), 10u);
  for (std::int64_t rows : runs.column("replay_rows_accepted").i64)
    EXPECT_EQ(rows, runs.column("replay_rows_accepted").i64[0]);
  EXPECT_GT(runs.column("replay_rows_accepted").i64[0], 30000);

  // The same sweep with independent streams: the paired differences of the staffing change
  // are measured less precisely, since the two points no longer share the model's draws.
  ASSERT_EQ(gridplan_cli(dir, sweep_args("log.csv", "--independent --out ind.h5")).exit_code, 0);
  for (const char* kpi : {"close_hours_mean", "backlog_mean", "util_departments"}) {
    const double common = half_width(dir, "t1.h5", kpi),
                 independent = half_width(dir, "ind.h5", kpi);
    EXPECT_LT(common, independent) << kpi;
  }
}

TEST(replay_sweep, merge_and_compare_refuse_results_of_different_logs) {
  const fs::path dir = with_log("different");
  // Another log: the same rows but the last.
  std::string text = file_text(dir / "log.csv");
  text.erase(text.rfind('\n', text.size() - 2) + 1);
  std::ofstream(dir / "other.csv", std::ios::binary) << text;

  ASSERT_EQ(gridplan_cli(dir, sweep_args("log.csv", "--shard 0/2 --out a.h5")).exit_code, 0);
  ASSERT_EQ(gridplan_cli(dir, sweep_args("other.csv", "--shard 1/2 --out b.h5")).exit_code, 0);
  Command c = gridplan_cli(dir, "merge a.h5 b.h5 --out merged.h5");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("replayed other.csv (SHA-256 "), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("replay the same log alike"), std::string::npos) << c.err;
  EXPECT_FALSE(fs::exists(dir / "merged.h5"));

  // Whole sweeps of the two logs: compare refuses to pair their runs.
  ASSERT_EQ(gridplan_cli(dir, sweep_args("log.csv", "--out la.h5")).exit_code, 0);
  ASSERT_EQ(gridplan_cli(dir, sweep_args("other.csv", "--out lb.h5")).exit_code, 0);
  c = gridplan_cli(dir, "compare la.h5 lb.h5 --points 0,0 --out c.h5");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("event log: A replayed log.csv"), std::string::npos) << c.err;
  // The same log under a what-if is what compare is for: noted, not refused.
  ASSERT_EQ(gridplan_cli(dir, sweep_args("log.csv", "--replay-scale 1.1 --out ls.h5")).exit_code,
            0);
  c = gridplan_cli(dir, "compare la.h5 ls.h5 --points 0,0 --out c2.h5");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.err.find("--replay-scale 1.1"), std::string::npos) << c.err;
}

TEST(replay_sweep, a_bad_row_stops_the_sweep_before_any_run) {
  const fs::path dir = with_log("bad");
  // After the last day: only a bootstrap, which draws from every day, reads it.
  std::ofstream(dir / "log.csv", std::ios::app) << "not,a,row,at all\n";
  Command c = gridplan_cli(dir, sweep_args("log.csv", "--replay-bootstrap --out s.h5"));
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("log.csv:"), std::string::npos) << c.err;
  EXPECT_FALSE(fs::exists(dir / "s.h5"));
  EXPECT_FALSE(fs::exists(dir / "s.h5.parts"));
  // With --skip-bad-rows the sweep runs and sets the row aside once.
  c = gridplan_cli(dir, sweep_args("log.csv", "--replay-bootstrap --skip-bad-rows --out s.h5"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const std::string rejected = file_text(dir / "log.rejected.csv");
  EXPECT_NE(rejected.find("not,a,row,at all,"), std::string::npos) << rejected;
  const kernel::Table runs = io::read_hdf5_table((dir / "s.h5").string(), "runs");
  EXPECT_EQ(runs.column("replay_rows_rejected").i64, std::vector<std::int64_t>(10, 1));
}

TEST(replay_staff, searches_on_a_bootstrap_of_the_recorded_days) {
  const fs::path dir = with_log("staff");
  const std::string staff = "staff " + baseline_path() +
                            " --set scenario.days=12 --pool operators --target "
                            "\"filing_wait_p95 <= 15min\" --replications 3 "
                            "--confirm-replications 3 --quiet --replay log.csv --out st.h5";
  const Command c = gridplan_cli(dir, staff);
  ASSERT_TRUE(c.exit_code == 0 || c.exit_code == 1) << c.err;
  const io::ResultFile f =
      io::read_result_file((dir / "st.h5").string(), [](const std::string&) { return false; });
  EXPECT_EQ(f.provenance.replay_log, "log.csv");
  EXPECT_EQ(f.provenance.replay_options, "--replay-bootstrap");
  EXPECT_EQ(gridplan_cli(dir, staff + " --replay-bootstrap --replay-as-recorded").exit_code, 2);
}

}  // namespace
}  // namespace gridplan::testing
