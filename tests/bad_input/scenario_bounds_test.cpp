// Bounds that make overflow impossible, and what `gridplan check` says besides errors: each case
// runs the built CLI in a fresh directory on an edit of the baseline and checks the exit code and
// the one-line message (file:line and key, or the option as typed). The edits are the findings of
// a break test: each once crashed, hung, or ran with a silently wrong answer.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bad_input/cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace gridplan::bad_input;

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// The top-level section of a table header line ("[streets.xigu]  # ..." -> "streets"), or "".
std::string section_of_header(const std::string& line) {
  static const std::regex header(R"(^\[([A-Za-z_]+)[.\]])");
  std::smatch m;
  return std::regex_search(line, m, header) ? m[1].str() : "";
}

/// `text` without every table of the top-level section `name`.
std::string without_section(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string kept;
  bool dropping = false;
  for (std::string line; std::getline(in, line);) {
    const std::string section = section_of_header(line);
    if (!section.empty()) dropping = section == name;
    if (!dropping) kept += line + '\n';
  }
  return kept;
}

/// `n` extra streets [streets.extraK] with the given sizes, in TOML.
std::string extra_streets(int n, int communities, int basic_grids) {
  std::string text;
  for (int k = 0; k < n; ++k)
    text += "\n[streets.extra" + std::to_string(k) +
            "]\ncommunities = " + std::to_string(communities) +
            "\ncommunity_grids = " + std::to_string(communities) +
            "\nbasic_grids = " + std::to_string(basic_grids) +
            "\nhouseholds = 1000\noffice_staff = 5\n";
  return text;
}

class ScenarioBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gridplan_bounds_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    baseline_ = read_text(fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml");
    ASSERT_FALSE(baseline_.empty());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // AddressSanitizer reserves terabytes of shadow address space, so under it the limit stays off
  // (the refusal is still checked by the exit code and message).
#ifdef __SANITIZE_ADDRESS__
  inline static const std::string kAddressSpaceLimit = "";
#else
  inline static const std::string kAddressSpaceLimit = "ulimit -v 4194304 && ";
#endif

  /// Runs the CLI with `args` inside the temporary directory; a hang fails after 60 s. With
  /// `memory_bytes_` set, the CLI plans for that much memory (GRIDPLAN_MEMORY_BYTES) and may use
  /// at most 4 GiB of address space: a refusal that failed would stop at once.
  CliResult run(const std::vector<std::string>& args) {
    std::string command = "cd " + shell_quote(dir_.string()) + " && ";
    if (!memory_bytes_.empty())
      command += kAddressSpaceLimit + "GRIDPLAN_MEMORY_BYTES=" + memory_bytes_ + " ";
    command += "timeout 60 " + shell_quote(GRIDPLAN_CLI);
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

  /// Writes `text` as `name` in the temporary directory; returns `name`.
  std::string write_scenario(const std::string& text, const std::string& name = "scenario.toml") {
    write_text(dir_ / name, text);
    return name;
  }

  /// Exit code 2 and one line "gridplan: error: ..." naming every text of `named`; no output.
  void expect_refused(const CliResult& result, const std::vector<std::string>& named) {
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.rfind("gridplan: error: ", 0), 0u) << result.err;
    EXPECT_EQ(lines_in(result.err), 1u) << result.err;
    for (const std::string& text : named)
      EXPECT_NE(result.err.find(text), std::string::npos)
          << "the message should name '" << text << "': " << result.err;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      EXPECT_FALSE(name.ends_with(".h5") || name.ends_with(".csv")) << "left behind: " << name;
    }
  }

  fs::path dir_;
  std::string baseline_;
  std::string memory_bytes_;
};

// ---- finding 1: a street of 100,000 grids overflowed int in the district's index arithmetic --

TEST_F(ScenarioBoundsTest, street_beyond_20000_grids_is_refused_before_the_run) {
  const std::string scenario = write_scenario(baseline_);
  for (const char* command : {"check", "run"})
    expect_refused(run({command, scenario, "--set", "streets.heyuan.basic_grids=100000"}),
                   {"--set streets.heyuan.basic_grids: must be in [1, 20000], got 100000"});
  const EditedScenario edited = replace_line(baseline_, R"(^\[streets\.heyuan\])",
                                             R"(^basic_grids\s*=)", "basic_grids = 100000");
  expect_refused(run({"run", write_scenario(edited.text), "--days", "1"}),
                 {"scenario.toml:" + std::to_string(edited.line) + ": streets.heyuan.basic_grids"});
}

