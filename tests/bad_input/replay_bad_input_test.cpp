// Bad event logs given to `gridplan run --replay`: the first bad row stops the run with exit code
// 2, "FILE:LINE: column COL: reason" and no result file; --skip-bad-rows sets bad rows aside in
// LOG.rejected.csv and counts them in /runs.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gridplan/io/hdf5_writer.hpp"

namespace {

namespace fs = std::filesystem;

struct CliResult {
  int exit_code = -1;
  std::string err;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::path(::testing::TempDir()) / ("gridplan_replay_bad_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Runs `gridplan ARGS` in `dir`, stderr captured.
CliResult cli(const fs::path& dir, const std::string& args) {
  const std::string cmd =
      "cd '" + dir.string() + "' && " + GRIDPLAN_CLI + " " + args + " >/dev/null 2>stderr.txt";
  CliResult r;
  const int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(dir / "stderr.txt");
  return r;
}

const std::string kScenario = std::string(GRIDPLAN_SOURCE_DIR) + "/scenarios/hongqiao-2023.toml";

const std::string kLog =
    "time,source,category,grid\n"
    "2023-01-01T08:30:00,hotline,heating,5\n"
    "2023-01-01T09:00:00,patrol,city_appearance,17\n"
    "2023-01-01T08:45:00,hotline,heating,5\n"  // line 4: out of order
    "2023-01-01T10:00:00,hotline,heating,5\n";

TEST(replay_bad_input, first_bad_row_stops_the_run_and_writes_nothing) {
  const auto dir = fresh_dir("strict");
  std::ofstream(dir / "log.csv", std::ios::binary) << kLog;
  const auto r = cli(dir, "run " + kScenario + " --days 2 --quiet --replay log.csv --out out.h5");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("log.csv:4: column time: earlier than the row before (line 3)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  EXPECT_FALSE(fs::exists(dir / "log.rejected.csv"));
}

TEST(replay_bad_input, skipped_rows_are_set_aside_and_counted_in_runs) {
  const auto dir = fresh_dir("skip");
  std::ofstream(dir / "log.csv", std::ios::binary) << kLog;
  const auto r = cli(
      dir, "run " + kScenario + " --days 2 --quiet --replay log.csv --skip-bad-rows --out out.h5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = gridplan::io::read_hdf5_table((dir / "out.h5").string(), "runs");
  EXPECT_EQ(runs.column("replay_rows_accepted").i64.at(0), 3);
  EXPECT_EQ(runs.column("replay_rows_rejected").i64.at(0), 1);
  EXPECT_EQ(runs.column("replay_log").str.at(0), "log.csv");
  const auto kpi = gridplan::io::read_hdf5_table((dir / "out.h5").string(), "kpi");
  EXPECT_EQ(kpi.column("cases_arrived").f64.at(0), 3.0);
  EXPECT_EQ(read_text(dir / "log.rejected.csv"),
            "time,source,category,grid,line,reason\n"
            "2023-01-01T08:45:00,hotline,heating,5,4,\"column time: earlier than the row before "
            "(line 3): \"\"2023-01-01T08:45:00\"\"\"\n");
}

TEST(replay_bad_input, bad_logs_and_options_exit_2) {
  const auto dir = fresh_dir("options");
  std::ofstream(dir / "log.csv", std::ios::binary) << kLog;
  std::ofstream(dir / "empty.csv", std::ios::binary) << "";
  std::ofstream(dir / "short_header.csv", std::ios::binary) << "time,source,grid\n";
  const std::string run = "run " + kScenario + " --days 2 --quiet --out out.h5 ";
  const std::pair<std::string, std::string> cases[] = {
      {"--replay empty.csv", "empty.csv:1: empty file"},
      {"--replay short_header.csv", "short_header.csv:1: column category: missing"},
      {"--replay missing.csv", "missing.csv: no such file"},
      {"--skip-bad-rows", "need --replay"},
      {"--replay log.csv --skip-bad-rows --replay-scale -1", "--replay-scale must be in"},
      {"--replay log.csv --skip-bad-rows --replay-surge 2023-01-02", "FROM,TO,F"},
      {"--replay log.csv --skip-bad-rows --replay-surge 2023-01-02,2023-01-01,2", "FROM must"},
      {"--replay log.csv --skip-bad-rows --replay-surge 2023-01-01,tomorrow,2", "tomorrow is"},
  };
  for (const auto& [args, expected] : cases) {
    const auto r = cli(dir, run + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << args << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir / "out.h5")) << args;
  }
}

}  // namespace
