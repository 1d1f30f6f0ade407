// Tests of the loader's services for files that carry scenario overrides next to keys of their
// own (sweep files): check_override() against the parameter table alone, read_toml() with the
// loader's syntax errors, and sweep files that use both.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gridplan/experiment/sweep_file.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace {

using gridplan::experiment::parse_sweep_file;
using gridplan::experiment::SweepError;
using gridplan::experiment::SweepFile;
using gridplan::io::check_override;

/// "KEY: reason" of check_override(), or "ok".
std::string problem(const std::string& text) {
  const auto p = check_override(text);
  return p ? p->key + ": " + p->reason : "ok";
}

TEST(override_check, declared_keys_of_any_entry_with_values_of_their_type) {
  EXPECT_EQ(problem("departments.anything.staff=30"), "ok");  // entries are the scenario's
  EXPECT_EQ(problem("grid_worker.patrol_hours=0.5"), "ok");
  EXPECT_EQ(problem("categories.dispute.handler=police"), "ok");  // a bare word
  EXPECT_EQ(problem("platform.file_minutes={ dist = \"lognormal\", median = 3, p90 = 6 }"), "ok");
  EXPECT_EQ(problem("sources.x.category_shares={ a = 0.5, b = 0.5 }"), "ok");
  EXPECT_EQ(problem("categories.x.handlers={ housing = 0.7, street = 0.3 }"), "ok");
}

TEST(override_check, problems_name_the_key_as_the_loader_does) {
  EXPECT_EQ(problem("grid_worker.patrol_hour=1"),
            "grid_worker.patrol_hour: unknown key (did you mean 'grid_worker.patrol_hours'?)");
  EXPECT_EQ(problem("departments.police.staff=-4"),
            "departments.police.staff: must be in [0, 100000], got -4");
  EXPECT_EQ(problem("scenario.days=2.5"), "scenario.days: expected an integer, got a float");
  EXPECT_EQ(problem("platform.file_minutes={ dist = \"lognormal\", median = 3, p90 = 2 }"),
            "platform.file_minutes.p90: must be > median (3), got 2");
  EXPECT_EQ(problem("sources.x.category_shares={ a = 0.5 }"),
            "sources.x.category_shares: shares must sum to 1 (within 1e-6), got 0.5");
  EXPECT_EQ(problem("categories.x.handlers={ housing = 0.7, street = 0.2 }"),
            "categories.x.handlers: shares must sum to 1 (within 1e-9), got 0.9");
  EXPECT_EQ(problem("categories.x.handlers={ housing = 1.5, street = -0.5 }"),
            "categories.x.handlers.housing: must be in (0, 1], got 1.5");
  EXPECT_EQ(problem("categories.x.handlers=\"housing\""),
            "categories.x.handlers: expected a table { <handler> = share, ... }, got a string");
  EXPECT_EQ(problem("include=base.toml"),
            "include: cannot be overridden: includes are read before the overrides");
  EXPECT_EQ(problem("nokey"), "nokey: expected KEY=VALUE (e.g. --set scenario.days=30)");
}

TEST(read_toml, syntax_errors_as_in_scenario_files) {
  try {
    gridplan::io::read_toml("a = 1\nb = = 2\n", "f.toml");
    ADD_FAILURE() << "no error";
  } catch (const gridplan::io::ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("f.toml:2: syntax error: ", 0), 0u) << e.what();
  }
  const gridplan::io::TomlValue root =
      gridplan::io::read_toml("[t]\nx = [1, { a = 2 }]\n", "f.toml");
  ASSERT_EQ(root.children.size(), 1u);
  const gridplan::io::TomlValue& x = root.children[0].children.at(0);
  EXPECT_EQ(x.key, "x");
  EXPECT_EQ(x.line, 2);
  ASSERT_EQ(x.children.size(), 2u);
  EXPECT_EQ(x.children[0].text, "1");
  EXPECT_EQ(x.children[1].text, "{ a = 2 }");
}

std::string sweep_error(const std::string& text) {
  try {
    parse_sweep_file(text, "study.toml");
  } catch (const SweepError& e) {
    return e.what();
  }
  return "no error";
}

TEST(sweep_file_overrides, keys_and_values_are_checked_against_the_parameter_table) {
  EXPECT_EQ(sweep_error("[parameters]\n\"grid_worker.patrol_hour\" = [1, 2]\n"),
            "study.toml:2: grid_worker.patrol_hour: unknown key (did you mean "
            "'grid_worker.patrol_hours'?)");
  EXPECT_EQ(sweep_error("[parameters]\n\"departments.police.staff\" = [\n  20,\n  -4,\n]\n"),
            "study.toml:4: departments.police.staff: must be in [0, 100000], got -4");
  EXPECT_EQ(sweep_error("[parameters.grid_worker]\npatrol_hours = \"0:30:10\"\n"),
            "study.toml:2: grid_worker.patrol_hours: must be in [0, 24], got 30");
  EXPECT_EQ(sweep_error("set = [\"whistle.enabled=maybe\"]\n"),
            "study.toml:1: whistle.enabled: expected a boolean (true or false), got a string");
  EXPECT_EQ(sweep_error("days = 5000\n"), "study.toml:1: days: must be in [1, 3660], got 5000");
  EXPECT_EQ(
      sweep_error("replications = 3\nreplicatons = 4\n").rfind("study.toml:2: replicatons", 0), 0u);
}

TEST(sweep_file_overrides, values_keep_their_toml_text) {
  const SweepFile file = parse_sweep_file(
      "days = 30\nset = [\"whistle.enabled=true\"]\n[parameters]\n"
      "\"platform.file_minutes\" = [{ dist = \"fixed\", value = 3 }]\n"
      "\"grid_worker.shift\" = [{ working_start_hour = 8.5, working_hours = 6, "
      "rest_start_hour = 9, rest_hours = 4 }]\n"
      "\"scenario.start_date\" = [2024-01-01]\n",
      "study.toml");
  EXPECT_EQ(file.days, 30);
  EXPECT_EQ(file.sets, (std::vector<std::string>{"whistle.enabled=true"}));
  ASSERT_EQ(file.axes.size(), 3u);
  EXPECT_EQ(file.axes[0].values, (std::vector<std::string>{"{ dist = \"fixed\", value = 3 }"}));
  EXPECT_EQ(file.axes[1].values,
            (std::vector<std::string>{"{ rest_hours = 4, rest_start_hour = 9, "
                                      "working_hours = 6, working_start_hour = 8.5 }"}));
  EXPECT_EQ(file.axes[2].values, (std::vector<std::string>{"2024-01-01"}));
}

}  // namespace
