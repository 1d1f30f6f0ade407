// Scenario files: TOML text to a validated model::Scenario, with `--set key=value` overrides and
// `include` of a base file. Every error names the file, the line and the key.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// A scenario that cannot be used. what() reads "FILE:LINE: KEY: reason" (or
/// "--set KEY: reason" for an override); the CLI exits with code 2.
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads, merges the overrides ("dotted.key=value", value in TOML syntax), validates and
/// converts a scenario file. Throws ScenarioError.
model::Scenario load_scenario(const std::string& path,
                              const std::vector<std::string>& overrides = {});

/// As load_scenario, from text; `origin` stands for the file name in messages and `include`
/// paths resolve against `base_dir`.
model::Scenario parse_scenario(const std::string& text, const std::string& origin,
                               const std::vector<std::string>& overrides = {},
                               const std::string& base_dir = ".");

/// A printed reference of every scenario key: name, type, unit, range, meaning.
std::string parameter_reference();

}  // namespace gridplan::io
