// City files (docs/scenario.md, "A city"): what a good one loads to, and what a bad one is
// refused with, naming the file, the line and the key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "city_scenarios.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/model/city.hpp"

namespace gridplan::testing {
namespace {

/// The error loading `text` (a city file written to a scratch directory) gives, or "".
std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  const auto dir = city_scratch_dir("bad");
  std::ofstream(dir / "city.toml") << text;
  try {
    io::load_scenario((dir / "city.toml").string(), sets);
  } catch (const io::ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string district(const std::string& name, double share, const std::string& extra = "") {
  return "[[districts]]\nname = \"" + name + "\"\nscenario = \"" + baseline_path() +
         "\"\nhotline_share = " + std::to_string(share) + "\n" + extra + "\n";
}

const std::string kCity = "[city]\nname = \"c\"\nseed = 5\ndays = 3\n\n";
const std::string kCentre = "[hotline_centre]\ncalls_per_year = 1000\n\n";

TEST(city_loader, loads_districts_with_their_seeds_horizon_and_overrides) {
  const auto dir = city_scratch_dir("good");
  const model::Scenario sc =
      io::load_scenario(write_test_city(dir, "city.toml", four_test_districts(), 12, true, 90),
                        {io::option_override("--seed", "scenario.seed", "100")});
  ASSERT_TRUE(sc.city);
  EXPECT_EQ(sc.name, "test-city");
  EXPECT_EQ(sc.seed, 100u);
  EXPECT_EQ(sc.days, 12);
  ASSERT_EQ(sc.city->districts.size(), 4u);
  for (std::size_t d = 0; d < 4; ++d) {
    EXPECT_EQ(sc.city->districts[d].scenario.seed, 100 + d);
    EXPECT_EQ(sc.city->districts[d].scenario.days, 12);
  }
  EXPECT_EQ(sc.city->districts[1].scenario.departments[1].name, "police");
  EXPECT_EQ(sc.city->districts[1].scenario.departments[1].staff, 2);
  EXPECT_TRUE(sc.city->centre.enabled);
  EXPECT_EQ(sc.city->centre.calls.per_year, 80000);
  EXPECT_EQ(sc.city->centre.closed_at_centre, 0.4);
  EXPECT_EQ(sc.city->centre.district_shares, (std::vector<double>{0.4, 0.3, 0.2, 0.1}));
  // The calls take the first district's hotline source's shape.
  const model::Scenario& first = sc.city->districts[0].scenario;
  for (const model::SourceSpec& s : first.sources)
    if (s.name == "hotline") EXPECT_EQ(sc.city->centre.calls.hour_factors, s.hour_factors);
  // The districts' files are the city's inputs (never written over).
  EXPECT_NE(std::find(sc.included_files.begin(), sc.included_files.end(), baseline_path()),
            sc.included_files.end());
}

TEST(city_loader, refuses_bad_files_naming_file_line_and_key) {
  // The shares of the transferred calls must add up to 1.
  std::string e = error_of(kCity + kCentre + district("a", 0.5) + district("b", 0.4));
  EXPECT_NE(e.find("city.toml:"), std::string::npos) << e;
  EXPECT_NE(e.find("must add up to 1, they add up to 0.9"), std::string::npos) << e;
  // An unknown key, with its line.
  e = error_of(kCity + kCentre + "[[districts]]\nname = \"a\"\nscenario = \"" + baseline_path() +
               "\"\nhotline_share = 1\nhotlin_share = 1\n");
  EXPECT_NE(e.find("city.toml:13: districts[0].hotlin_share: unknown key"), std::string::npos) << e;
  // A bad district override names the city file's entry and the district's key.
  e = error_of(kCity + kCentre + district("a", 1, "set = [\"departments.police.staff=-3\"]"));
  EXPECT_NE(e.find("districts[0].set: district a: --set departments.police.staff"),
            std::string::npos)
      << e;
  // Two districts of one name; a missing required key; a share out of range.
  e = error_of(kCity + kCentre + district("a", 0.5) + district("a", 0.5));
  EXPECT_NE(e.find("\"a\" names two districts"), std::string::npos) << e;
  e = error_of("[city]\nseed = 5\n" + district("a", 1));
  EXPECT_NE(e.find("city.toml:1: city.name: required, missing"), std::string::npos) << e;
  e = error_of(kCity + kCentre + district("a", 1.5));
  EXPECT_NE(e.find("districts[0].hotline_share: must be in [0, 1], got 1.5"), std::string::npos)
      << e;
  // The centre takes over a source every district must have.
  e = error_of(kCity + "[hotline_centre]\ncalls_per_year = 1000\nsource = \"phone\"\n\n" +
               district("a", 1));
  EXPECT_NE(e.find("has no source \"phone\""), std::string::npos) << e;
  e = error_of(kCity + "[hotline_centre]\ncalls_per_year = 1000\nsource = \"patrol\"\n\n" +
               district("a", 1));
  EXPECT_NE(e.find("source \"patrol\" is not one that enters at the platform"), std::string::npos)
      << e;
  // Districts share their days; a city takes --seed and --days, nothing else.
  e = error_of("[city]\nname = \"c\"\nseed = 5\n\n" + kCentre + district("a", 0.5) +
               district("b", 0.5, "set = [\"scenario.days=4\"]"));
  EXPECT_NE(e.find("starts or ends on other days"), std::string::npos) << e;
  e = error_of(kCity + kCentre + district("a", 1), {"departments.police.staff=4"});
  EXPECT_NE(e.find("a city file takes only scenario.seed and scenario.days"), std::string::npos)
      << e;
  e = error_of(kCity + "[hotline_centre]\ncalls_per_year = 1000\n\n");
  EXPECT_NE(e.find("a city needs [[districts]]"), std::string::npos) << e;
}

}  // namespace
}  // namespace gridplan::testing
