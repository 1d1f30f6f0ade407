// Tests of the scenario loader: the baseline file, every class of error and its FILE:LINE: KEY
// message, `--set` overrides, includes, and the parameter reference.
#include "gridplan/io/scenario_loader.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using gridplan::io::load_scenario;
using gridplan::io::parse_scenario;
using gridplan::io::ScenarioError;
using gridplan::model::Scenario;

const fs::path kBaseline = fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

const std::string& baseline_text() {
  static const std::string text = read_text(kBaseline);
  return text;
}

/// The ScenarioError message of `action`, or a test failure if it does not throw one.
template <typename F>
std::string error_of(F action) {
  try {
    action();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ScenarioError thrown";
  return "";
}

/// The error of parsing `text` as "test.toml" with `overrides`.
std::string parse_error(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return error_of([&] { parse_scenario(text, "test.toml", overrides); });
}

/// The baseline with one line replaced: the first line matching `key_pattern` after the first
/// line matching `section_pattern`; `line` is its 1-based number.
struct Edited {
  std::string text;
  int line = 0;
};

Edited edit_baseline(const std::string& section_pattern, const std::string& key_pattern,
                     const std::string& new_line) {
  std::istringstream in(baseline_text());
  Edited edited;
  bool in_section = section_pattern.empty();
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!in_section && std::regex_search(line, std::regex(section_pattern))) in_section = true;
    if (in_section && edited.line == 0 && std::regex_search(line, std::regex(key_pattern))) {
      edited.line = number;
      line = new_line;
    }
    edited.text += line + '\n';
  }
  EXPECT_NE(edited.line, 0) << "no /" << key_pattern << "/ after /" << section_pattern << "/";
  return edited;
}

/// The 1-based number of the first baseline line matching `pattern`.
int baseline_line(const std::string& pattern) {
  std::istringstream in(baseline_text());
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (std::regex_search(line, std::regex(pattern))) return number;
  }
  ADD_FAILURE() << "no /" << pattern << "/ in the baseline";
  return 0;
}

/// The baseline without the tables whose header matches `header_pattern` (up to the next header).
std::string baseline_without_tables(const std::string& header_pattern) {
  std::istringstream in(baseline_text());
  std::string out;
  bool skipping = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("[")) skipping = std::regex_search(line, std::regex(header_pattern));
    if (!skipping) out += line + '\n';
  }
  return out;
}

void expect_contains(const std::string& message, const std::vector<std::string>& parts) {
  for (const std::string& part : parts)
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
}

/// A fresh temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gridplan_loader_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- the baseline ------------------------------------------------------------------------------

TEST(scenario_loader, baseline_loads_with_published_structure) {
  const Scenario sc = load_scenario(kBaseline.string());
  EXPECT_EQ(sc.name, "hongqiao-2023");
  EXPECT_EQ(sc.days, 365);
  EXPECT_EQ(sc.seed, 20231207u);
  EXPECT_EQ(sc.start_date, (gridplan::kernel::Date{2023, 1, 1}));
  ASSERT_EQ(sc.streets.size(), 9u);
  int communities = 0, community_grids = 0, basic_grids = 0;
  double households = 0;
  for (const auto& s : sc.streets) {
    communities += s.communities;
    community_grids += s.community_grids;
    basic_grids += s.basic_grids;
    households += s.households;
  }
  EXPECT_EQ(communities, 104);
  EXPECT_EQ(community_grids, 114);
  EXPECT_EQ(basic_grids, 990);
  EXPECT_EQ(households, 215000);
  EXPECT_EQ(sc.holidays.size(), 19u);
  EXPECT_EQ(sc.working_weekends.size(), 7u);
  EXPECT_EQ(sc.heating_start_month, 11);
  EXPECT_EQ(sc.heating_end_day, 15);
  EXPECT_EQ(sc.platform.operators_by_hour[12], 18);
  EXPECT_EQ(sc.source_text, baseline_text());
}

