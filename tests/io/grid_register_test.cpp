// Grid registers ([structure] register) and `gridplan init`: the generated district written as a
// register and read back runs bit for bit the same; a bad register is named by file, line and
// column; init never overwrites a file.
#include "gridplan/io/grid_register.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gridplan/io/district_init.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/model/district.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using gridplan::io::ScenarioError;
using gridplan::testing::baseline_path;

/// A fresh directory for one test, removed at its end.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("gridplan-register-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

/// The baseline's generated district as register lines (header first).
std::vector<std::string> baseline_register_lines() {
  const auto sc = gridplan::io::load_scenario(baseline_path());
  std::stringstream csv(gridplan::io::grid_register_csv(sc, gridplan::model::build_district(sc)));
  std::vector<std::string> lines;
  for (std::string line; std::getline(csv, line);) lines.push_back(line);
  return lines;
}

/// The error of loading the baseline with `lines` as its register (written to `dir`/grids.csv).
std::string register_error(const TempDir& dir, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  write_text(dir.path / "grids.csv", text);
  try {
    gridplan::io::load_scenario(
        baseline_path(), {"structure.register=\"" + (dir.path / "grids.csv").string() + "\""});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ScenarioError thrown";
  return "";
}

/// `line` with field `i` (0-based) replaced by `value`.
std::string with_field(const std::string& line, int i, const std::string& value) {
  std::vector<std::string> f;
  std::stringstream s(line);
  for (std::string x; std::getline(s, x, ',');) f.push_back(x);
  f.at(i) = value;
  std::string out;
  for (const std::string& x : f) out += (out.empty() ? "" : ",") + x;
  return out;
}

}  // namespace

TEST(grid_register, written_register_reproduces_the_generated_run) {
  const TempDir dir("round-trip");
  std::string text;
  for (const std::string& l : baseline_register_lines()) text += l + "\n";
  write_text(dir.path / "grids.csv", text);
  const std::string days = "scenario.days=30";
  const auto generated = gridplan::io::load_scenario(baseline_path(), {days});
  const auto registered = gridplan::io::load_scenario(
      baseline_path(), {days, "structure.register=\"" + (dir.path / "grids.csv").string() + "\""});
  ASSERT_TRUE(generated.register_grids.empty());
  ASSERT_EQ(registered.register_grids.size(), 990u);
  auto a = gridplan::testing::run(generated), b = gridplan::testing::run(registered);
  // The one value that is not deterministic: the run's wall-clock time.
  for (auto* out : {&a, &b})
    for (auto& t : out->tables)
      for (auto& c : t.columns)
        if (c.name == "wall_seconds") c.f64.assign(c.f64.size(), 0.0);
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (std::size_t t = 0; t < a.tables.size(); ++t) {
    EXPECT_EQ(a.tables[t].name, b.tables[t].name);
    EXPECT_TRUE(gridplan::testing::identical(a.tables[t], b.tables[t])) << a.tables[t].name;
  }
}

TEST(grid_register, missing_activity_is_drawn_as_the_generator_draws_it) {
  const TempDir dir("activity");
  std::vector<std::string> lines = baseline_register_lines();
  std::string text;
  for (std::string& l : lines) {  // the first five columns: no activity, no residential
    std::size_t end = 0;
    for (int comma = 0; comma < 5; ++comma) end = l.find(',', end + (comma > 0));
    l.resize(end);
    text += l + "\n";
  }
  ASSERT_EQ(lines[0], "grid,street,community,community_grid,households");
  write_text(dir.path / "grids.csv", text);
  const auto generated = gridplan::io::load_scenario(baseline_path());
  const auto registered = gridplan::io::load_scenario(
      baseline_path(), {"structure.register=\"" + (dir.path / "grids.csv").string() + "\""});
  const auto a = gridplan::model::build_district(generated);
  const auto b = gridplan::model::build_district(registered);
  ASSERT_EQ(a.grids.size(), b.grids.size());
  for (std::size_t g = 0; g < a.grids.size(); ++g) {
    EXPECT_EQ(a.grids[g].activity, b.grids[g].activity) << g;
    EXPECT_EQ(a.grids[g].community_grid, b.grids[g].community_grid) << g;
  }
}

