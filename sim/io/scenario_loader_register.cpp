// [structure] register: reads the grid register the scenario names and checks it against the
// streets' counts, which must agree with it (a register edited without its scenario is caught).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gridplan/io/grid_register.hpp"
#include "scenario_loader_internal.hpp"

namespace gridplan::io::loader {

void read_register(const Reader& r, const std::string& top_file,
                   const std::filesystem::path& top_dir, model::Scenario& sc) {
  if (sc.structure_register.empty()) return;
  const Origin at = r.leaf("structure.register").origin;
  // Relative to the file that names it, like include; an override's to the top scenario's.
  const bool top = at.is_override() || at.file == top_file;
  const std::filesystem::path dir = top ? top_dir : std::filesystem::path(at.file).parent_path();
  const std::string path = (dir / sc.structure_register).lexically_normal().string();
  sc.register_grids = read_grid_register(path, sc);
  sc.register_file = path;
  // The register is part of the scenario: its text goes with the scenario's into provenance and
  // sweep fingerprints, as comments so that the text stays TOML.
  std::string text, error;
  if (!read_file(path, text, error)) throw ScenarioError(error);
  sc.source_text += std::string(kRegisterMarker) + path + " ----\n";
  for (std::size_t from = 0; from < text.size();) {
    const std::size_t end = std::min(text.find('\n', from), text.size());
    sc.source_text += "# " + text.substr(from, end - from) + "\n";
    from = end + 1;
  }

  const std::size_t n = sc.streets.size();
  std::vector<int> grids(n, 0), communities(n, 0), community_grids(n, 0);
  std::vector<double> households(n, 0.0);
  int last_community = -1, last_cg = -1;
  for (const model::RegisterGrid& g : sc.register_grids) {
    ++grids[g.street];
    households[g.street] += g.households;
    // Numbered in order of first appearance with streets grouped: a new label is a new maximum.
    if (g.community > last_community) ++communities[g.street], last_community = g.community;
    if (g.community_grid > last_cg) ++community_grids[g.street], last_cg = g.community_grid;
  }
  for (std::size_t s = 0; s < n; ++s) {
    const model::StreetSpec& st = sc.streets[s];
    const std::string street = "streets." + st.name;
    if (grids[s] == 0)
      fail(r.table_origin(street), street,
           "no grid in the register " + path + "; every street needs at least one");
    const auto agree = [&](const char* key, double given, double counted, const char* what) {
      // Households are summed in floating point: equal within 1e-6 of the street's total.
      if (std::fabs(given - counted) <= 1e-6 * std::max(1.0, std::fabs(given))) return;
      fail(r.leaf(street + "." + key).origin, street + "." + key,
           "is " + schema::format_number(given) + ", but the register " + path + " has " +
               schema::format_number(counted) + " " + what +
               " in the street (with a register the street's counts must agree with it)");
    };
    agree("basic_grids", st.basic_grids, grids[s], "grids");
    agree("communities", st.communities, communities[s], "communities");
    agree("community_grids", st.community_grids, community_grids[s], "community grids");
    agree("households", st.households, households[s], "households");
  }
}

}  // namespace gridplan::io::loader