TEST(scenario_loader, baseline_keeps_file_order) {
  const Scenario sc = load_scenario(kBaseline.string());
  EXPECT_EQ(sc.streets.front().name, "xigu");
  EXPECT_EQ(sc.streets.back().name, "heyuan");
  EXPECT_EQ(sc.streets.back().basic_grids, 42);
  ASSERT_EQ(sc.departments.size(), 7u);
  EXPECT_EQ(sc.departments[0].name, "city_management");
  EXPECT_EQ(sc.departments[1].name, "police");
  EXPECT_EQ(sc.departments[1].hours.working_hours, 24);
  ASSERT_EQ(sc.categories.size(), 12u);
  EXPECT_EQ(sc.categories.front().name, "info_record");
  EXPECT_EQ(sc.categories.back().name, "dispute");
  std::vector<std::string> sources;
  for (const auto& s : sc.sources) sources.push_back(s.name);
  EXPECT_EQ(sources, (std::vector<std::string>{"patrol", "hotline", "citizen", "sentiment",
                                               "sensor", "walk_in"}));
}

TEST(scenario_loader, baseline_shares_sum_to_one) {
  const Scenario sc = load_scenario(kBaseline.string());
  for (const auto& s : sc.sources) {
    ASSERT_EQ(s.category_shares.size(), sc.categories.size()) << s.name;
    EXPECT_NEAR(std::accumulate(s.category_shares.begin(), s.category_shares.end(), 0.0), 1.0, 1e-9)
        << s.name;
  }
  // Shares are indexed by category position: patrol's 0.30 is info_record, category 0.
  EXPECT_DOUBLE_EQ(sc.sources[0].category_shares[0], 0.30);
  EXPECT_DOUBLE_EQ(sc.sources[0].per_year, 1088000);
  EXPECT_DOUBLE_EQ(sc.sources[1].per_year, 79600);
  EXPECT_TRUE(sc.sources[0].found_by_worker);
  EXPECT_FALSE(sc.sources[2].found_by_worker);
  EXPECT_DOUBLE_EQ(sc.sources[0].hour_factors[8], 0.5);
  EXPECT_DOUBLE_EQ(sc.sources[0].hour_factors[17], 0.6);
}

TEST(scenario_loader, file_order_whatever_the_table_layout) {
  // toml++ iterates tables by key; entries written as inline tables or dotted keys must still
  // come out in the order of the file.
  // The baseline's drill and Heyuan's rooms name streets of their own; they go with the streets.
  std::string text =
      baseline_without_tables(R"(^\[(streets|emergency\.drills|mediation\.rooms)\.)");
  text +=
      "\n[streets]\n"
      "zeta = { communities = 1, community_grids = 1, basic_grids = 1, households = 5, "
      "office_staff = 1 }\n"
      "alpha.communities = 1\nalpha.community_grids = 1\nalpha.basic_grids = 2\n"
      "alpha.households = 5\nalpha.office_staff = 1\n";
  const Scenario sc = parse_scenario(text, "test.toml");
  ASSERT_EQ(sc.streets.size(), 2u);
  EXPECT_EQ(sc.streets[0].name, "zeta");
  EXPECT_EQ(sc.streets[1].name, "alpha");
  EXPECT_EQ(sc.streets[1].basic_grids, 2);
}

TEST(scenario_loader, baseline_keys_are_commented) {
  std::istringstream in(baseline_text());
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (std::regex_search(line, std::regex(R"(^\s*[A-Za-z_]+\s*=)"))) {
      EXPECT_NE(line.find('#'), std::string::npos) << "line " << number << " has no comment";
    }
  }
}

TEST(scenario_loader, defaults_fill_optional_keys) {
  const Edited no_lookahead = edit_baseline(R"(^\[scenario\])", R"(^lookahead_minutes)", "");
  std::string text = no_lookahead.text;
  const auto factor = text.find("heating_season_factor = 3.0");
  text.erase(factor, text.find('\n', factor) - factor);
  const Scenario sc = parse_scenario(text, "test.toml");
  EXPECT_DOUBLE_EQ(sc.lookahead_minutes, 1.0);
  ASSERT_EQ(sc.categories[7].name, "heating");
  EXPECT_DOUBLE_EQ(sc.categories[7].heating_season_factor, 1.0);
}

// ---- errors in files ---------------------------------------------------------------------------