TEST_F(ScenarioBoundsTest, district_sums_of_grids_and_communities_are_bounded) {
  // 50 more streets of 20,000 grids: 1,000,990 grids in the district.
  expect_refused(run({"check", write_scenario(baseline_ + extra_streets(50, 1, 20000))}),
                 {"streets: the streets' basic_grids sum to 1000990; at most 1000000"});
  // 30 more streets of 1,000 communities: 30,104 communities.
  expect_refused(run({"check", write_scenario(baseline_ + extra_streets(30, 1000, 1000))}),
                 {"streets: the streets' communities sum to 30104; at most 30000"});
}

TEST_F(ScenarioBoundsTest, too_many_entries_of_a_map_are_refused) {
  std::string rooms;
  for (int k = 0; k < 12; ++k)
    rooms += "\n[mediation.rooms.extra" + std::to_string(k) +
             "]\ntype = \"damages\"\nmediators = 1\np_resolve = 0.5\nstreets = \"all\"\n";
  // The baseline's 4 rooms + 12 = 16: a centre numbers its pools in 4 bits.
  expect_refused(run({"check", write_scenario(baseline_ + rooms)}),
                 {"mediation.rooms: 16 entries; at most 15"});
}

// ---- finding 2: per_grid >= 2^31 wrapped to a negative team and lowered the coverage --------

TEST_F(ScenarioBoundsTest, emergency_team_beyond_the_bound_is_refused) {
  expect_refused(run({"run", write_scenario(baseline_), "--days", "170", "--set",
                      "emergency_teams.volunteers.per_grid=2147483648"}),
                 {"--set emergency_teams.volunteers.per_grid: must be in [0, 1000], got "
                  "2147483648"});
}

// ---- finding 3: per_year = 1e18 passed check; a one-day run grew to 3.7 GB and never ended --

TEST_F(ScenarioBoundsTest, per_year_beyond_the_bound_is_refused) {
  const std::string scenario = write_scenario(baseline_);
  for (const char* value : {"1e18", "1e300", "9223372036854775807"})
    for (const char* command : {"check", "run"})
      expect_refused(
          run({command, scenario, "--set", std::string("sources.patrol.per_year=") + value}),
          {"--set sources.patrol.per_year: must be in [0, 100000000], got "});
}

TEST_F(ScenarioBoundsTest, expected_cases_of_a_whole_run_are_bounded) {
  // In range per source and per day, but 1.001e8 a year for ten years passes 32-bit tallies.
  const CliResult result = run({"check", write_scenario(baseline_), "--set",
                                "sources.patrol.per_year=1e8", "--set", "scenario.days=3660"});
  expect_refused(result, {"scenario.toml:", ": sources: per_year sums to ", "at most 1000000000"});
}

TEST_F(ScenarioBoundsTest, include_must_be_a_regular_file) {
  ASSERT_EQ(mkfifo((dir_ / "pipe.toml").c_str(), 0600), 0);
  fs::create_directory(dir_ / "folder");
  const std::vector<std::pair<std::string, std::string>> includes = {
      {"/dev/zero", "it is a character device"},
      {"pipe.toml", "it is a FIFO"},
      {"folder", "it is a directory"}};
  for (const auto& [target, kind] : includes) {
    const std::string text = "include = \"" + target + "\"\n" + baseline_;
    expect_refused(run({"check", write_scenario(text)}),
                   {"scenario.toml:1: include: cannot open scenario file", kind});
  }
  // The scenario itself.
  expect_refused(run({"check", "pipe.toml"}), {"pipe.toml", "not a regular file"});
  expect_refused(run({"run", "folder", "--days", "1"}), {"folder", "not a regular file"});
}

// ---- finding 4: small items ------------------------------------------------------------------

TEST_F(ScenarioBoundsTest, bad_days_and_seed_are_named_as_typed) {
  const std::string scenario = write_scenario(baseline_);
  const std::string days = "--days 0 (scenario.days): must be in [1, 3660], got 0";
  expect_refused(run({"run", scenario, "--days", "0"}), {days});
  expect_refused(run({"export-events", scenario, "--days", "0", "--out", "x.csv"}), {days});
  expect_refused(run({"sweep", scenario, "--days", "0", "--quiet"}), {days});
  expect_refused(run({"run", scenario, "--seed", "-1"}),
                 {"--seed -1 (scenario.seed): must be >= 0, got -1"});
  // A --set of the same key is still named as a --set.
  expect_refused(run({"run", scenario, "--set", "scenario.days=0"}),
                 {"--set scenario.days: must be in [1, 3660], got 0"});
}

