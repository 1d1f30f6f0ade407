// Scenario files: TOML text to a validated model::Scenario, with `--set key=value` overrides and
// `include` of a base file. Every error names the file, the line and the key.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
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

/// Every key the scenario file, its includes (after their `drop`s) and the overrides set, in key
/// order: "key = value  # FILE:LINE" (or "# --set"), for `gridplan check --explain`. Keys not
/// listed take their defaults. Throws ScenarioError as load_scenario.
std::vector<std::string> explain_scenario(const std::string& path,
                                          const std::vector<std::string>& overrides = {});

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

/// A printed reference of every scenario key: name, type, unit, range, default, meaning.
std::string parameter_reference();

/// What is wrong with a scenario key and value on their own.
struct OverrideProblem {
  std::string key;     ///< the key the reason concerns (may name a part: KEY.p90)
  std::string reason;  ///< as in a ScenarioError: "must be in [0, 100000], got -4"
};

/// Checks an override "KEY=VALUE" (VALUE as for `--set`) against the parameter table without a
/// scenario: the key is declared (any entry name stands for `*`) and settable, and the value has
/// its type and range (a valid distribution, shift, 24 hourly values...). Entry names, category
/// names and the rules between keys wait for the scenario. nullopt if nothing is wrong.
std::optional<OverrideProblem> check_override(const std::string& override_text);

/// A value of a TOML file read with the scenario loader's parser, for files that carry scenario
/// overrides next to keys of their own (sweep files).
struct TomlValue {
  enum class Kind { kTable, kArray, kString, kInteger, kFloat, kBoolean, kOther };
  std::string key;  ///< its key in the table that holds it; empty for an array element
  Kind kind = Kind::kOther;
  bool is_inline = false;  ///< kTable: written inline ({ ... }) rather than as [header]
  int line = 0, column = 0;
  std::string text;                 ///< the value in TOML syntax (a table as an inline table)
  std::string string_value;         ///< kString
  std::int64_t integer_value = 0;   ///< kInteger
  bool boolean_value = false;       ///< kBoolean
  std::vector<TomlValue> children;  ///< a table's values (by key), an array's elements (in order)
};

/// Parses TOML text as a scenario file is parsed (UTF-8 only; "ORIGIN:LINE: syntax error: ...");
/// the root table. Throws ScenarioError.
TomlValue read_toml(const std::string& text, const std::string& origin);

/// The members of the scenario structs that loading fills, as "Struct::member", each with what
/// fills it: a parameter ("grid_worker.patrol_hours"; the members on the way to a field, such as
/// "Scenario::grid_worker", included), or the structure of the file ("[streets]": a map's
/// vector and its entries' names; "include": provenance; "shift": the fields of a shift table).
std::vector<std::pair<std::string, std::string>> filled_members();

/// The declared defaults that a default-constructed scenario does not hold (one default entry in
/// each map section), one line each: "KEY: ...". Empty when every field's initialiser in
/// scenario.hpp agrees with its parameter's default.
std::vector<std::string> default_mismatches();

}  // namespace gridplan::io