TEST(scenario_loader, unknown_key_names_line) {
  const Edited edited = edit_baseline(R"(^\[departments\.police\])", R"(^staff\s*=)", "staf = 25");
  const std::string message = parse_error(edited.text);
  expect_contains(message, {"test.toml:" + std::to_string(edited.line) + ": ",
                            "departments.police.staf: unknown key",
                            "did you mean 'departments.police.staff'?"});
}

TEST(scenario_loader, unknown_top_level_key_suggests_across_sections) {
  const std::string message = parse_error("sede = 7\n" + baseline_text());
  expect_contains(message, {"test.toml:1: sede: unknown key", "did you mean 'scenario.seed'?"});
}

TEST(scenario_loader, unknown_table_is_named) {
  const std::string message = parse_error(baseline_text() + "\n[scenari]\nname = \"x\"\n");
  expect_contains(message, {"scenari: unknown key", "did you mean 'scenario'?"});
}

TEST(scenario_loader, unknown_key_far_from_any_has_no_suggestion) {
  const Edited edited =
      edit_baseline(R"(^\[grid_worker\])", R"(^patrol_hours)", "frobnication_level = 3");
  const std::string message = parse_error(edited.text);
  const std::string expected =
      "test.toml:" + std::to_string(edited.line) + ": grid_worker.frobnication_level: unknown key";
  EXPECT_EQ(message, expected);
}

TEST(scenario_loader, wrong_type) {
  const Edited edited = edit_baseline("", R"(^days\s*=)", "days = \"many\"");
  EXPECT_EQ(parse_error(edited.text), "test.toml:" + std::to_string(edited.line) +
                                          ": scenario.days: expected an integer, got a string");
}

TEST(scenario_loader, float_is_not_an_integer_but_integer_is_a_float) {
  const Edited as_float =
      edit_baseline(R"(^\[departments\.police\])", R"(^staff\s*=)", "staff = 2.5");
  expect_contains(parse_error(as_float.text),
                  {"departments.police.staff: expected an integer, got a float"});
  const Edited as_int =
      edit_baseline("", R"(^nonresidential_grid_share)", "nonresidential_grid_share = 0");
  EXPECT_EQ(parse_scenario(as_int.text, "test.toml").nonresidential_grid_share, 0.0);
}

TEST(scenario_loader, negative_staff_is_out_of_range) {
  const Edited edited = edit_baseline(R"(^\[departments\.police\])", R"(^staff\s*=)", "staff = -3");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line) +
                ": departments.police.staff: must be in [0, 100000], got -3");
}

TEST(scenario_loader, open_interval_is_enforced) {
  const Edited edited = edit_baseline("", R"(^p_verification_fail)", "p_verification_fail = 1");
  expect_contains(parse_error(edited.text),
                  {"grid_worker.p_verification_fail: must be in [0, 1), got 1"});
}

TEST(scenario_loader, street_counts_must_nest) {
  const Edited edited =
      edit_baseline(R"(^\[streets\.heyuan\])", R"(^basic_grids)", "basic_grids = 7");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line) +
                ": streets.heyuan.basic_grids: must be >= community_grids (8), got 7");
}

TEST(scenario_loader, zero_streets) {
  const std::string message = parse_error(baseline_without_tables(R"(^\[streets\.)"));
  expect_contains(message, {"test.toml:", "streets: at least one street is required"});
}

TEST(scenario_loader, missing_required_key_names_its_table) {
  const Edited edited =
      edit_baseline(R"(^\[streets\.santiaoshi\])", R"(^office_staff)", "# removed");
  const int table_line = baseline_line(R"(^\[streets\.santiaoshi\])");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(table_line) +
                ": streets.santiaoshi.office_staff: missing required key");
}

TEST(scenario_loader, missing_table) {
  const std::string message = parse_error(baseline_without_tables(R"(^\[platform\])"));
  expect_contains(message, {"test.toml:1: platform: missing required table [platform]"});
}

TEST(scenario_loader, missing_file) {
  EXPECT_EQ(error_of([] { load_scenario("/nonexistent/no-such.toml"); }),
            "cannot open scenario file '/nonexistent/no-such.toml': No such file or directory");
}

TEST(scenario_loader, bad_toml_syntax_names_line) {
  const Edited edited = edit_baseline("", R"(^days\s*=)", "days = = 3");
  const std::string message = parse_error(edited.text);
  expect_contains(message, {"test.toml:" + std::to_string(edited.line) + ": syntax error: "});
}

