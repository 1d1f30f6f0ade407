// Bad input to the gridplan program: each case runs the built CLI in a fresh directory on a
// crafted scenario and checks the exit code, that the message names the file, line and key (or
// the path), and that no output file (*.h5, *.tmp) is left behind.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "bad_input/cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace gridplan::bad_input;

class CliBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gridplan_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    baseline_ = read_text(fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml");
    ASSERT_FALSE(baseline_.empty());
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs the CLI with `args` inside the temporary directory.
  CliResult run(const std::vector<std::string>& args) {
    std::string command = "cd " + shell_quote(dir_.string()) + " && " + shell_quote(GRIDPLAN_CLI);
    for (const std::string& arg : args) command.append(" ").append(shell_quote(arg));
    command += " >stdout.txt 2>stderr.txt";
    const int status = std::system(command.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(dir_ / "stdout.txt");
    result.err = read_text(dir_ / "stderr.txt");
    fs::remove(dir_ / "stdout.txt");
    fs::remove(dir_ / "stderr.txt");
    return result;
  }

  /// Writes `text` as scenario.toml in the temporary directory; returns its relative name.
  std::string write_scenario(const std::string& text) {
    write_text(dir_ / "scenario.toml", text);
    return "scenario.toml";
  }

  /// Every *.h5 or *.tmp file under the temporary directory.
  std::vector<std::string> leftover_outputs() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".h5") || name.find(".tmp") != std::string::npos)
        found.push_back(entry.path().string());
    }
    return found;
  }

  /// The checks every bad-input case shares.
  void expect_rejected(const CliResult& result, int exit_code,
                       const std::vector<std::string>& named) {
    EXPECT_EQ(result.exit_code, exit_code) << result.err;
    EXPECT_EQ(result.err.rfind("gridplan: error: ", 0), 0u) << result.err;
    for (const std::string& text : named)
      EXPECT_NE(result.err.find(text), std::string::npos)
          << "the message should name '" << text << "': " << result.err;
    EXPECT_EQ(leftover_outputs(), std::vector<std::string>{});
  }

  fs::path dir_;
  std::string baseline_;
};

