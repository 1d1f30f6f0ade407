// Tests that tie the scenario parameter table to model::Scenario: every member of the scenario
// structs (read from scenario.hpp itself) is filled by a declared parameter or by the file's
// structure, every struct initialiser is its parameter's declared default, and each parameter's
// rule lives in its entry and is reported at its key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gridplan/io/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using gridplan::io::parse_scenario;
using gridplan::io::ScenarioError;

const fs::path kHeader =
    fs::path(GRIDPLAN_SOURCE_DIR) / "include" / "model" / "gridplan" / "model" / "scenario.hpp";
const fs::path kBaseline = fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

/// `text` cut at commas outside (), {} and <>.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : text) {
    if (c == '(' || c == '{' || c == '<') ++depth;
    if (c == ')' || c == '}' || c == '>') --depth;
    if (c == ',' && depth == 0)
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
}

/// The name a declarator declares: the last identifier before its initialiser.
std::string declared_name(const std::string& declarator) {
  const std::string head = declarator.substr(0, declarator.find_first_of("={"));
  std::smatch m;
  const std::string trimmed = trim(head);
  if (!std::regex_search(trimmed, m, std::regex(R"(([A-Za-z_][A-Za-z0-9_]*)$)"))) return "";
  return m[1].str();
}

/// Every data member of every struct in scenario.hpp, as "Struct::member", read from the text
/// (comments removed; one declaration may declare several members).
std::set<std::string> declared_members(const std::string& header) {
  const std::string code = std::regex_replace(header, std::regex(R"(//[^\n]*)"), "");
  std::set<std::string> members;
  const std::regex struct_head(R"(\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{)");
  for (auto it = std::sregex_iterator(code.begin(), code.end(), struct_head);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    std::size_t i = static_cast<std::size_t>(it->position() + it->length());
    std::string statement;
    for (int depth = 0; i < code.size() && !(depth == 0 && code[i] == '}'); ++i) {
      const char c = code[i];
      if (c == '{') ++depth;
      if (c == '}') --depth;
      if (c == ';' && depth == 0) {
        const std::string s = trim(statement);
        statement.clear();
        const bool data =
            !s.empty() &&
            !std::regex_search(s, std::regex(R"(^(using|static|friend|enum|struct)\b)")) &&
            s.find('(') >= s.find_first_of("={");
        if (!data) continue;
        for (const std::string& declarator : split_top_level(s))
          members.insert(name + "::" + declared_name(declarator));
      } else {
        statement += c;
      }
    }
  }
  return members;
}

std::map<std::string, std::string> filled() {
  std::map<std::string, std::string> out;
  for (const auto& [member, by] : gridplan::io::filled_members()) out.emplace(member, by);
  return out;
}

TEST(scenario_schema, header_reader_finds_every_struct_and_multi_member_declarations) {
  const std::set<std::string> members = declared_members(read_text(kHeader));
  std::set<std::string> structs;
  for (const std::string& m : members) structs.insert(m.substr(0, m.find("::")));
  EXPECT_GE(structs.size(), 16u);
  for (const char* expected :
       {"Scenario::heating_start_day", "Scenario::heating_end_month", "Scenario::night_end_hour",
        "MediationSpec::district", "SourceSpec::hour_factors", "GridWorkerSpec::patrol_hours",
        "ShiftSpec::rest_hours", "EmergencySpec::grids"})
    EXPECT_TRUE(members.count(expected)) << expected << " not found in scenario.hpp";
  for (const std::string& m : members) EXPECT_EQ(m.find("::"), m.rfind("::")) << m;
}