TEST(scenario_loader, duplicate_key_is_a_syntax_error) {
  const std::string message = parse_error(baseline_text() + "\n[scenario]\ndays = 3\n");
  expect_contains(message, {"test.toml:", "syntax error"});
}

TEST(scenario_loader, shares_must_sum_to_one) {
  const Edited edited = edit_baseline(R"(^\[sources\.sensor\])", R"(^category_shares)",
                                      "category_shares = { city_appearance = 0.5, street_order = "
                                      "0.3, safety_hazard = 0.1 }");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line) +
                ": sources.sensor.category_shares: shares must sum to 1 (within 1e-6), got 0.9");
}

TEST(scenario_loader, unknown_category_in_shares) {
  const Edited edited = edit_baseline(R"(^\[sources\.sensor\])", R"(^category_shares)",
                                      "category_shares = { city_apperance = 1 }");
  expect_contains(parse_error(edited.text),
                  {"sources.sensor.category_shares.city_apperance: unknown category",
                   "did you mean 'city_appearance'?"});
}

TEST(scenario_loader, unknown_handler) {
  const Edited edited =
      edit_baseline(R"(^\[categories\.market\])", R"(^handler)", "handler = \"market_regulaton\"");
  expect_contains(parse_error(edited.text), {"test.toml:" + std::to_string(edited.line) +
                                                 ": categories.market.handler: "
                                                 "unknown handler \"market_regulaton\"",
                                             "did you mean 'market_regulation'?"});
}

// ---- shared handlers: handlers = { a = share, ... } instead of handler = "a" -------------------

TEST(scenario_loader, shared_handlers_are_read_in_file_order) {
  const Edited edited = edit_baseline(R"(^\[categories\.market\])", R"(^handler)",
                                      "handlers = { market_regulation = 0.6, street = 0.4 }");
  const Scenario sc = parse_scenario(edited.text, "test.toml");
  const auto& market = sc.categories[8];
  ASSERT_EQ(market.name, "market");
  ASSERT_EQ(market.handlers.size(), 2u);
  EXPECT_EQ(market.handlers[0].handler, "market_regulation");
  EXPECT_EQ(market.handlers[0].share, 0.6);
  EXPECT_EQ(market.handlers[1].handler, "street");
  EXPECT_EQ(market.handlers[1].share, 0.4);
}

TEST(scenario_loader, shared_handler_shares_must_sum_to_1) {
  const Edited edited = edit_baseline(R"(^\[categories\.market\])", R"(^handler)",
                                      "handlers = { market_regulation = 0.6, street = 0.3 }");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line) +
                ": categories.market.handlers: shares must sum to 1 (within 1e-9), got 0.9");
}

TEST(scenario_loader, shared_handler_share_must_be_positive) {
  const Edited edited = edit_baseline(R"(^\[categories\.market\])", R"(^handler)",
                                      "handlers = { market_regulation = 1, street = 0 }");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line) +
                ": categories.market.handlers.street: must be in (0, 1], got 0");
}

TEST(scenario_loader, unknown_shared_handler) {
  const Edited edited = edit_baseline(R"(^\[categories\.market\])", R"(^handler)",
                                      "handlers = { market_regulaton = 0.5, street = 0.5 }");
  expect_contains(parse_error(edited.text), {"test.toml:" + std::to_string(edited.line) +
                                                 ": categories.market.handlers: "
                                                 "unknown handler \"market_regulaton\"",
                                             "did you mean 'market_regulation'?"});
}

TEST(scenario_loader, handler_and_handlers_together_are_an_error) {
  const Edited edited =
      edit_baseline(R"(^\[categories\.market\])", R"(^time_limit_days)",
                    "handlers = { market_regulation = 0.5, street = 0.5 }\ntime_limit_days = 10");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(edited.line - 1) +
                ": categories.market.handler: give either handler or handlers, not both");
}

TEST(scenario_loader, a_category_without_handler_or_handlers_is_an_error) {
  const Edited edited = edit_baseline(R"(^\[categories\.market\])", R"(^handler)", "");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(baseline_line(R"(^\[categories\.market\])")) +
                ": categories.market.handler: missing required key "
                "(or give handlers)");
}

