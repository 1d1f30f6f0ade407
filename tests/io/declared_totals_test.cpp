// Declared district totals ([structure] basic_grids, households) are checked against the
// streets' sums, and a misspelt street name in a room or a drill suggests the nearest street.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "gridplan/io/scenario_loader.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

/// The baseline's text with `extra` inserted after the first line matching `after`; `line` is
/// the inserted line's 1-based number.
struct Inserted {
  std::string text;
  int line = 0;
};

Inserted insert_after(const std::string& after, const std::string& extra) {
  std::ifstream in(baseline_path());
  Inserted out;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    out.text += line + '\n';
    if (out.line == 0 && std::regex_search(line, std::regex(after))) {
      out.text += extra + '\n';
      out.line = number + 1;
    }
  }
  EXPECT_NE(out.line, 0) << "no /" << after << "/ in the baseline";
  return out;
}

std::string error_of(const std::string& text) {
  try {
    io::parse_scenario(text, "test.toml", {});
  } catch (const io::ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ScenarioError thrown";
  return "";
}

TEST(declared_totals, matching_totals_load) {
  // Expectation: the published 990 grids and the 215,000 households the streets sum to load.
  const Inserted in =
      insert_after(R"(^grid_activity_cv)", "basic_grids = 990\nhouseholds = 215000");
  const model::Scenario sc = io::parse_scenario(in.text, "test.toml", {});
  EXPECT_EQ(sc.declared_basic_grids, 990);
  EXPECT_EQ(sc.declared_households, 215000);
}

TEST(declared_totals, a_grid_total_that_the_streets_miss_names_file_line_and_both_sums) {
  const Inserted in = insert_after(R"(^grid_activity_cv)", "basic_grids = 991");
  const std::string message = error_of(in.text);
  EXPECT_NE(message.find("test.toml:" + std::to_string(in.line) + ": "), std::string::npos)
      << message;
  EXPECT_NE(message.find("structure.basic_grids"), std::string::npos) << message;
  EXPECT_NE(message.find("declares 991 basic grids, but the streets' basic_grids sum to 990"),
            std::string::npos)
      << message;
}

TEST(declared_totals, a_household_total_that_the_streets_miss_is_an_error) {
  const Inserted in = insert_after(R"(^grid_activity_cv)", "households = 214000");
  const std::string message = error_of(in.text);
  EXPECT_NE(message.find("test.toml:" + std::to_string(in.line) + ": structure.households"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("sum to 215000"), std::string::npos) << message;
}

/// The baseline's text with the first match of `pattern` replaced.
std::string baseline_with(const std::string& pattern, const std::string& replacement) {
  std::ifstream in(baseline_path());
  std::stringstream text;
  text << in.rdbuf();
  return std::regex_replace(text.str(), std::regex(pattern), replacement,
                            std::regex_constants::format_first_only);
}

TEST(declared_totals, a_misspelt_street_in_a_drill_suggests_the_nearest) {
  const std::string message =
      error_of(baseline_with(R"(area = "street:heyuan")", R"(area = "street:heyuen")"));
  EXPECT_NE(message.find("unknown street (did you mean 'heyuan'?)"), std::string::npos) << message;
}

TEST(declared_totals, a_misspelt_street_of_a_room_suggests_the_nearest) {
  const std::string message =
      error_of(baseline_with(R"(streets = "heyuan")", R"(streets = "heyuam")"));
  EXPECT_NE(message.find("unknown street \"heyuam\" (did you mean 'heyuan'?)"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace gridplan::testing
