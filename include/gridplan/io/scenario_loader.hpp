// Scenario files: TOML text to a validated model::Scenario, with `--set key=value` overrides and
// `include` of a base file. Every error names the file, the line and the key.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// A scenario that cannot be used. what() reads "FILE:LINE: KEY: reason" (or
/// "--set KEY: reason" for an override, "--days 0 (scenario.days): reason" for an
/// option_override); the CLI exits with code 2.
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What is legal but probably not meant, one line each in the format of the errors
/// ("FILE:LINE: KEY: reason"): a drill outside the run's days, a section of the baseline
/// scenario left out. `gridplan check` prints them.
using ScenarioWarnings = std::vector<std::string>;

/// Reads, merges the overrides ("dotted.key=value", value in TOML syntax), validates and
/// converts a scenario file; appends its warnings to `warnings` if given. Throws ScenarioError.
/// Only regular files are read (an `include` of /dev/zero or a FIFO is an error).
model::Scenario load_scenario(const std::string& path,
                              const std::vector<std::string>& overrides = {},
                              ScenarioWarnings* warnings = nullptr);

/// As load_scenario, from text; `origin` stands for the file name in messages and `include`
/// paths resolve against `base_dir`.
model::Scenario parse_scenario(const std::string& text, const std::string& origin,
                               const std::vector<std::string>& overrides = {},
                               const std::string& base_dir = ".",
                               ScenarioWarnings* warnings = nullptr);

/// The override that a command-line option stands for, e.g. ("--days", "scenario.days", "0"):
/// "scenario.days=0 # --days 0". It sets the key like any override, and its errors name the
/// option as typed: "--days 0 (scenario.days): must be in [1, 3660], got 0".
std::string option_override(const std::string& option, const std::string& key,
                            const std::string& value);

/// A printed reference of every scenario key: name, type, unit, range, meaning.
std::string parameter_reference();

}  // namespace gridplan::io