TEST(scenario_loader, set_handlers_replaces_the_files_handler) {
  const Scenario sc = load_scenario(
      kBaseline.string(), {"categories.market.handlers={ market_regulation = 0.7, street = 0.3 }"});
  ASSERT_EQ(sc.categories[8].handlers.size(), 2u);
  EXPECT_EQ(sc.categories[8].handlers[1].handler, "street");
  EXPECT_EQ(sc.categories[8].handlers[1].share, 0.3);
}

TEST(scenario_loader, room_of_an_unknown_type_or_street) {
  Edited edited =
      edit_baseline(R"(^\[mediation\.rooms\.shijie\])", R"(^type)", "type = \"neighbor\"");
  EXPECT_EQ(parse_error(edited.text), "test.toml:" + std::to_string(edited.line) +
                                          ": mediation.rooms.shijie.type: unknown dispute type "
                                          "\"neighbor\": not in [mediation.dispute_types]");
  edited = edit_baseline(R"(^\[mediation\.rooms\.shijie\])", R"(^streets)",
                         "streets = \"heyuan+heyaun\"");
  expect_contains(parse_error(edited.text),
                  {"test.toml:" + std::to_string(edited.line) +
                   ": mediation.rooms.shijie.streets: unknown street \"heyaun\""});
}

TEST(scenario_loader, two_rooms_of_one_type_at_a_street) {
  // The think tank takes family disputes; made a neighbour room, it meets the 史姐 workroom at
  // Heyuan's street centre: a dispute could not be matched to one room.
  const Edited edited =
      edit_baseline(R"(^\[mediation\.rooms\.think_tank\])", R"(^type)", "type = \"neighbour\"");
  const Edited at_streets =
      edit_baseline(R"(^\[mediation\.rooms\.think_tank\])", R"(^streets)", "streets = \"heyuan\"");
  EXPECT_EQ(parse_error(edited.text),
            "test.toml:" + std::to_string(at_streets.line) +
                ": mediation.rooms.think_tank.streets: room \"shijie\" already takes neighbour "
                "disputes at street centres of street \"heyuan\"");
}

TEST(scenario_loader, bad_distribution) {
  const Edited inverted =
      edit_baseline(R"(^\[platform\])", R"(^file_minutes)",
                    "file_minutes = { dist = \"lognormal\", median = 10, p90 = 5 }");
  expect_contains(parse_error(inverted.text),
                  {"platform.file_minutes.p90: must be > median (10), got 5"});
  const Edited unknown =
      edit_baseline(R"(^\[platform\])", R"(^file_minutes)",
                    "file_minutes = { dist = \"lognormal\", median = 1, p99 = 5 }");
  expect_contains(parse_error(unknown.text),
                  {"platform.file_minutes.p99: unknown field of a lognormal distribution",
                   "did you mean 'p90'?"});
  const Edited kind = edit_baseline(R"(^\[platform\])", R"(^file_minutes)",
                                    "file_minutes = { dist = \"gamma\", mean = 1 }");
  expect_contains(parse_error(kind.text), {"platform.file_minutes.dist: unknown distribution"});
}

TEST(scenario_loader, shift_must_fit_in_a_day) {
  const Edited edited = edit_baseline(R"(^\[street_office\])", R"(^shift)",
                                      "shift = { working_start_hour = 20, working_hours = 8, "
                                      "rest_start_hour = 9, rest_hours = 0 }");
  expect_contains(parse_error(edited.text),
                  {"street_office.shift.working_hours: working_start_hour + working_hours must "
                   "be <= 24, got 20 + 8"});
}

TEST(scenario_loader, hour_factors_need_24_values) {
  const Edited edited =
      edit_baseline(R"(^\[platform\])", R"(^operators_by_hour)", "operators_by_hour = [1, 2, 3]");
  // The edit leaves the old array's continuation lines behind; cut them.
  std::string text = edited.text;
  const auto start = text.find("operators_by_hour = [1, 2, 3]");
  const auto cut = text.find("file_minutes", start);
  text.replace(start, cut - start, "operators_by_hour = [1, 2, 3]\n");
  expect_contains(
      parse_error(text),
      {"platform.operators_by_hour: expected 24 values (one per hour, 00-01 first), got 3"});
}

