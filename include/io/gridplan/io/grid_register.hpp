// A grid register: the district's basic grids as a CSV file, one row per grid, naming its street,
// community and community grid and counting its households (docs/scenario.md, "A grid register").
#pragma once

#include <string>
#include <vector>

#include "gridplan/model/district.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// The line that opens a grid register's text in Scenario::source_text (then the path, " ----").
inline constexpr const char* kRegisterMarker = "# ---- grid register: ";

/// Reads the register at `path` for `scenario` (its streets must be read): the rows grouped by
/// street in the scenario's street order, labels numbered in order of first appearance. Throws
/// ScenarioError "PATH:LINE: column COL: reason" (or "PATH:LINE: reason" for a whole row).
std::vector<model::RegisterGrid> read_grid_register(const std::string& path,
                                                    const model::Scenario& scenario);

/// The register of `district` as CSV text: columns grid, street, community, community_grid,
/// households, activity, residential; numbers written to round-trip exactly (%.17g).
std::string grid_register_csv(const model::Scenario& scenario, const model::District& district);

}  // namespace gridplan::io