TEST(grid_register, missing_column_names_file_and_line) {
  const TempDir dir("missing");
  auto lines = baseline_register_lines();
  lines[0] = "grid,street,community,community_grid,activity,residential";
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("grids.csv:1: missing column households"), std::string::npos) << e;
}

TEST(grid_register, unknown_street_suggests_the_nearest) {
  const TempDir dir("street");
  auto lines = baseline_register_lines();
  lines[2] = with_field(lines[2], 1, "xigo");
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("grids.csv:3: column street: unknown street \"xigo\""), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'xigu'"), std::string::npos) << e;
}

TEST(grid_register, duplicate_grid_id_names_both_lines) {
  const TempDir dir("duplicate");
  auto lines = baseline_register_lines();
  lines[4] = with_field(lines[4], 0, "1");
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("grids.csv:5: column grid: grid \"1\" repeats line 3"), std::string::npos) << e;
}

TEST(grid_register, negative_households_are_refused) {
  const TempDir dir("negative");
  auto lines = baseline_register_lines();
  lines[7] = with_field(lines[7], 4, "-5");
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("grids.csv:8: column households: must be >= 0, got -5"), std::string::npos) << e;
}

TEST(grid_register, street_without_grid_is_named_where_declared) {
  const TempDir dir("empty-street");
  std::vector<std::string> lines;
  for (const std::string& l : baseline_register_lines())
    if (l.find(",heyuan,") == std::string::npos) lines.push_back(l);
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("hongqiao-2023.toml:126: streets.heyuan: no grid in the register"),
            std::string::npos)
      << e;
}

TEST(grid_register, counts_must_agree_with_the_streets) {
  const TempDir dir("counts");
  auto lines = baseline_register_lines();
  lines[2] = with_field(lines[2], 4, "100000");  // a residential grid of xigu
  const std::string e = register_error(dir, lines);
  EXPECT_NE(e.find("streets.xigu.households: is "), std::string::npos) << e;
  EXPECT_NE(e.find("must agree"), std::string::npos) << e;
}

TEST(grid_register, init_copies_the_scenario_and_its_district) {
  const TempDir dir("init");
  const std::string name = (dir.path / "newtown").string();
  const auto files = gridplan::io::init_district(name, baseline_path(), false);
  EXPECT_EQ(files.scenario, name + ".toml");
  EXPECT_EQ(files.grids, name + "-grids.csv");
  // The copied text keeps the source's comments and names the register beside it.
  const std::string text = read_text(files.scenario);
  EXPECT_NE(text.find("\nregister = \"newtown-grids.csv\""), std::string::npos);
  EXPECT_NE(text.find("# 西沽街道"), std::string::npos);
  const auto source = gridplan::io::load_scenario(baseline_path());
  const auto copy = gridplan::io::load_scenario(files.scenario);
  ASSERT_EQ(copy.register_grids.size(), 990u);
  const auto a = gridplan::model::build_district(source);
  const auto b = gridplan::model::build_district(copy);
  ASSERT_EQ(a.grids.size(), b.grids.size());
  EXPECT_EQ(a.communities, b.communities);
  EXPECT_EQ(a.community_grids, b.community_grids);
  for (std::size_t g = 0; g < a.grids.size(); ++g) {
    EXPECT_EQ(a.grids[g].street, b.grids[g].street) << g;
    EXPECT_EQ(a.grids[g].community, b.grids[g].community) << g;
    EXPECT_EQ(a.grids[g].community_grid, b.grids[g].community_grid) << g;
    EXPECT_EQ(a.grids[g].households, b.grids[g].households) << g;
    EXPECT_EQ(a.grids[g].activity, b.grids[g].activity) << g;
  }
}