TEST(scenario_loader, bad_month_day) {
  const Edited edited =
      edit_baseline("", R"(^heating_season_end)", "heating_season_end = \"02-30\"");
  expect_contains(parse_error(edited.text),
                  {"calendar.heating_season_end: expected a day of the year"});
}

// ---- --set overrides ---------------------------------------------------------------------------

TEST(scenario_loader, set_scalar) {
  const Scenario sc =
      load_scenario(kBaseline.string(), {"scenario.days=30", "scenario.name=variant"});
  EXPECT_EQ(sc.days, 30);
  EXPECT_EQ(sc.name, "variant");  // a bare word is a string
}

TEST(scenario_loader, set_map_entry) {
  const Scenario sc = load_scenario(kBaseline.string(), {"departments.police.staff=30"});
  EXPECT_EQ(sc.departments[1].staff, 30);
  EXPECT_EQ(sc.departments[0].staff, 40);
}

TEST(scenario_loader, set_values_of_each_shape) {
  const Scenario sc =
      load_scenario(kBaseline.string(),
                    {R"(categories.dispute.staff_hours = {dist="fixed", value=3})",
                     "categories.dispute.handler=police", "sources.citizen.found_by_worker=true",
                     R"(sources.citizen.entry="grid_worker")",
                     "platform.operators_by_hour=[9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9]",
                     "scenario.start_date=2024-01-01"});
  const auto& dispute = sc.categories.back();
  EXPECT_EQ(dispute.staff_hours.kind, gridplan::kernel::Distribution::Kind::kFixed);
  EXPECT_DOUBLE_EQ(dispute.staff_hours.p1, 3);
  ASSERT_EQ(dispute.handlers.size(), 1u);
  EXPECT_EQ(dispute.handlers[0].handler, "police");
  EXPECT_EQ(dispute.handlers[0].share, 1.0);
  EXPECT_TRUE(sc.sources[2].found_by_worker);
  EXPECT_EQ(sc.sources[2].entry, "grid_worker");
  EXPECT_EQ(sc.platform.operators_by_hour[3], 9);
  EXPECT_EQ(sc.start_date, (gridplan::kernel::Date{2024, 1, 1}));
}

TEST(scenario_loader, set_does_not_hide_a_bad_file_value) {
  const Edited edited = edit_baseline("", R"(^days\s*=)", "days = \"many\"");
  EXPECT_EQ(error_of([&] { parse_scenario(edited.text, "test.toml", {"scenario.days=2"}); }),
            "test.toml:" + std::to_string(edited.line) +
                ": scenario.days: expected an integer, got a string");
}

TEST(scenario_loader, set_unknown_key) {
  EXPECT_EQ(error_of([] { load_scenario(kBaseline.string(), {"grid_worker.no_such_key=1"}); }),
            "--set grid_worker.no_such_key: unknown key");
  expect_contains(
      error_of([] { load_scenario(kBaseline.string(), {"grid_worker.patrol_hour=2"}); }),
      {"--set grid_worker.patrol_hour: unknown key (did you mean 'grid_worker.patrol_hours'?)"});
}

TEST(scenario_loader, set_missing_entry) {
  expect_contains(
      error_of([] { load_scenario(kBaseline.string(), {"departments.polic.staff=3"}); }),
      {"--set departments.polic.staff: no entry 'polic' in [departments]",
       "did you mean 'police'?"});
}

TEST(scenario_loader, set_wrong_type_and_range) {
  EXPECT_EQ(error_of([] { load_scenario(kBaseline.string(), {"scenario.days=2.5"}); }),
            "--set scenario.days: expected an integer, got a float");
  EXPECT_EQ(error_of([] { load_scenario(kBaseline.string(), {"departments.police.staff=-3"}); }),
            "--set departments.police.staff: must be in [0, 100000], got -3");
}

