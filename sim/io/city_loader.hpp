// City files: a [city] table, an optional [hotline_centre] and [[districts]], each district a
// whole district scenario file (docs/scenario.md, "A city"). Internal to the io layer:
// load_scenario reads a file with a [city] table through it.
#pragma once

#include <string>
#include <vector>

#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::io {

/// Whether `text` (a scenario file's) is a city file; parses it only if it names [city].
bool is_city_text(const std::string& text, const std::string& origin);

/// The city in `text` (read from `path`) as a Scenario whose `city` holds the districts; only
/// scenario.seed and scenario.days may be overridden (--seed, --days). Throws ScenarioError
/// naming the file, line and key.
model::Scenario load_city(const std::string& text, const std::string& path,
                          const std::vector<std::string>& overrides, ScenarioWarnings* warnings);

}  // namespace gridplan::io