TEST(grid_register, coordinates_reach_the_district_and_survive_init) {
  // Xinhe's register gives x, y; the baseline's generated district has none.
  const std::string xinhe = gridplan::testing::source_path("scenarios/xinhe-2024.toml");
  const auto source = gridplan::io::load_scenario(xinhe);
  const auto a = gridplan::model::build_district(source);
  ASSERT_EQ(a.grids.size(), 1285u);
  // The first line of scenarios/xinhe-2024-grids.csv: g0001, ..., x = 38, y = 8.
  EXPECT_EQ(a.grids[0].x, 38);
  EXPECT_EQ(a.grids[0].y, 8);
  const TempDir dir("init-xy");
  const auto files = gridplan::io::init_district((dir.path / "copy").string(), xinhe, false);
  const auto b = gridplan::model::build_district(gridplan::io::load_scenario(files.scenario));
  ASSERT_EQ(a.grids.size(), b.grids.size());
  for (std::size_t g = 0; g < a.grids.size(); ++g) {
    EXPECT_EQ(a.grids[g].x, b.grids[g].x) << g;
    EXPECT_EQ(a.grids[g].y, b.grids[g].y) << g;
  }
  const auto generated =
      gridplan::model::build_district(gridplan::io::load_scenario(baseline_path()));
  EXPECT_TRUE(std::isnan(generated.grids[0].x) && std::isnan(generated.grids[0].y));
  EXPECT_EQ(baseline_register_lines().front(),
            "grid,street,community,community_grid,households,activity,residential");
}

TEST(grid_register, init_refuses_to_overwrite) {
  const TempDir dir("overwrite");
  const std::string name = (dir.path / "newtown").string();
  write_text(name + "-grids.csv", "mine\n");
  try {
    gridplan::io::init_district(name, baseline_path(), false);
    ADD_FAILURE() << "no OutputPathError thrown";
  } catch (const gridplan::io::OutputPathError& e) {
    EXPECT_NE(std::string(e.what()).find("newtown-grids.csv exists"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(read_text(name + "-grids.csv"), "mine\n");
  EXPECT_FALSE(fs::exists(name + ".toml"));
  // Nothing but the file that was there: no temporary left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
  // --force replaces it, but never the input.
  gridplan::io::init_district(name, baseline_path(), true);
  EXPECT_NE(read_text(name + "-grids.csv"), "mine\n");
  EXPECT_THROW(gridplan::io::init_district(name, name + ".toml", true),
               gridplan::io::OutputPathError);
}

TEST(grid_register, register_text_is_part_of_the_scenario_text) {
  const TempDir dir("provenance");
  const std::string first = (dir.path / "first").string(), second = (dir.path / "second").string();
  gridplan::io::init_district(first, baseline_path(), false);
  const auto sc = gridplan::io::load_scenario(first + ".toml");
  EXPECT_EQ(sc.register_file, first + "-grids.csv");
  // Provenance and sweep fingerprints see the register, as comments after the scenario's text.
  const std::size_t at = sc.source_text.find(gridplan::io::kRegisterMarker);
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(sc.source_text.find("\n# grid,street,community,community_grid,households", at),
            std::string::npos);
  // init from a scenario with a register copies the scenario's text, not the register's.
  gridplan::io::init_district(second, first + ".toml", false);
  const std::string text = read_text(second + ".toml");
  EXPECT_EQ(text.find(gridplan::io::kRegisterMarker), std::string::npos);
  EXPECT_EQ(text.find("register = \"first-grids.csv\""), std::string::npos);
  EXPECT_NE(text.find("register = \"second-grids.csv\""), std::string::npos);
  EXPECT_EQ(gridplan::io::load_scenario(second + ".toml").register_grids.size(), 990u);
}
