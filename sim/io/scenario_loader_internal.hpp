// The scenario loader's parts (scenario_loader_*.cpp): where values come from and how errors are
// reported, the merged scenario before conversion, and the checked Reader of its values.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "gridplan/io/scenario_loader.hpp"
#include "scenario_schema.hpp"

namespace gridplan::io::loader {

using schema::KeyNode;
using schema::Parameter;
using schema::Type;

// ---------------------------------------------------------------------------------------------
// Where values come from, and the one way errors are reported.

/// A file and line, or (empty file) an override: `--set`, or the option it stands for.
struct Origin {
  Origin() = default;
  Origin(std::string in_file, int at_line, std::string as_option = "")
      : file(std::move(in_file)), line(at_line), option(std::move(as_option)) {}

  std::string file;
  int line = 0;
  std::string option;  ///< overrides only: "--days 0" for an option_override(), empty for --set
  bool is_override() const { return file.empty(); }
};

/// "FILE:LINE: KEY: reason", "--set KEY: reason" or "--days 0 (scenario.days): reason".
std::string located(const Origin& at, const std::string& key, const std::string& reason);

/// A ScenarioError that keeps its key and reason apart (check_override() returns them).
class LocatedError : public ScenarioError {
 public:
  LocatedError(const Origin& at, std::string key, std::string reason)
      : ScenarioError(located(at, key, reason)), key(std::move(key)), reason(std::move(reason)) {}
  std::string key, reason;
};

[[noreturn]] void fail(const Origin& at, const std::string& key, const std::string& reason);

std::string join(const std::string& prefix, std::string_view name);
std::string in_quotes(std::string_view text);
/// A key pattern with an entry's name for its `*` ("streets.*.basic_grids" -> "streets.xigu...").
std::string concrete_key(std::string_view pattern, std::string_view name);
using schema::suggestion;
std::string listed(const std::vector<std::string>& names);
int line_of(const toml::node& node);
/// "expected X, got a string".
std::string expected_got(const std::string& expected, const toml::node& node);

/// The nearest declared key to a misspelt `name` inside `section` (whose concrete path is
/// `prefix`): a sibling first, else any declared key with a close last component.
std::optional<std::string> suggest_key(const KeyNode& section, const std::string& prefix,
                                       std::string_view name);

struct Child {
  std::string name;
  const toml::node* node;
  int line;
};

/// A table's children in the order they appear in the file.
std::vector<Child> children_in_file_order(const toml::table& table);

// ---------------------------------------------------------------------------------------------
// The merged scenario: every value by its concrete dotted key.

/// One value and where it was written.
struct Leaf {
  const toml::node* node = nullptr;
  Origin origin;
  bool has_own_lines = true;  ///< false for defaults and overrides: their nodes' lines mean nothing
};

/// The scenario after includes and overrides, before conversion.
struct Merged {
  std::vector<std::unique_ptr<toml::table>> documents;  // own every node referenced below
  std::map<std::string, Leaf> leaves;
  std::map<std::string, Origin> tables;                     // concrete section -> its header
  std::map<std::string, std::vector<std::string>> entries;  // map section -> names, file order
  std::vector<std::pair<std::string, Leaf>> shadowed;       // values replaced by overrides
  std::string top_file;
  std::string source_text;
  std::vector<std::string> included_files;  // every file read through `include`
};

/// Records the values and tables of `table` (the section `section`, at the concrete path
/// `prefix`) of `file` in `merged`; an undeclared key is an error with a suggestion.
void flatten(const toml::table& table, const KeyNode& section, const std::string& prefix,
             const std::string& file, Merged& merged);

/// Parses TOML text; a syntax error (or a byte that is not UTF-8) throws ScenarioError naming
/// `file` and the line.
std::unique_ptr<toml::table> parse_toml(std::string_view text, const std::string& file);

/// A TOML syntax error: toml++'s description and where it is.
struct SyntaxError {
  std::string description;
  toml::source_position where;
};

/// Parses TOML text; null and `error` filled on a syntax error.
std::unique_ptr<toml::table> try_parse_toml(std::string_view text, const std::string& file,
                                            SyntaxError& error);

/// The whole file, or false with "cannot open scenario file 'X': reason" in `error`.
bool read_file(const std::string& path, std::string& text, std::string& error);

/// Reads `text` (the file `origin`) and its include chain into `merged`.
void load_files(std::string_view text, const std::string& origin,
                const std::filesystem::path& base_dir, Merged& merged);

/// Applies one `--set KEY=VALUE` to `merged`.
void apply_override(const std::string& text, Merged& merged);

// ---------------------------------------------------------------------------------------------
// Typed, checked reading of the merged values.

/// The declared parameter of a concrete key (the conversion asks for declared keys only).
const Parameter& parameter_of(const std::string& key);

/// The node of a parameter's declared default, parsed once (null if it has none).
const toml::node* default_node(const Parameter& p);

/// Checked accessors over a merged scenario; each reports the file and line of a bad value.
class Reader {
 public:
  /// Reads `merged`; `substitute`, if given, stands in for the merged value of its key.
  explicit Reader(const Merged& merged, const std::pair<std::string, Leaf>* substitute = nullptr)
      : merged_(merged), substitute_(substitute) {}