TEST_F(ScenarioBoundsTest, drill_outside_the_run_is_a_warning_of_check) {
  const std::string scenario = write_scenario(baseline_);
  const CliResult before =
      run({"check", scenario, "--set", "emergency.drills.heyuan.date=2022-06-14"});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.err,
            "gridplan: warning: --set emergency.drills.heyuan.date: 2022-06-14 is before "
            "scenario.start_date 2023-01-01: the drill will not happen (a warning, not an "
            "error: a shorter run of the same scenario, e.g. --days, leaves it out on "
            "purpose)\n");

  const EditedScenario edited = replace_line(baseline_, R"(^\[emergency\.drills\.heyuan\])",
                                             R"(^date\s*=)", "date = 2024-06-14");
  const CliResult after = run({"check", write_scenario(edited.text)});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.err, "gridplan: warning: scenario.toml:" + std::to_string(edited.line) +
                           ": emergency.drills.heyuan.date: 2024-06-14 is after the run's last "
                           "day 2023-12-31 (start_date + days - 1): the drill will not happen "
                           "(a warning, not an error: a shorter run of the same scenario, e.g. "
                           "--days, leaves it out on purpose)\n");

  // A shorter run leaves the baseline's drill (2023-06-14) out.
  const CliResult short_run = run({"check", scenario, "--set", "scenario.days=60"});
  EXPECT_EQ(short_run.exit_code, 0) << short_run.err;
  EXPECT_NE(short_run.err.find("after the run's last day 2023-03-01"), std::string::npos)
      << short_run.err;
}

TEST_F(ScenarioBoundsTest, start_date_is_bounded) {
  const std::string scenario = write_scenario(baseline_);
  for (const char* date : {"9999-12-31", "1969-12-31"})
    expect_refused(run({"check", scenario, "--set", std::string("scenario.start_date=") + date}),
                   {"--set scenario.start_date: must be in 1970-01-01..2200-12-31",
                    std::string("got ") + date});
  const CliResult last = run({"check", scenario, "--set", "scenario.start_date=2200-12-31"});
  EXPECT_EQ(last.exit_code, 0) << last.err;
}

TEST_F(ScenarioBoundsTest, staff_emergency_options_fail_before_the_search) {
  const std::string scenario = write_scenario(baseline_);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--target", "2"}, "staff-emergency: --target 2: expected a share in (0, 1]"},
      {{"--target", "nan"}, "staff-emergency: --target nan: expected a share in (0, 1]"},
      {{"--within", "-3h"}, "staff-emergency: --within -3h: expected a time > 0"},
      {{"--within", "200h"}, "staff-emergency: --within 200h: expected a time > 0"},
      {{"--within", "nan"}, "staff-emergency: --within nan: expected a time > 0"},
      {{"--confidence", "1"},
       "staff-emergency: --confidence 1: expected a confidence level in [0.5, 1)"},
      {{"--confidence", "nan"},
       "staff-emergency: --confidence nan: expected a confidence level in [0.5, 1)"},
      {{"--replications", "1"}, "staff-emergency: --replications must be at least 2"},
      // Replaced by --confidence: refused with a pointer to it, not as an unknown option.
      {{"--required-share", "0.9"},
       "staff-emergency: --required-share is no longer an option: a scale meets the target when "
       "the one-sided lower confidence bound of the mean coverage reaches --target; use "
       "--confidence"},
      {{"--required-share=0.9"}, "use --confidence (default 0.95)"}};
  for (const auto& [options, message] : cases) {
    std::vector<std::string> args = {"staff-emergency", scenario, "--out", "curve.h5"};
    args.insert(args.end(), options.begin(), options.end());
    // The search writes its curve at the end: no file means it never ran.
    expect_refused(run(args), {message});
  }
}

TEST_F(ScenarioBoundsTest, staff_options_fail_before_the_search) {
  const std::string scenario = write_scenario(baseline_);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--pool", "operator", "--target", "filing_wait_p95 <= 10min each hour"},
       "staff: --pool operator: expected operators, offices, office:NAME, mediators or shift"},
      {{"--pool", "office:housin", "--target", "on_time_rate >= 0.9 each office"},
       "staff: --pool office:housin: no street or department 'housin' (did you mean 'housing'?)"},
      {{"--pool", "operators", "--target", "filing_wait_p95 < ten minutes"},
       "staff: --target: target \"filing_wait_p95 < ten minutes\": expected METRIC <= VALUE"},
      {{"--pool", "operators", "--target", "filing_wait_p95 <= 10 weeks each hour"},
       "unknown unit 'weeks'"},
      {{"--pool", "offices", "--target", "filing_wait_p95 <= 10min each hour"},
       "staff: --pool offices: 'each hour' targets are for operators"},
      {{"--pool", "offices", "--target", "on_time_rat >= 0.9"}, "'on_time_rat' is not a KPI"},
      {{"--pool", "operators", "--target", "filing_wait_p95 <= 10min each hour", "--confidence",
        "1"},
       "staff: --confidence: expected a value in (0.5, 1)"},
      {{"--pool", "operators", "--target", "filing_wait_p95 <= 10min each hour", "--replications",
        "1"},
       "staff: --replications and --confirm-replications must be at least 2"}};
  for (const auto& [options, message] : cases) {
    std::vector<std::string> args = {"staff", scenario, "--out", "plans.h5"};
    args.insert(args.end(), options.begin(), options.end());
    // The search writes its file at the end: no file means it never ran.
    expect_refused(run(args), {message});
  }
}

