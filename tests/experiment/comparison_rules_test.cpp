// What `gridplan compare` refuses to compare and what it only notes: sides of different horizons,
// seeds or random-number modes are refused (exit code 2, naming each difference) unless
// --allow-different; different scenario texts or --set overrides (a what-if against its
// baseline, the normal use) give one warning line. Unit tests of check_comparable, then the
// rules through the built program on real sweeps.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "cli_sweep_support.hpp"
#include "gridplan/experiment/comparison.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "test_support.hpp"

namespace gridplan::experiment {
namespace {

namespace fs = std::filesystem;

/// A side of three runs of `days` days with `seed`, of scenario `text`.
ComparisonSide side(std::int64_t days, std::int64_t seed, bool independent,
                    const std::string& text = "[scenario]\nname = \"a\"\n",
                    const std::string& overrides = "") {
  ComparisonSide s;
  s.label = "x.h5";
  s.replications = {0, 1, 2};
  s.days = {days, days, days};
  s.seeds = {seed, seed, seed};
  s.independent_streams = independent;
  s.scenario_name = text.substr(text.find('"') + 1, 1);
  s.scenario_text = text;
  s.overrides = overrides;
  return s;
}

TEST(comparison_rules, equal_sides_have_no_differences) {
  const SideDifferences d = check_comparable(side(3, 7, false), side(3, 7, false), false);
  EXPECT_TRUE(d.refused.empty());
  EXPECT_TRUE(d.noted.empty());
}

TEST(comparison_rules, horizon_seed_and_streams_are_refused_each_named) {
  const ComparisonSide a = side(3, 7, false);
  try {
    check_comparable(a, side(5, 8, true), false);
    FAIL() << "expected ComparisonError";
  } catch (const ComparisonError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("horizon: A 3 days, B 5 days"), std::string::npos) << what;
    EXPECT_NE(what.find("seed: A 7, B 8"), std::string::npos) << what;
    EXPECT_NE(what.find("random numbers: A common random numbers, B independent"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("--allow-different"), std::string::npos) << what;
  }
  EXPECT_THROW(check_comparable(a, side(5, 7, false), false), ComparisonError);
  EXPECT_THROW(check_comparable(a, side(3, 8, false), false), ComparisonError);
  EXPECT_THROW(check_comparable(a, side(3, 7, true), false), ComparisonError);
  // Allowed: nothing thrown, every difference still reported.
  const SideDifferences d = check_comparable(a, side(5, 8, true), true);
  EXPECT_EQ(d.refused.size(), 3u);
}

TEST(comparison_rules, a_side_with_several_horizons_is_listed) {
  ComparisonSide b = side(3, 7, false);
  b.days = {3, 5, 3};
  const SideDifferences d = check_comparable(side(3, 7, false), b, true);
  ASSERT_EQ(d.refused.size(), 1u);
  EXPECT_NE(d.refused[0].find("B {3, 5} days"), std::string::npos) << d.refused[0];
}

TEST(comparison_rules, scenario_text_and_overrides_are_only_noted) {
  const ComparisonSide a = side(3, 7, false, "[scenario]\nname = \"a\"\n");
  const ComparisonSide b =
      side(3, 7, false, "[scenario]\nname = \"b\"\n", "departments.police.staff=30");
  const SideDifferences d = check_comparable(a, b, false);
  EXPECT_TRUE(d.refused.empty());
  ASSERT_EQ(d.noted.size(), 2u);
  EXPECT_NE(d.noted[0].find("scenario text (A a, B b)"), std::string::npos) << d.noted[0];
  EXPECT_NE(d.noted[1].find("A none; B departments.police.staff=30"), std::string::npos)
      << d.noted[1];
}

// ---------------------------------------------------------------------------------------------
// Through the program

using CliResult = testing::Command;

/// `gridplan ARGS` in `dir`, stdout and stderr captured.
CliResult gridplan(const fs::path& dir, const std::string& args) {
  return testing::gridplan_cli(dir, args);
}

class CompareRulesCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: ctest runs each test in a process of its own, maybe at once.
    dir_ = new fs::path(fs::path(::testing::TempDir()) /
                        ("gridplan_compare_rules_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    const std::string base = " --replications 3 --threads 1 --quiet";
    const std::string baseline = testing::baseline_path();
    const std::string what_if = testing::source_path("scenarios/whistle-lower-threshold.toml");
    for (const std::string& args :
         {"sweep " + baseline + " --days 3" + base + " --out base.h5",
          "sweep " + baseline + " --days 3 --set departments.police.staff=30" + base +
              " --out set.h5",
          "sweep " + what_if + " --days 3" + base + " --out whatif.h5",
          "sweep " + baseline + " --days 4" + base + " --out days4.h5",
          "sweep " + baseline + " --days 3 --set scenario.seed=42" + base + " --out seed42.h5",
          "sweep " + baseline + " --days 3 --independent" + base + " --out independent.h5",
          "sweep " + baseline + " --grid scenario.days=3,4" + base + " --out grid.h5"}) {
      const CliResult r = gridplan(*dir_, args);
      ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static CliResult compare(const std::string& args) {
    return gridplan(*dir_, "compare " + args + " --out c.h5");
  }
  static fs::path* dir_;
};

fs::path* CompareRulesCli::dir_ = nullptr;

TEST_F(CompareRulesCli, the_same_scenario_with_other_overrides_compares_with_a_note) {
  const CliResult r = compare("base.h5 set.h5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("B - A"), std::string::npos);
  EXPECT_NE(r.err.find("gridplan: warning: A and B differ in --set overrides"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("scenario text"), std::string::npos) << r.err;
}

TEST_F(CompareRulesCli, a_what_if_against_its_baseline_compares_with_one_warning_line) {
  const CliResult r = compare("base.h5 whatif.h5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("gridplan: warning: A and B differ in scenario text (A hongqiao-2023, B "
                        "whistle-lower-threshold)",
                        0),
            0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  // --quiet: nothing but errors.
  EXPECT_EQ(gridplan(*dir_, "compare base.h5 whatif.h5 --out c.h5 --quiet").err, "");
}

TEST_F(CompareRulesCli, other_horizon_seed_or_streams_are_refused_naming_the_difference) {
  const struct {
    const char* file;
    const char* says;
  } cases[] = {{"days4.h5", "horizon: A 3 days, B 4 days"},
               {"seed42.h5", "seed: A 20231207, B 42"},
               {"independent.h5", "random numbers: A common random numbers, B independent"}};
  for (const auto& c : cases) {
    fs::remove(*dir_ / "c.h5");
    const CliResult r = compare(std::string("base.h5 ") + c.file);
    EXPECT_EQ(r.exit_code, 2) << c.file;
    EXPECT_EQ(r.err.rfind("gridplan: error: compare: will not compare base.h5 with ", 0), 0u)
        << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--allow-different"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(*dir_ / "c.h5")) << c.file;
    // Both orders.
    EXPECT_EQ(compare(std::string(c.file) + " base.h5").exit_code, 2) << c.file;
  }
}

TEST_F(CompareRulesCli, allow_different_compares_anyway_and_says_so) {
  const CliResult r = compare("base.h5 days4.h5 --allow-different");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("gridplan: warning: compared with --allow-different although horizon"),
            std::string::npos)
      << r.err;
  const kernel::Table c = io::read_hdf5_table((*dir_ / "c.h5").string(), "comparison");
  EXPECT_NE(c.description.find("compared with --allow-different: horizon: A 3 days, B 4 days"),
            std::string::npos)
      << c.description;
}

TEST_F(CompareRulesCli, points_of_one_sweep_follow_the_same_rules) {
  // Points 0 and 1 of a sweep of scenario.days: different horizons.
  const CliResult r = compare("grid.h5 --points 0,1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("horizon: A 3 days, B 4 days"), std::string::npos) << r.err;
  EXPECT_EQ(compare("grid.h5 --points 0,1 --allow-different").exit_code, 0);
  // The same point of the same horizon in two files: no difference at all.
  const CliResult same = compare("grid.h5 base.h5 --points 0,0");
  EXPECT_EQ(same.exit_code, 0) << same.err;
}

}  // namespace
}  // namespace gridplan::experiment