  /// The value of `key`, its default, or a "missing required key" error.
  Leaf leaf(const std::string& key) const;

  /// Where a part of a value (an array element, a field) was written.
  static Origin origin_of(const Leaf& leaf, const toml::node& part);

  /// The value of `key` checked on its own (type and range, no rule that involves other keys),
  /// as the alternative of schema::Value that its type reads as.
  schema::Value value(const std::string& key) const;

  /// Whether `key` is given (in a file or by an override), not left to its default.
  bool given(const std::string& key) const {
    return (substitute_ && substitute_->first == key) || merged_.leaves.count(key) > 0;
  }

  /// The entry names of a map section, in file order.
  std::vector<std::string> entries(const std::string& section) const;

  /// Where the table `section` was written, or the top of the top-level file.
  Origin table_origin(const std::string& section) const;

 private:
  double number(const std::string& key) const;
  long long integer(const std::string& key) const;
  bool boolean(const std::string& key) const;
  std::string string(const std::string& key) const;
  std::string choice(const std::string& key) const;
  kernel::Date date(const std::string& key) const;
  std::vector<kernel::Date> dates(const std::string& key) const;
  std::pair<int, int> month_day(const std::string& key) const;
  template <typename T>
  std::array<T, 24> hourly(const std::string& key) const;
  kernel::Distribution distribution(const std::string& key) const;
  model::ShiftSpec shift(const std::string& key) const;
  std::vector<double> shares(const std::string& key) const;
  std::vector<model::HandlerShare> handler_shares(const std::string& key) const;

  const Merged& merged_;
  const std::pair<std::string, Leaf>* substitute_;
};

/// A number of a TOML node checked against the parameter's range.
double checked_number(const Parameter& p, const Leaf& leaf, const toml::node& node,
                      const std::string& key);
/// An integer of a TOML node checked against the field's size and the parameter's range.
long long checked_integer(const Parameter& p, const Leaf& leaf, const toml::node& node,
                          const std::string& key);

/// The numeric fields of an inline table: each expected one present, none unknown, all >= 0.
std::map<std::string, double> numeric_fields(const Leaf& leaf, const toml::table& table,
                                             const std::string& key, const std::string& what,
                                             const std::vector<std::string>& expected,
                                             const std::vector<std::string>& ignored);

/// Reads the grid register that [structure] register names (relative to the file that names it;
/// `top_dir` is the top file's directory) into `sc` and checks the streets' counts against it.
void read_register(const Reader& r, const std::string& top_file,
                   const std::filesystem::path& top_dir, model::Scenario& sc);

}  // namespace gridplan::io::loader