// Control: the baseline itself is accepted, so the rejections below are about their edits.
TEST_F(CliBadInputTest, baseline_is_accepted) {
  const CliResult check = run({"check", write_scenario(baseline_)});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("scenario.toml: ok ("), std::string::npos) << check.out;

  const CliResult result = run({"run", "scenario.toml", "--days", "2", "--quiet", "--out", "x.h5"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::is_regular_file(dir_ / "x.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "x.h5.tmp"));
}

TEST_F(CliBadInputTest, unknown_key) {
  // A misspelt top-level key on line 1, ahead of everything else.
  const CliResult result = run({"run", write_scenario("sede = 7\n" + baseline_), "--days", "2"});
  expect_rejected(result, 2, {"scenario.toml:1:", "sede"});
}

TEST_F(CliBadInputTest, wrong_type) {
  const EditedScenario edited =
      replace_line(baseline_, R"(^\[scenario\])", R"(^seed\s*=)", "seed = \"twenty\"");
  const CliResult result = run({"run", write_scenario(edited.text), "--days", "2"});
  expect_rejected(result, 2, {"scenario.toml:" + std::to_string(edited.line) + ":", "seed"});
}

TEST_F(CliBadInputTest, negative_staff) {
  const EditedScenario edited =
      replace_line(baseline_, R"(^\[departments\.police\])", R"(^staff\s*=)", "staff = -3");
  const CliResult result = run({"run", write_scenario(edited.text), "--days", "2"});
  expect_rejected(result, 2, {"scenario.toml:" + std::to_string(edited.line) + ":", "staff"});
}

TEST_F(CliBadInputTest, negative_staff_by_set) {
  const CliResult result = run(
      {"run", write_scenario(baseline_), "--days", "2", "--set", "departments.police.staff=-3"});
  expect_rejected(result, 2, {"--set", "departments.police.staff"});
}

TEST_F(CliBadInputTest, zero_basic_grids_in_a_street) {
  const EditedScenario edited =
      replace_line(baseline_, R"(^\[streets\.)", R"(^basic_grids\s*=)", "basic_grids = 0");
  const CliResult result = run({"run", write_scenario(edited.text), "--days", "2"});
  expect_rejected(result, 2, {"scenario.toml:" + std::to_string(edited.line) + ":", "basic_grids"});
}

TEST_F(CliBadInputTest, missing_scenario_file) {
  const CliResult result = run({"run", "no-such-scenario.toml", "--days", "2"});
  expect_rejected(result, 2, {"no-such-scenario.toml"});
  EXPECT_FALSE(fs::exists(dir_ / "output"));
}

TEST_F(CliBadInputTest, missing_scenario_file_in_check) {
  const CliResult result = run({"check", "no-such-scenario.toml"});
  expect_rejected(result, 2, {"no-such-scenario.toml"});
}

TEST_F(CliBadInputTest, output_directory_does_not_exist) {
  const CliResult result =
      run({"run", write_scenario(baseline_), "--days", "2", "--out", "/nonexistent/x.h5"});
  // A refused output path is a bad argument (2), found before the run.
  expect_rejected(result, 2, {"/nonexistent/x.h5"});
  EXPECT_FALSE(fs::exists("/nonexistent/x.h5"));
}

// Tests run as root, which a read-only directory does not stop: a path under a regular file is
// unwritable for everyone.
TEST_F(CliBadInputTest, output_directory_is_a_file) {
  write_text(dir_ / "afile", "not a directory\n");
  const std::string out = (dir_ / "afile" / "x.h5").string();
  const CliResult result = run({"run", write_scenario(baseline_), "--days", "2", "--out", out});
  expect_rejected(result, 2, {out});
}

TEST_F(CliBadInputTest, set_without_equals_sign) {
  const CliResult result = run({"run", write_scenario(baseline_), "--days", "2", "--set", "seed"});
  expect_rejected(result, 2, {"--set", "seed"});
}

TEST_F(CliBadInputTest, set_of_unknown_key) {
  const CliResult result =
      run({"check", write_scenario(baseline_), "--set", "grid_worker.no_such_key=1"});
  expect_rejected(result, 2, {"--set", "no_such_key"});
}

TEST_F(CliBadInputTest, unknown_option) {
  const CliResult result = run({"run", write_scenario(baseline_), "--frobnicate"});
  expect_rejected(result, 2, {"frobnicate"});
}

// --days and --seed are validated like the scenario keys they replace.
TEST_F(CliBadInputTest, bad_days_and_seed) {
  const std::string scenario = write_scenario(baseline_);
  expect_rejected(run({"run", scenario, "--days", "0"}), 2, {"scenario.days"});
  expect_rejected(run({"run", scenario, "--days", "99999"}), 2, {"scenario.days"});
  expect_rejected(run({"run", scenario, "--days", "two"}), 2, {"--days"});
  expect_rejected(run({"run", scenario, "--seed", "-1"}), 2, {"scenario.seed"});
}

TEST_F(CliBadInputTest, unknown_command) {
  expect_rejected(run({"frobnicate"}), 2, {"frobnicate"});
}

TEST_F(CliBadInputTest, show_of_missing_file) {
  expect_rejected(run({"show", "missing.h5"}), 2, {"missing.h5"});
}

TEST_F(CliBadInputTest, init_refuses_an_existing_file) {
  const std::string from = write_scenario(baseline_);
  const CliResult first = run({"init", "newtown", "--from", from});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string written = read_text(dir_ / "newtown.toml");
  expect_rejected(run({"init", "newtown", "--from", from}), 2, {"newtown.toml exists", "--force"});
  EXPECT_EQ(read_text(dir_ / "newtown.toml"), written);
  expect_rejected(run({"init", "scenario", "--from", from, "--force"}), 2, {"scenario.toml"});
  EXPECT_EQ(read_text(dir_ / "scenario.toml"), baseline_);
}

TEST_F(CliBadInputTest, bad_grid_register) {
  ASSERT_EQ(run({"init", "newtown", "--from", write_scenario(baseline_)}).exit_code, 0);
  std::string grids = read_text(dir_ / "newtown-grids.csv");
  grids.replace(grids.find(",xigu,"), 6, ",xigo,");  // the first grid, on line 2
  write_text(dir_ / "newtown-grids.csv", grids);
  expect_rejected(run({"check", "newtown.toml"}), 2,
                  {"newtown-grids.csv:2: column street: unknown street \"xigo\"", "'xigu'"});
}

}  // namespace
