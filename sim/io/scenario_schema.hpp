// The declared scenario parameters: every key once, with its type, unit, range, default,
// meaning, the field of model::Scenario it fills and its rules. One table drives validation,
// conversion, `--set` and parameter_reference(), so they cannot drift. The entries are in
// scenario_schema_<section>.cpp, the order the loader fills them in scenario_schema_sections.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario_schema_binding.hpp"

namespace gridplan::io::schema {

/// What a parameter's TOML value must be.
enum class Type {
  kInt,           ///< integer
  kFloat,         ///< integer or float
  kBool,          ///< boolean
  kString,        ///< string
  kChoice,        ///< one of Parameter::choices
  kDate,          ///< TOML local date
  kDates,         ///< array of local dates
  kMonthDay,      ///< string "MM-DD"
  kFloats24,      ///< array of exactly 24 numbers, one per hour of the day
  kInts24,        ///< array of exactly 24 integers, one per hour of the day
  kDistribution,  ///< inline table { dist = "...", ... }
  kShift,         ///< inline table of the four shift fields
  kShares,        ///< inline table: category name -> share
  kHandlers,      ///< inline table: handler name -> share, each > 0, summing to 1
};

/// One end of a numeric range.
struct Bound {
  double value;
  bool inclusive;
};

/// One declared key. `key` is a dotted pattern in which `*` stands for a map entry's name
/// (streets.*.office_staff).
struct Parameter {
  std::string_view key = {};
  Type type = Type::kFloat;
  std::string_view unit = {};
  std::optional<Bound> min = std::nullopt;
  std::optional<Bound> max = std::nullopt;
  /// The default as TOML text: what a key left out of a file takes, unless `required`, and what
  /// a default-constructed scenario struct holds (a test checks). Empty: the field's empty value
  /// (0, "", false, no dates); a key that is not required needs a text.
  std::string_view default_toml = {};
  bool required = false;  ///< a file must give the key; the default serves scenarios built in code
  std::string_view help = {};
  std::string_view constraint = {};  ///< what the numeric range cannot say, for the reference
  std::vector<std::string_view> choices = {};  ///< kChoice only
  bool settable = true;                        ///< false: `--set` refuses it (include)
  Field field = {};  ///< the member(s) of model::Scenario it fills; no `store`: structural
  Rule rule = {};    ///< checked once the value is stored; may use keys read before it
  /// Another key of the same table that fills the same field(s) in another form ("handler"
  /// for "handlers"): giving both is an error, and the one given is read, not the other.
  std::string_view instead_of = {};
};

/// Every declared key, in reference order.
const std::vector<Parameter>& parameters();

/// The sections in the order the loader fills them. Each parameter but `include` belongs to the
/// longest section path that prefixes its key.
const std::vector<Section>& sections();

/// The section that `parameter` belongs to, or null (include).
const Section* section_of(const Parameter& parameter);

/// The parameters of `section`, in reference order.
std::vector<const Parameter*> parameters_of(const Section& section);

// The entries of each part of the table (scenario_schema_<part>.cpp), in reference order.
std::vector<Parameter> run_parameters();        // include, scenario, calendar, structure
std::vector<Parameter> district_parameters();   // streets, street_office, departments, categories
std::vector<Parameter> source_parameters();     // sources, grid_worker, platform
std::vector<Parameter> mediation_parameters();  // mediation
std::vector<Parameter> emergency_parameters();  // emergency_teams, emergency
/// Two drills that share a grid and start less than kDrillWindowHours apart: refused, at the
/// later drill's table.
SectionProblem drills_apart(const model::Scenario& sc);
std::vector<Parameter> whistle_parameters();  // whistle

/// Bounds as the entries write them: ge(0) is ">= 0", lt(1) is "< 1".
constexpr Bound ge(double v) {
  return {v, true};
}
constexpr Bound gt(double v) {
  return {v, false};
}
constexpr Bound le(double v) {
  return {v, true};
}
constexpr Bound lt(double v) {
  return {v, false};
}

// Limits that no single key's range can state: sums over entries and the number of entries of a
// map. Each keeps a number inside the field the model stores it in.

/// Community centres (communities + streets + 1) are numbered in a case's 16-bit `centre`.
inline constexpr long kMaxDistrictCommunities = 30000;
/// Grids are numbered in 24 bits in a replayed case, and every LP keeps per-grid tallies.
inline constexpr long kMaxDistrictGrids = 1000000;
/// A run's expected cases (per_year x days / 365, summed): daily, per-grid and per-office
/// tallies are 32-bit.
inline constexpr double kMaxRunCases = 1e9;

/// How many entries a map section may have, and why.
struct EntryLimit {
  std::string_view section;
  std::size_t max;
  std::string_view why;
};

/// Every map section's entry limit.
const std::vector<EntryLimit>& entry_limits();

/// A node of the key tree built from the declared patterns: a section (scenario, streets), a
/// map entry (streets.*) or a leaf (a declared parameter).
struct KeyNode {
  std::string name;  ///< this component; "*" for a map entry
  std::vector<std::unique_ptr<KeyNode>> children;
  const Parameter* parameter = nullptr;  ///< set on leaves
  const KeyNode* parent = nullptr;

  /// The child named `component`, or the `*` child standing for any entry name, or null.
  const KeyNode* child(std::string_view component) const;
  /// The `*` child if this section is a map of named entries (streets, categories...).
  const KeyNode* entry() const;
  /// The dotted pattern from the root ("streets.*").
  std::string pattern() const;
};

/// The root of the key tree.
const KeyNode& key_tree();

/// "an integer", "a distribution table", ... for "expected X" messages.
std::string expected_name(Type type);
/// A short name for the reference: "int", "float[24]", "dist"...
std::string type_name(const Parameter& parameter);
/// The numeric range and constraint as text ("[0, 1)", ">= 0", "activity|households").
std::string describe_range(const Parameter& parameter);
/// Empty if `value` is inside the parameter's range, else "must be >= 0, got -3".
std::string range_violation(const Parameter& parameter, double value);
/// Shortest text of a number that reads back to the same double ("0.1", "-3", "1e+20").
std::string format_number(double value);

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate nearest to `word` if it is close enough to be a likely typo.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);
/// " (did you mean 'x'?)" for a candidate from nearest(), or nothing.
std::string suggestion(const std::optional<std::string>& candidate);

/// The printed table of every key (parameter_reference()).
std::string reference_text();

}  // namespace gridplan::io::schema