TEST(scenario_schema, every_member_of_the_scenario_structs_is_filled_by_the_table) {
  const std::set<std::string> declared = declared_members(read_text(kHeader));
  const std::map<std::string, std::string> by = filled();
  for (const std::string& member : declared)
    EXPECT_TRUE(by.count(member))
        << "scenario.hpp declares " << member
        << " but no parameter fills it: declare it in sim/io/scenario_schema_<section>.cpp "
           "with .field = bind(at(..., GRIDPLAN_MEMBER(...)))";
  for (const auto& [member, key] : by)
    EXPECT_TRUE(declared.count(member))
        << key << " fills " << member << ", which scenario.hpp does not declare";
}

TEST(scenario_schema, every_declared_key_fills_a_member) {
  std::set<std::string> filling;
  for (const auto& [member, key] : gridplan::io::filled_members()) filling.insert(key);
  std::istringstream reference(gridplan::io::parameter_reference());
  int keys = 0;
  for (std::string line; std::getline(reference, line);) {
    std::smatch m;
    if (!std::regex_search(
            line, m,
            std::regex(
                R"(^([a-z_]+(\.[a-z_*]+)*)\s+(int|float|bool|string|date|date\[\]|"MM-DD"|float\[24\]|int\[24\]|dist|shift|shares|handlers)\s)")))
      continue;
    ++keys;
    EXPECT_TRUE(filling.count(m[1].str())) << m[1].str() << " fills no member of the scenario";
  }
  EXPECT_GT(keys, 100);
}

TEST(scenario_schema, struct_initialisers_are_the_declared_defaults) {
  const std::vector<std::string> mismatches = gridplan::io::default_mismatches();
  for (const std::string& m : mismatches) ADD_FAILURE() << m;
  EXPECT_TRUE(mismatches.empty());
}

// ---- rules live in their entries and are reported at their keys -------------------------------

/// The baseline with the first line matching `key_pattern` after `section_pattern` replaced.
std::pair<std::string, int> edited(const std::string& section_pattern,
                                   const std::string& key_pattern, const std::string& new_line) {
  std::istringstream in(read_text(kBaseline));
  std::string text;
  int number = 0, at = 0;
  bool in_section = false;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (std::regex_search(line, std::regex(section_pattern))) in_section = true;
    if (in_section && at == 0 && std::regex_search(line, std::regex(key_pattern))) {
      at = number;
      line = new_line;
    }
    text += line + '\n';
  }
  EXPECT_NE(at, 0);
  return {text, at};
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse_scenario(text, "test.toml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST(scenario_schema, cross_field_rule_names_file_line_and_key) {
  const auto [text, line] = edited(R"(^\[grid_worker\])", R"(^patrol_hours)", "patrol_hours = 9.5");
  EXPECT_EQ(error_of(text), "test.toml:" + std::to_string(line) +
                                ": grid_worker.patrol_hours: must be <= grid_worker.shift "
                                "working_hours (9), got 9.5");
  EXPECT_EQ(error_of(read_text(kBaseline), {"grid_worker.patrol_hours=10"}),
            "--set grid_worker.patrol_hours: must be <= grid_worker.shift working_hours (9), "
            "got 10");
  EXPECT_EQ(error_of(read_text(kBaseline), {"calendar.working_weekends=[2023-01-02]"}),
            "--set calendar.working_weekends: 2023-01-02 is also in calendar.holidays");
}

TEST(scenario_schema, rules_are_shown_in_the_reference) {
  const std::string reference = gridplan::io::parameter_reference();
  for (const char* rule : {"<= shift.working_hours", ">= communities", "none in holidays",
                           "the three weights sum 1", "not all 0"})
    EXPECT_NE(reference.find(rule), std::string::npos) << rule;
}

TEST(scenario_schema, reference_cites_no_file_outside_the_repository) {
  const std::string reference = gridplan::io::parameter_reference();
  for (const char* outside : {"MODEL.md", "../shared", "parameters.md", "calibration.md"})
    EXPECT_EQ(reference.find(outside), std::string::npos) << outside;
  EXPECT_EQ(read_text(kHeader).find("MODEL.md"), std::string::npos);
}

}  // namespace