// ---- check: what it prints besides errors ----------------------------------------------------

TEST_F(ScenarioBoundsTest, check_lists_the_structure_and_the_estimate) {
  const CliResult result = run({"check", write_scenario(baseline_)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");  // the baseline has nothing to warn about
  EXPECT_NE(result.out.find("scenario.toml: ok (9 streets, 104 communities, 990 basic grids, "
                            "215000 households, 7 departments, 6 sources, 12 categories, 1 "
                            "drill, 365 days)\n"),
            std::string::npos)
      << result.out;
  // 1,191,140 cases a year; the model's coefficients are the baseline's own (run_estimate.cpp).
  EXPECT_NE(result.out.find("\nestimate: 1.19 M cases, 6.3"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("events, peak memory about "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("; this machine has "), std::string::npos) << result.out;
}

// Every top-level section of the baseline either cannot be left out (an error) or leaving it out
// is a warning naming it: a section the baseline gains is covered without editing this test.
TEST_F(ScenarioBoundsTest, section_of_the_baseline_left_out_is_an_error_or_a_warning) {
  std::set<std::string> sections;
  std::istringstream in(baseline_);
  for (std::string line; std::getline(in, line);)
    if (const std::string s = section_of_header(line); !s.empty()) sections.insert(s);
  ASSERT_GE(sections.size(), 10u);
  const std::set<std::string> optional = {"whistle", "mediation", "emergency", "emergency_teams",
                                          "sources"};
  for (const std::string& section : sections) {
    const CliResult result = run({"check", write_scenario(without_section(baseline_, section))});
    if (optional.count(section)) {
      EXPECT_EQ(result.exit_code, 0) << section << ": " << result.err;
    }
    if (result.exit_code == 0) {
      EXPECT_NE(result.err.find("gridplan: warning: scenario.toml:1: " + section + ": no [" +
                                section + "] section, which the baseline"),
                std::string::npos)
          << section << ": " << result.err;
    } else {
      EXPECT_EQ(result.exit_code, 2) << section << ": " << result.err;
    }
  }
}

// ---- refusing what cannot fit in memory (io/run_estimate.cpp) -------------------------------

// 1e8 patrol cases a year: about 2 GB, more than the 1 GB this test allows.
TEST_F(ScenarioBoundsTest, run_that_cannot_fit_in_memory_is_refused_unless_forced) {
  memory_bytes_ = "1e9";
  const std::string scenario = write_scenario(baseline_);
  const std::vector<std::string> set = {"--set", "sources.patrol.per_year=1e8"};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), set.begin(), set.end());
    return args;
  };
  const std::vector<std::string> named = {
      "scenario hongqiao-2023 needs about ", " GB of memory (a run of 100 M cases, ",
      "events, peak memory about ", "but GRIDPLAN_MEMORY_BYTES allows 1 GB;",
      "(--force runs it anyway)"};
  expect_refused(run(with({"check", scenario})), named);
  expect_refused(run(with({"run", scenario, "--quiet", "--out", "x.h5"})), named);
  expect_refused(run(with({"export-events", scenario, "--out", "x.csv"})), named);
  expect_refused(run(with({"sweep", scenario, "--threads", "1", "--quiet", "--out", "x.h5"})),
                 named);
  const CliResult forced = run(with({"check", scenario, "--force"}));
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("estimate: 100 M cases"), std::string::npos) << forced.out;
}

// A sweep runs --threads runs at once: two baseline runs do not fit where one does.
TEST_F(ScenarioBoundsTest, sweep_counts_the_runs_it_runs_at_once) {
  memory_bytes_ = "1.2e8";
  const std::string scenario = write_scenario(baseline_);
  const CliResult one = run({"check", scenario});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  expect_refused(run({"sweep", scenario, "--threads", "2", "--replications", "2", "--quiet"}),
                 {"needs about ", "(2 runs at once of 1.19 M cases"});
}

// The structure alone: every logical process keeps monthly tallies of every mediation centre,
// 299 streets x 29,104 communities x 121 months over ten years, about 20 GB without a case.
TEST_F(ScenarioBoundsTest, structure_that_cannot_fit_in_memory_is_refused) {
  memory_bytes_ = "1e9";
  const std::string scenario = write_scenario(baseline_ + extra_streets(290, 100, 100));
  expect_refused(run({"check", scenario, "--set", "scenario.days=3660"}),
                 {"needs about ", " GB of memory"});
}

}  // namespace