TEST(scenario_loader, set_bad_syntax) {
  expect_contains(error_of([] { load_scenario(kBaseline.string(), {"seed"}); }),
                  {"--set seed: expected KEY=VALUE"});
  expect_contains(error_of([] { load_scenario(kBaseline.string(), {"scenario.days=[1,"}); }),
                  {"--set scenario.days: bad value '[1,'"});
  expect_contains(
      error_of([] { load_scenario(kBaseline.string(), {"platform.file_minutes.median=3"}); }),
      {"--set platform.file_minutes.median: platform.file_minutes is one value"});
  expect_contains(error_of([] { load_scenario(kBaseline.string(), {"include=x.toml"}); }),
                  {"--set include: cannot be overridden"});
  // A mistyped date is a TOML error, not silently the string "2023-02-30".
  expect_contains(
      error_of([] { load_scenario(kBaseline.string(), {"scenario.start_date=2023-02-30"}); }),
      {"--set scenario.start_date: bad value '2023-02-30'"});
}

// ---- includes ----------------------------------------------------------------------------------

TEST(scenario_loader, include_merges_and_overrides) {
  TempDir dir;
  write_text(dir.path() / "base.toml", baseline_text());
  fs::create_directories(dir.path() / "variants");
  write_text(dir.path() / "variants" / "more-police.toml",
             "include = \"../base.toml\"\n"
             "[scenario]\nname = \"more-police\"\n"
             "[departments.volunteers]\nstaff = 5\n"
             "shift = { working_start_hour = 9, working_hours = 4, rest_start_hour = 9, "
             "rest_hours = 4 }\n"
             "[departments.police]\nstaff = 40\n");
  const Scenario sc = load_scenario((dir.path() / "variants" / "more-police.toml").string(),
                                    {"departments.volunteers.staff=6"});
  EXPECT_EQ(sc.name, "more-police");
  EXPECT_EQ(sc.days, 365);  // from the base
  ASSERT_EQ(sc.departments.size(), 8u);
  EXPECT_EQ(sc.departments[1].name, "police");  // the base's order is kept
  EXPECT_EQ(sc.departments[1].staff, 40);
  EXPECT_EQ(sc.departments[1].hours.working_hours, 24);  // merged key by key
  EXPECT_EQ(sc.departments.back().name, "volunteers");   // new entries come after
  EXPECT_EQ(sc.departments.back().staff, 6);
  expect_contains(sc.source_text, {"include = \"../base.toml\"", "# ---- included: ",
                                   "base.toml ----\n# Hongqiao 2023 baseline"});
}

TEST(scenario_loader, include_errors_name_the_included_file) {
  TempDir dir;
  write_text(dir.path() / "base.toml", "[scenario]\nname = \"b\"\nsede = 3\n");
  write_text(dir.path() / "top.toml", "include = \"base.toml\"\n");
  expect_contains(error_of([&] { load_scenario((dir.path() / "top.toml").string()); }),
                  {"base.toml:3: scenario.sede: unknown key (did you mean 'scenario.seed'?)"});
}

TEST(scenario_loader, include_of_missing_file) {
  TempDir dir;
  write_text(dir.path() / "top.toml", "\ninclude = \"gone.toml\"\n");
  expect_contains(error_of([&] { load_scenario((dir.path() / "top.toml").string()); }),
                  {"top.toml:2: include: cannot open scenario file '", "gone.toml': No such file"});
}

TEST(scenario_loader, include_cycle_is_an_error) {
  TempDir dir;
  write_text(dir.path() / "a.toml", "include = \"b.toml\"\n");
  write_text(dir.path() / "b.toml", "include = \"a.toml\"\n");
  expect_contains(error_of([&] { load_scenario((dir.path() / "a.toml").string()); }),
                  {"b.toml:1: include: include cycle: ", "a.toml -> ", "b.toml -> ", "a.toml"});
}

// ---- reference ---------------------------------------------------------------------------------

TEST(scenario_loader, reference_lists_every_key) {
  const std::string reference = gridplan::io::parameter_reference();
  expect_contains(reference, {"streets.*.office_staff", "categories.*.settle_in_grid",
                              "sources.*.per_year", "departments.*.staff", "scenario.days",
                              "[1, 3660]", "platform.file_minutes", "grid_worker.shift"});
}

TEST(scenario_loader, docs_hold_the_current_reference) {
  const std::string docs = read_text(fs::path(GRIDPLAN_SOURCE_DIR) / "docs" / "scenario.md");
  EXPECT_NE(docs.find(gridplan::io::parameter_reference()), std::string::npos)
      << "docs/scenario.md is out of date: paste the output of `gridplan params` into it";
}

}  // namespace
