// A scenario that includes another can leave parts of it out (`drop`) and write them anew, and
// `gridplan check --explain` shows where each final value came from (docs/scenario.md,
// "Including another scenario").
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gridplan/io/scenario_loader.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;
using io::ScenarioError;

const std::string kHead = "include = \"" + baseline_path() + "\"\n";

model::Scenario parse(const std::string& text) {
  return io::parse_scenario(text, "top.toml");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(include_drop, entries_of_the_base_are_left_out_and_new_ones_written) {
  const model::Scenario sc = parse(kHead + R"(
drop = ["streets.heyuan", "emergency.drills", "mediation.rooms.shijie", "mediation.rooms.think_tank"]
[emergency.drills.xigu]
date = 2023-06-14
start_hour = 10.0
area = "street:xigu"
visit_minutes = { dist = "fixed", value = 3 }
p_not_home = 0.4
revisit_after_minutes = 30
)");
  ASSERT_EQ(sc.streets.size(), 8u);
  EXPECT_TRUE(std::none_of(sc.streets.begin(), sc.streets.end(),
                           [](const auto& s) { return s.name == "heyuan"; }));
  ASSERT_EQ(sc.emergencies.size(), 1u);
  EXPECT_EQ(sc.emergencies[0].name, "xigu");
  EXPECT_EQ(sc.mediation.rooms.size(), 2u);  // property and labour stay
}

TEST(include_drop, a_whole_section_is_replaced) {
  // The base's four rooms dropped, one written: only the new one is left.
  const model::Scenario sc = parse(kHead + R"(
drop = ["mediation.rooms"]
[mediation.rooms.family]
type = "family"
mediators = 2
p_resolve = 0.7
streets = "xigu"
)");
  ASSERT_EQ(sc.mediation.rooms.size(), 1u);
  EXPECT_EQ(sc.mediation.rooms[0].name, "family");
  EXPECT_EQ(sc.mediation.rooms[0].mediators, 2);
}

TEST(include_drop, a_drop_that_names_nothing_or_has_no_include_is_an_error) {
  EXPECT_EQ(error_of(kHead + "drop = [\"streets.nowhere\"]\n"),
            "top.toml:2: drop: \"streets.nowhere\" names nothing the included files set");
  EXPECT_EQ(error_of("drop = [\"streets\"]\n"),
            "top.toml:1: drop: only a file with include can drop keys");
  EXPECT_NE(error_of(kHead + "drop = \"streets\"\n").find("top.toml:2: drop: expected an array"),
            std::string::npos);
}

TEST(include_drop, explain_names_the_layer_each_value_came_from) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("explain-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path top = dir / "top.toml";
  std::ofstream(top) << kHead << "drop = [\"emergency.drills\"]\n[scenario]\nname = \"mine\"\n";
  const auto lines = io::explain_scenario(top.string(), {"departments.police.staff=9"});
  fs::remove_all(dir);
  const auto has = [&](const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("scenario.name = 'mine'  # " + top.string() + ":4"));
  EXPECT_TRUE(has("departments.police.staff = 9  # --set"));
  EXPECT_TRUE(has("scenario.days = 365  # " + baseline_path() + ":"));
  EXPECT_FALSE(has("emergency.drills.heyuan"));
}

}  // namespace
}  // namespace gridplan::testing
