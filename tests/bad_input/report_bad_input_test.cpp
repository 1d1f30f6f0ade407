// `gridplan report` on bad input: a missing file, a file that is not a result file and an --out
// that is an input are exit code 2 with a message naming the file, and nothing is written; a
// good file gives a page with no network reference at the default path.
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

class ReportBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gridplan_report_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliResult run(const std::vector<std::string>& args) {
    std::string command = "cd " + shell_quote(dir_.string()) + " && " + shell_quote(GRIDPLAN_CLI);
    for (const std::string& arg : args) command.append(" ").append(shell_quote(arg));
    command += " >stdout.txt 2>stderr.txt";
    const int status = std::system(command.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(dir_ / "stdout.txt");
    result.err = read_text(dir_ / "stderr.txt");
    return result;
  }

  /// Whether a page (*.html) or a temporary of one was left in the directory.
  bool wrote_a_page() const {
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".html") != std::string::npos) return true;
    }
    return false;
  }

  /// A short baseline run, r.h5.
  void write_run() {
    const std::string scenario =
        (fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml").string();
    ASSERT_EQ(run({"run", scenario, "--days", "3", "--out", "r.h5", "--quiet"}).exit_code, 0);
  }

  fs::path dir_;
};

TEST_F(ReportBadInputTest, missing_file) {
  const CliResult result = run({"report", "missing.h5"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("missing.h5"), std::string::npos) << result.err;
  EXPECT_FALSE(wrote_a_page());
}

TEST_F(ReportBadInputTest, not_a_result_file) {
  write_text(dir_ / "notes.h5", "not an HDF5 file\n");
  const CliResult result = run({"report", "notes.h5", "--out", "notes.html"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("notes.h5"), std::string::npos) << result.err;
  EXPECT_FALSE(wrote_a_page());
}

TEST_F(ReportBadInputTest, out_that_is_an_input_is_refused) {
  write_run();
  const std::string before = read_text(dir_ / "r.h5");
  const CliResult result = run({"report", "r.h5", "--out", "r.h5"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(read_text(dir_ / "r.h5"), before);
}

TEST_F(ReportBadInputTest, a_run_gives_a_page_without_network_references) {
  write_run();
  const CliResult result = run({"report", "r.h5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string page = read_text(dir_ / "output" / "r-report.html");
  ASSERT_FALSE(page.empty()) << result.out;
  EXPECT_NE(page.find("id=\"kpi-table\""), std::string::npos);
  EXPECT_FALSE(std::regex_search(
      page, std::regex(R"((src|href)\s*=\s*["']?\s*([a-z]+:)?//)", std::regex::icase)));
}

}  // namespace
