// Scenario files to model::Scenario: read and merge the include chain, apply `--set` overrides,
// then check every value against the declared table (scenario_schema) while converting it.
#include "gridplan/io/scenario_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include <toml++/toml.h>

#include "scenario_schema.hpp"

namespace gridplan::io {

namespace {

namespace fs = std::filesystem;
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
std::string located(const Origin& at, const std::string& key, const std::string& reason) {
  if (at.is_override() && !at.option.empty()) return at.option + " (" + key + "): " + reason;
  if (at.is_override()) return "--set " + key + ": " + reason;
  return at.file + ":" + std::to_string(at.line) + ": " + key + ": " + reason;
}

[[noreturn]] void fail(const Origin& at, const std::string& key, const std::string& reason) {
  throw ScenarioError(located(at, key, reason));
}

std::string join(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

/// " (did you mean 'x'?)" or nothing.
std::string suggestion(const std::optional<std::string>& candidate) {
  return candidate ? " (did you mean " + in_quotes(*candidate) + "?)" : "";
}

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

/// "a string", "an integer"... as a TOML value's kind in "got X".
std::string kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

std::string expected_got(const std::string& expected, const toml::node& node) {
  return "expected " + expected + ", got " + kind_of(node);
}

// ---------------------------------------------------------------------------------------------
// The merged scenario: every value by its concrete dotted key.

/// One value and where it was written.
struct Leaf {
  const toml::node* node = nullptr;
  Origin origin;
  bool has_own_lines = true;  ///< false for defaults: their nodes' lines mean nothing here
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

/// The nearest declared key to a misspelt `name` inside `section` (whose concrete path is
/// `prefix`): a sibling first, else any declared key with a close last component.
std::optional<std::string> suggest_key(const KeyNode& section, const std::string& prefix,
                                       std::string_view name) {
  std::vector<std::string> siblings;
  for (const auto& c : section.children)
    if (c->name != "*") siblings.push_back(c->name);
  if (auto near = schema::nearest(name, siblings)) return join(prefix, *near);
  std::vector<std::string> last_parts;
  for (const Parameter& p : schema::parameters()) {
    const std::string_view key = p.key;
    last_parts.emplace_back(key.substr(key.rfind('.') + 1));
  }
  const auto near = schema::nearest(name, last_parts);
  if (!near) return std::nullopt;
  for (const Parameter& p : schema::parameters())
    if (std::string_view(p.key).ends_with(*near) &&
        (p.key.size() == near->size() || p.key[p.key.size() - near->size() - 1] == '.'))
      return std::string(p.key);
  return std::nullopt;
}

/// A map entry's name becomes a component of dotted keys, so it must survive the round trip.
void check_entry_name(const Origin& at, const std::string& section, const std::string& name) {
  const bool bad = name.empty() || name.find_first_of(". \t\"'=[]") != std::string::npos;
  if (bad)
    fail(at, join(section, name),
         "an entry name must be non-empty, without dots, blanks, quotes, '=' or brackets");
  if (section == "departments" && name == "street")
    fail(at, join(section, name),
         "'street' is reserved: a handler \"street\" means the street office");
}

/// The first line of anything inside `node` (toml++ tables iterate by key, not by line).
int first_line(const toml::node& node) {
  int best = line_of(node) > 0 ? line_of(node) : std::numeric_limits<int>::max();
  if (const toml::table* t = node.as_table())
    for (auto&& [key, child] : *t) best = std::min(best, first_line(child));
  if (const toml::array* a = node.as_array())
    for (const toml::node& child : *a) best = std::min(best, first_line(child));
  return best;
}

struct Child {
  std::string name;
  const toml::node* node;
  int line;
};

/// A table's children in the order they appear in the file.
std::vector<Child> children_in_file_order(const toml::table& table) {
  std::vector<Child> children;
  for (auto&& [key, node] : table) {
    const int key_line = static_cast<int>(key.source().begin.line);
    children.push_back({std::string(key.str()), &node, key_line > 0 ? key_line : first_line(node)});
  }
  std::stable_sort(children.begin(), children.end(),
                   [](const Child& a, const Child& b) { return a.line < b.line; });
  return children;
}

void flatten(const toml::table& table, const KeyNode& section, const std::string& prefix,
             const std::string& file, Merged& merged);

/// Records one child of a table: a value, or a sub-table walked recursively.
void flatten_child(const Child& child, const KeyNode& section, const std::string& prefix,
                   const std::string& file, Merged& merged) {
  const std::string path = join(prefix, child.name);
  const Origin at{file, child.line};
  const KeyNode* declared = section.child(child.name);
  if (!declared)
    fail(at, path, "unknown key" + suggestion(suggest_key(section, prefix, child.name)));
  if (declared->parameter) {
    if (path != "include") merged.leaves[path] = Leaf{child.node, at};
    return;
  }
  const toml::table* sub = child.node->as_table();
  if (!sub) fail(at, path, expected_got("a table [" + path + "]", *child.node));
  if (declared->name == "*") check_entry_name(at, prefix, child.name);
  merged.tables[path] = at;
  flatten(*sub, *declared, path, file, merged);
}

void flatten(const toml::table& table, const KeyNode& section, const std::string& prefix,
             const std::string& file, Merged& merged) {
  const std::vector<Child> children = children_in_file_order(table);
  if (section.entry()) {
    // A map: entries already known (from an included base) keep their place.
    std::vector<std::string>& names = merged.entries[prefix];
    for (const Child& c : children)
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  }
  for (const Child& c : children) flatten_child(c, section, prefix, file, merged);
}

// ---------------------------------------------------------------------------------------------
// Files, syntax and includes.

// A scenario is a few hundred lines; a bigger "scenario" is a mistake (a log, a disk image).
constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

/// "a directory", "a FIFO"...: what a path that is not a regular file is.
std::string file_kind(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

/// The whole file, or false with "cannot open scenario file 'X': reason" in `error`. Only
/// regular files: a FIFO or a device (/dev/zero) could block or never end.
bool read_file(const std::string& path, std::string& text, std::string& error) {
  const auto cannot = [&](const std::string& reason) {
    error = "cannot open scenario file " + in_quotes(path) + ": " + reason;
    return false;
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && status.type() != fs::file_type::not_found) return cannot(ec.message());
  if (!fs::exists(status)) return cannot(std::strerror(ENOENT));
  if (!fs::is_regular_file(status))
    return cannot("it is " + file_kind(status.type()) + ", not a regular file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return cannot(std::strerror(errno));
  text.clear();
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) {
    text.append(buffer, n);
    if (text.size() > kMaxScenarioBytes)
      return cannot("larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                    " MiB: not a scenario");
  }
  if (std::ferror(file.get())) return cannot(std::strerror(errno));
  return true;
}

/// A TOML syntax error: toml++'s description and where it is.
struct SyntaxError {
  std::string description;
  toml::source_position where;
};

/// Parses TOML text; null and `error` filled on a syntax error.
std::unique_ptr<toml::table> try_parse_toml(std::string_view text, const std::string& file,
                                            SyntaxError& error) {
#if TOML_EXCEPTIONS
  try {
    return std::make_unique<toml::table>(toml::parse(text, file));
  } catch (const toml::parse_error& e) {
    error = {std::string(e.description()), e.source().begin};
    return nullptr;
  }
#else
  toml::parse_result result = toml::parse(text, file);
  if (result) return std::make_unique<toml::table>(std::move(result).table());
  error = {std::string(result.error().description()), result.error().source().begin};
  return nullptr;
#endif
}

/// Parses TOML text; a syntax error throws ScenarioError naming `file` and the line.
/// The length of the UTF-8 sequence at `text[i]`, or 0 if it is not valid UTF-8 (overlong
/// forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  const unsigned char d = byte(i + 1);
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
      (c == 0xF4 && d > 0x8F))
    return 0;
  return n;
}

/// TOML is UTF-8: a bad byte is reported on its own line (the parser's position can lag a line
/// behind it).
void check_utf8(std::string_view text, const std::string& file) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[i]));
      throw ScenarioError(file + ":" + std::to_string(line) + ": syntax error: byte " + byte +
                          " is not UTF-8 (a scenario is UTF-8 text)");
    }
    if (text[i] == '\n') ++line;
    i += n;
  }
}

std::unique_ptr<toml::table> parse_toml(std::string_view text, const std::string& file) {
  check_utf8(text, file);
  SyntaxError error;
  auto table = try_parse_toml(text, file, error);
  if (!table)
    throw ScenarioError(file + ":" + std::to_string(error.where.line) + ": syntax error: " +
                        error.description + " (column " + std::to_string(error.where.column) + ")");
  return table;
}

/// The include chain being read: for cycle detection and the provenance text.
struct IncludeState {
  std::vector<fs::path> identities;  // canonical paths of the files being read, outermost first
  std::vector<std::string> shown;    // the same, as shown in messages
};

fs::path identity_of(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path).lexically_normal() : canonical;
}

void load_layer(std::string_view text, const std::string& file, const fs::path& base_dir,
                IncludeState& state, Merged& merged);

/// Reads the file named by an `include` key before the file that names it.
void load_include(const toml::node& include, const std::string& file, const fs::path& base_dir,
                  IncludeState& state, Merged& merged) {
  const Origin at{file, line_of(include)};
  if (!include.is_string()) fail(at, "include", expected_got("a string (a file path)", include));
  const std::string& value = include.as_string()->get();
  if (value.empty()) return;
  const fs::path target = base_dir / value;
  const std::string shown = target.lexically_normal().string();
  const fs::path identity = identity_of(target);
  const auto loop = std::find(state.identities.begin(), state.identities.end(), identity);
  if (loop != state.identities.end()) {
    std::string chain;
    for (auto i = state.shown.begin() + (loop - state.identities.begin()); i != state.shown.end();
         ++i)
      chain += *i + " -> ";
    fail(at, "include", "include cycle: " + chain + shown);
  }
  std::string included, error;
  if (!read_file(shown, included, error)) fail(at, "include", error);
  merged.included_files.push_back(shown);
  merged.source_text += "# ---- included: " + shown + " ----\n" + included;
  if (!included.empty() && included.back() != '\n') merged.source_text += '\n';
  state.identities.push_back(identity);
  state.shown.push_back(shown);
  load_layer(included, shown, target.parent_path(), state, merged);
  state.identities.pop_back();
  state.shown.pop_back();
}

/// One file of the include chain: its base first, then its own keys over the base's.
void load_layer(std::string_view text, const std::string& file, const fs::path& base_dir,
                IncludeState& state, Merged& merged) {
  merged.documents.push_back(parse_toml(text, file));
  const toml::table& table = *merged.documents.back();
  if (const toml::node* include = table.get("include"))
    load_include(*include, file, base_dir, state, merged);
  flatten(table, schema::key_tree(), "", file, merged);
}

// ---------------------------------------------------------------------------------------------
// `--set KEY=VALUE` overrides.

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

/// A word that cannot be meant as anything but a string (police, hongqiao-2024, 和苑). It must
/// start with a letter: a mistyped number or date (2023-02-30) gets the TOML error instead.
bool is_bare_word(const std::string& value) {
  if (value.empty()) return false;
  const auto first = static_cast<unsigned char>(value.front());
  if (!(first >= 0x80 || std::isalpha(first) || first == '_')) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) ||
           std::string_view("_-.:/+").find(c) != std::string_view::npos;
  });
}

/// The override's value as a TOML node owned by `merged`.
const toml::node* parse_override_value(const Origin& at, const std::string& key,
                                       const std::string& value, Merged& merged) {
  SyntaxError error;
  auto document = try_parse_toml("v = " + value + "\n", "--set", error);
  if (!document && is_bare_word(value)) {
    document = std::make_unique<toml::table>();
    document->insert("v", value);
  }
  if (!document)
    fail(at, key,
         "bad value " + in_quotes(value) + ": " + error.description +
             "; write the value in TOML syntax (strings in double quotes)");
  // "1\nseed = 2" parses, as two keys: one --set is one value.
  if (document->size() != 1 || !document->contains("v"))
    fail(at, key, "bad value " + in_quotes(value) + ": more than one value");
  merged.documents.push_back(std::move(document));
  return merged.documents.back()->get("v");
}

/// The declared leaf that `key` names; every map entry on the way must exist.
const KeyNode& resolve_override_key(const Origin& at, const std::string& key,
                                    const Merged& merged) {
  const KeyNode* node = &schema::key_tree();
  std::string prefix;
  for (std::size_t begin = 0; begin <= key.size();) {
    const std::size_t dot = std::min(key.find('.', begin), key.size());
    const std::string part = key.substr(begin, dot - begin);
    if (node->parameter)
      fail(at, key,
           prefix + " is one value: set it whole, as " +
               schema::expected_name(node->parameter->type));
    const KeyNode* next = node->child(part);
    if (!next) fail(at, key, "unknown key" + suggestion(suggest_key(*node, prefix, part)));
    if (next->name == "*") {
      const auto found = merged.entries.find(prefix);
      const std::vector<std::string> names =
          found == merged.entries.end() ? std::vector<std::string>{} : found->second;
      if (std::find(names.begin(), names.end(), part) == names.end())
        fail(at, key,
             "no entry " + in_quotes(part) + " in [" + prefix + "]" +
                 suggestion(schema::nearest(part, names)));
    }
    node = next;
    prefix = join(prefix, part);
    begin = dot + 1;
  }
  if (!node->parameter) {
    // Name a real key under it, so that the message shows what to write.
    const KeyNode* leaf = node;
    std::string example = prefix;
    while (!leaf->parameter) {
      leaf = leaf->children.front().get();
      const auto names = merged.entries.find(example);
      const bool entry =
          leaf->name == "*" && names != merged.entries.end() && !names->second.empty();
      example = join(example, entry               ? names->second.front()
                              : leaf->name == "*" ? "<name>"
                                                  : leaf->name);
    }
    fail(at, key, "a table, not a parameter: set one of its keys, e.g. " + example);
  }
  if (!node->parameter->settable)
    fail(at, key, "cannot be overridden: includes are read before the overrides");
  return *node;
}

/// The option an override stands for: "KEY=V # --days V" (option_override) -> "--days V",
/// with `value` cut to V; anything else -> "" (a plain --set).
std::string take_option_label(std::string& value) {
  const std::size_t mark = value.rfind(" # --");
  if (mark == std::string::npos) return "";
  const std::string label = value.substr(mark + 3), plain = trim(value.substr(0, mark));
  const std::size_t blank = label.find(' ');
  const bool option_name =
      blank != std::string::npos && label.find_first_not_of("-abcdefghijklmnopqrstuvwxyz") == blank;
  if (!option_name || label.substr(blank + 1) != plain) return "";
  value = plain;
  return label;
}

void apply_override(const std::string& text, Merged& merged) {
  const auto equals = text.find('=');
  const std::string key = trim(text.substr(0, equals));
  if (equals == std::string::npos || key.empty())
    fail(Origin{}, trim(text), "expected KEY=VALUE (e.g. --set scenario.days=30)");
  std::string value = trim(std::string_view(text).substr(equals + 1));
  const Origin at{"", 0, take_option_label(value)};
  resolve_override_key(at, key, merged);
  const Leaf replacement{parse_override_value(at, key, value, merged), at};
  // The replaced value is still checked later: a broken file stays broken under any override.
  if (auto old = merged.leaves.find(key); old != merged.leaves.end())
    merged.shadowed.emplace_back(key, old->second);
  merged.leaves[key] = replacement;
}

// ---------------------------------------------------------------------------------------------
// Typed, checked reading of the merged values.

/// The declared parameter of a concrete key (the conversion asks for declared keys only).
const Parameter& parameter_of(const std::string& key) {
  const KeyNode* node = &schema::key_tree();
  for (std::size_t begin = 0; node && begin <= key.size();) {
    const std::size_t dot = std::min(key.find('.', begin), key.size());
    node = node->child(std::string_view(key).substr(begin, dot - begin));
    begin = dot + 1;
  }
  if (!node || !node->parameter) throw std::logic_error("undeclared scenario key " + key);
  return *node->parameter;
}

/// The node of a parameter's declared default, parsed once.
const toml::node& default_node(const Parameter& p) {
  static const auto documents = [] {
    std::map<std::string_view, std::unique_ptr<toml::table>> parsed;
    for (const Parameter& q : schema::parameters())
      if (!q.default_toml.empty())
        parsed[q.key] = parse_toml("v = " + std::string(q.default_toml), "default");
    return parsed;
  }();
  return *documents.at(p.key)->get("v");
}

/// Checked accessors over a merged scenario; each reports the file and line of a bad value.
class Reader {
 public:
  /// Reads `merged`; `substitute`, if given, stands in for the merged value of its key.
  explicit Reader(const Merged& merged, const std::pair<std::string, Leaf>* substitute = nullptr)
      : merged_(merged), substitute_(substitute) {}

  /// The value of `key`, its default, or a "missing required key" error.
  Leaf leaf(const std::string& key) const {
    if (substitute_ && substitute_->first == key) return substitute_->second;
    if (auto found = merged_.leaves.find(key); found != merged_.leaves.end()) return found->second;
    const Parameter& p = parameter_of(key);
    const std::string section = key.substr(0, key.rfind('.'));
    const auto table = merged_.tables.find(section);
    if (table == merged_.tables.end()) {
      // A section whose keys all have defaults (e.g. [whistle]) may be left out.
      if (!p.default_toml.empty())
        return Leaf{&default_node(p), Origin{merged_.top_file, 1}, false};
      fail(Origin{merged_.top_file, 1}, section, "missing required table [" + section + "]");
    }
    if (p.default_toml.empty()) fail(table->second, key, "missing required key");
    return Leaf{&default_node(p), table->second, false};
  }

  /// Where a part of a value (an array element, a field) was written.
  static Origin origin_of(const Leaf& leaf, const toml::node& part) {
    if (leaf.origin.is_override() || !leaf.has_own_lines || line_of(part) == 0) return leaf.origin;
    return Origin{leaf.origin.file, line_of(part)};
  }

  double number(const std::string& key) const {
    const Leaf v = leaf(key);
    return checked_number(parameter_of(key), v, *v.node, key);
  }

  long long integer(const std::string& key) const {
    const Leaf v = leaf(key);
    return checked_integer(parameter_of(key), v, *v.node, key);
  }

  bool boolean(const std::string& key) const {
    const Leaf v = leaf(key);
    if (!v.node->is_boolean())
      fail(v.origin, key, expected_got("a boolean (true or false)", *v.node));
    return v.node->as_boolean()->get();
  }

  std::string string(const std::string& key) const {
    const Leaf v = leaf(key);
    if (!v.node->is_string()) fail(v.origin, key, expected_got("a string", *v.node));
    return v.node->as_string()->get();
  }

  std::string choice(const std::string& key) const {
    const Parameter& p = parameter_of(key);
    const std::string value = string(key);
    std::vector<std::string> options(p.choices.begin(), p.choices.end());
    if (std::find(options.begin(), options.end(), value) != options.end()) return value;
    std::string listed;
    for (const std::string& o : options) listed += (listed.empty() ? "\"" : ", \"") + o + "\"";
    fail(leaf(key).origin, key,
         "must be one of " + listed + ", got \"" + value + "\"" +
             suggestion(schema::nearest(value, options)));
  }

  kernel::Date date(const std::string& key) const {
    const Leaf v = leaf(key);
    return checked_date(v, *v.node, key);
  }

  std::vector<kernel::Date> dates(const std::string& key) const {
    const Leaf v = leaf(key);
    const toml::array* array = v.node->as_array();
    if (!array) fail(v.origin, key, expected_got("an array of local dates", *v.node));
    std::vector<kernel::Date> out;
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back(checked_date(v, *array->get(i), key + "[" + std::to_string(i) + "]"));
    return out;
  }

  /// "MM-DD" as {month, day}; 02-29 is allowed (it simply does not occur in most years).
  std::pair<int, int> month_day(const std::string& key) const {
    const std::string text = string(key);
    static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const auto digit = [&](std::size_t i) {
      return std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    };
    const bool shaped =
        text.size() == 5 && text[2] == '-' && digit(0) && digit(1) && digit(3) && digit(4);
    const int month = shaped ? std::stoi(text.substr(0, 2)) : 0;
    const int day = shaped ? std::stoi(text.substr(3, 2)) : 0;
    if (month < 1 || month > 12 || day < 1 || day > kDaysIn[month - 1])
      fail(leaf(key).origin, key,
           "expected a day of the year \"MM-DD\" such as \"11-15\", got \"" + text + "\"");
    return {month, day};
  }

  /// 24 hourly values; each element is checked against the parameter's range.
  template <typename T>
  std::array<T, 24> hourly(const std::string& key) const {
    const Leaf v = leaf(key);
    const Parameter& p = parameter_of(key);
    const toml::array* array = v.node->as_array();
    if (!array) fail(v.origin, key, expected_got(schema::expected_name(p.type), *v.node));
    if (array->size() != 24)
      fail(v.origin, key,
           "expected 24 values (one per hour, 00-01 first), got " + std::to_string(array->size()));
    std::array<T, 24> out{};
    for (std::size_t h = 0; h < 24; ++h) {
      const std::string element = key + "[" + std::to_string(h) + "]";
      if constexpr (std::is_integral_v<T>)
        out[h] = static_cast<T>(checked_integer(p, v, *array->get(h), element));
      else
        out[h] = checked_number(p, v, *array->get(h), element);
    }
    return out;
  }

  kernel::Distribution distribution(const std::string& key) const;
  model::ShiftSpec shift(const std::string& key) const;
  std::vector<double> shares(const std::string& key,
                             const std::vector<std::string>& categories) const;

  /// Checks the value of `key` on its own: type and range, no rule that involves other keys.
  void check_alone(const std::string& key) const;

  /// The entry names of a map section, in file order.
  std::vector<std::string> entries(const std::string& section) const {
    const auto found = merged_.entries.find(section);
    return found == merged_.entries.end() ? std::vector<std::string>{} : found->second;
  }

  /// Where the table `section` was written, or the top of the top-level file.
  Origin table_origin(const std::string& section) const {
    const auto found = merged_.tables.find(section);
    return found == merged_.tables.end() ? Origin{merged_.top_file, 1} : found->second;
  }

 private:
  static double checked_number(const Parameter& p, const Leaf& leaf, const toml::node& node,
                               const std::string& key) {
    const Origin at = origin_of(leaf, node);
    double value = 0;
    if (const auto* i = node.as_integer())
      value = static_cast<double>(i->get());
    else if (const auto* f = node.as_floating_point())
      value = f->get();
    else
      fail(at, key, expected_got("a number", node));
    if (!std::isfinite(value))
      fail(at, key, "must be a finite number, got " + schema::format_number(value));
    if (std::string why = schema::range_violation(p, value); !why.empty()) fail(at, key, why);
    return value;
  }

  static long long checked_integer(const Parameter& p, const Leaf& leaf, const toml::node& node,
                                   const std::string& key) {
    const Origin at = origin_of(leaf, node);
    const auto* i = node.as_integer();
    if (!i) fail(at, key, expected_got("an integer", node));
    const long long value = i->get();
    if (value > std::numeric_limits<int>::max() && p.key != "scenario.seed")
      fail(at, key, "too large, got " + std::to_string(value));
    if (std::string why = schema::range_violation(p, static_cast<double>(value)); !why.empty())
      fail(at, key, why);
    return value;
  }

  static kernel::Date checked_date(const Leaf& leaf, const toml::node& node,
                                   const std::string& key) {
    const auto* d = node.as_date();
    if (!d) fail(origin_of(leaf, node), key, expected_got("a local date (e.g. 2023-10-01)", node));
    const toml::date& date = d->get();
    return kernel::Date{date.year, date.month, date.day};
  }

  const Merged& merged_;
  const std::pair<std::string, Leaf>* substitute_;
};

void Reader::check_alone(const std::string& key) const {
  switch (parameter_of(key).type) {
    case Type::kInt:
      integer(key);
      break;
    case Type::kFloat:
      number(key);
      break;
    case Type::kBool:
      boolean(key);
      break;
    case Type::kString:
      string(key);
      break;
    case Type::kChoice:
      choice(key);
      break;
    case Type::kDate:
      date(key);
      break;
    case Type::kDates:
      dates(key);
      break;
    case Type::kMonthDay:
      month_day(key);
      break;
    case Type::kFloats24:
      hourly<double>(key);
      break;
    case Type::kInts24:
      hourly<int>(key);
      break;
    case Type::kDistribution:
      distribution(key);
      break;
    case Type::kShift:
      shift(key);
      break;
    case Type::kShares:
      shares(key, entries("categories"));
      break;
  }
}

// Distributions and shifts are inline tables with their own small schemas.

/// The fields each kind of distribution takes, in factory argument order.
const std::map<std::string, std::vector<std::string>>& distribution_fields() {
  static const std::map<std::string, std::vector<std::string>> fields = {
      {"fixed", {"value"}},
      {"exponential", {"mean"}},
      {"lognormal", {"median", "p90"}},
      {"uniform", {"min", "max"}},
      {"triangular", {"min", "mode", "max"}},
  };
  return fields;
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

/// The numeric fields of an inline table: each expected one present, none unknown, all >= 0.
std::map<std::string, double> numeric_fields(const Leaf& leaf, const toml::table& table,
                                             const std::string& key, const std::string& what,
                                             const std::vector<std::string>& expected,
                                             const std::vector<std::string>& ignored) {
  std::map<std::string, double> values;
  for (auto&& [k, node] : table) {
    const std::string name(k.str());
    if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) continue;
    const Origin at = Reader::origin_of(leaf, node);
    if (std::find(expected.begin(), expected.end(), name) == expected.end())
      fail(at, key + "." + name,
           "unknown field of " + what + " (expected " + listed(expected) + ")" +
               suggestion(schema::nearest(name, expected)));
    double value = 0;
    if (const auto* i = node.as_integer())
      value = static_cast<double>(i->get());
    else if (const auto* f = node.as_floating_point())
      value = f->get();
    else
      fail(at, key + "." + name, expected_got("a number", node));
    if (!std::isfinite(value) || value < 0)
      fail(at, key + "." + name, "must be >= 0, got " + schema::format_number(value));
    values[name] = value;
  }
  for (const std::string& name : expected)
    if (!values.count(name))
      fail(leaf.origin, key,
           what + " needs " + listed(expected) + "; " + in_quotes(name) + " is missing");
  return values;
}

kernel::Distribution Reader::distribution(const std::string& key) const {
  using kernel::Distribution;
  const Leaf v = leaf(key);
  const toml::table* table = v.node->as_table();
  if (!table)
    fail(v.origin, key, expected_got(schema::expected_name(Type::kDistribution), *v.node));
  std::vector<std::string> kinds;
  for (const auto& [name, fields] : distribution_fields()) kinds.push_back(name);
  const toml::node* dist = table->get("dist");
  if (!dist || !dist->is_string())
    fail(v.origin, key, "a distribution needs dist = \"" + listed(kinds) + "\"");
  const std::string kind = dist->as_string()->get();
  const auto fields = distribution_fields().find(kind);
  if (fields == distribution_fields().end())
    fail(origin_of(v, *dist), key + ".dist",
         "unknown distribution \"" + kind + "\" (expected " + listed(kinds) + ")" +
             suggestion(schema::nearest(kind, kinds)));
  auto x = numeric_fields(v, *table, key, "a " + kind + " distribution", fields->second, {"dist"});
  if (kind == "fixed") return Distribution::fixed(x["value"]);
  if (kind == "exponential") return Distribution::exponential(x["mean"]);
  if (kind == "lognormal") {
    if (!(x["median"] > 0)) fail(v.origin, key + ".median", "must be > 0, got 0");
    if (!(x["p90"] > x["median"]))
      fail(v.origin, key + ".p90",
           "must be > median (" + schema::format_number(x["median"]) + "), got " +
               schema::format_number(x["p90"]));
    return Distribution::lognormal(x["median"], x["p90"]);
  }
  if (x["min"] > x["max"])
    fail(v.origin, key + ".max",
         "must be >= min (" + schema::format_number(x["min"]) + "), got " +
             schema::format_number(x["max"]));
  if (kind == "uniform") return Distribution::uniform(x["min"], x["max"]);
  if (x["mode"] < x["min"] || x["mode"] > x["max"])
    fail(v.origin, key + ".mode",
         "must be in [min, max] = [" + schema::format_number(x["min"]) + ", " +
             schema::format_number(x["max"]) + "], got " + schema::format_number(x["mode"]));
  return Distribution::triangular(x["min"], x["mode"], x["max"]);
}

/// One duty window: start in [0, 24), length >= 0, inside the day.
void check_window(const Origin& at, const std::string& key, const std::string& start_name,
                  double start, const std::string& hours_name, double hours) {
  if (start >= 24)
    fail(at, key + "." + start_name, "must be in [0, 24), got " + schema::format_number(start));
  if (start + hours > 24)
    fail(at, key + "." + hours_name,
         start_name + " + " + hours_name + " must be <= 24, got " + schema::format_number(start) +
             " + " + schema::format_number(hours));
}

model::ShiftSpec Reader::shift(const std::string& key) const {
  const Leaf v = leaf(key);
  const toml::table* table = v.node->as_table();
  if (!table) fail(v.origin, key, expected_got(schema::expected_name(Type::kShift), *v.node));
  auto x =
      numeric_fields(v, *table, key, "a shift",
                     {"working_start_hour", "working_hours", "rest_start_hour", "rest_hours"}, {});
  check_window(v.origin, key, "working_start_hour", x["working_start_hour"], "working_hours",
               x["working_hours"]);
  check_window(v.origin, key, "rest_start_hour", x["rest_start_hour"], "rest_hours",
               x["rest_hours"]);
  return {x["working_start_hour"], x["working_hours"], x["rest_start_hour"], x["rest_hours"]};
}

std::vector<double> Reader::shares(const std::string& key,
                                   const std::vector<std::string>& categories) const {
  const Leaf v = leaf(key);
  const Parameter& p = parameter_of(key);
  const toml::table* table = v.node->as_table();
  if (!table) fail(v.origin, key, expected_got("a table { <category> = share, ... }", *v.node));
  std::vector<double> out(categories.size(), 0.0);
  double sum = 0;
  for (const Child& c : children_in_file_order(*table)) {
    const auto found = std::find(categories.begin(), categories.end(), c.name);
    if (found == categories.end())
      fail(origin_of(v, *c.node), key + "." + c.name,
           "unknown category " + in_quotes(c.name) +
               suggestion(schema::nearest(c.name, categories)));
    const double share = checked_number(p, v, *c.node, key + "." + c.name);
    out[found - categories.begin()] = share;
    sum += share;
  }
  if (std::fabs(sum - 1.0) > 1e-6)
    // Rounded to 1e-9 so that 0.5 + 0.3 + 0.1 reads "0.9", not "0.8999999999999999".
    fail(v.origin, key,
         "shares must sum to 1 (within 1e-6), got " +
             schema::format_number(std::round(sum * 1e9) / 1e9));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conversion, section by section, in the order later sections depend on earlier ones.

// The calendar counts days from 1970 and applies today's weekday rules; 2200 leaves the longest
// horizon (ten years) inside four-digit years.
const kernel::Date kFirstStartDate{1970, 1, 1}, kLastStartDate{2200, 12, 31};

void read_scenario_section(const Reader& r, model::Scenario& sc) {
  sc.name = r.string("scenario.name");
  sc.start_date = r.date("scenario.start_date");
  const long start = sc.start_date.to_days();
  if (start < kFirstStartDate.to_days() || start > kLastStartDate.to_days())
    fail(r.leaf("scenario.start_date").origin, "scenario.start_date",
         "must be in " + kFirstStartDate.to_string() + ".." + kLastStartDate.to_string() +
             " (the calendar counts days from 1970 and applies today's weekday rules), got " +
             sc.start_date.to_string());
  sc.days = static_cast<int>(r.integer("scenario.days"));
  sc.seed = static_cast<std::uint64_t>(r.integer("scenario.seed"));
  sc.lookahead_minutes = r.number("scenario.lookahead_minutes");
}

void read_calendar(const Reader& r, model::Scenario& sc) {
  sc.holidays = r.dates("calendar.holidays");
  sc.working_weekends = r.dates("calendar.working_weekends");
  for (const kernel::Date& d : sc.working_weekends)
    if (std::find(sc.holidays.begin(), sc.holidays.end(), d) != sc.holidays.end())
      fail(r.leaf("calendar.working_weekends").origin, "calendar.working_weekends",
           d.to_string() + " is also in calendar.holidays");
  std::tie(sc.heating_start_month, sc.heating_start_day) =
      r.month_day("calendar.heating_season_start");
  std::tie(sc.heating_end_month, sc.heating_end_day) = r.month_day("calendar.heating_season_end");
}

void read_structure(const Reader& r, model::Scenario& sc) {
  sc.nonresidential_grid_share = r.number("structure.nonresidential_grid_share");
  sc.household_cv = r.number("structure.household_cv");
  sc.grid_activity_cv = r.number("structure.grid_activity_cv");
}

/// `key` (an integer) must be at least the street's `lower_key` value.
int at_least(const Reader& r, const std::string& key, const std::string& lower_name, int lower) {
  const int value = static_cast<int>(r.integer(key));
  if (value < lower)
    fail(r.leaf(key).origin, key,
         "must be >= " + lower_name + " (" + std::to_string(lower) + "), got " +
             std::to_string(value));
  return value;
}

// ---------------------------------------------------------------------------------------------
// The limits of scenario_schema.hpp that no single key's range can state.

void check_entry_counts(const Reader& r) {
  for (const schema::EntryLimit& limit : schema::entry_limits()) {
    const std::string section(limit.section);
    const std::size_t n = r.entries(section).size();
    if (n > limit.max)
      fail(r.table_origin(section), section,
           std::to_string(n) + " entries; at most " + std::to_string(limit.max) + " (" +
               std::string(limit.why) + ")");
  }
}

void check_district_totals(const Reader& r, const model::Scenario& sc) {
  long communities = 0, grids = 0;
  for (const model::StreetSpec& s : sc.streets) {
    communities += s.communities;
    grids += s.basic_grids;
  }
  if (communities > schema::kMaxDistrictCommunities)
    fail(r.table_origin("streets"), "streets",
         "the streets' communities sum to " + std::to_string(communities) + "; at most " +
             std::to_string(schema::kMaxDistrictCommunities) +
             " (mediation centres are numbered in 16 bits)");
  if (grids > schema::kMaxDistrictGrids)
    fail(r.table_origin("streets"), "streets",
         "the streets' basic_grids sum to " + std::to_string(grids) + "; at most " +
             std::to_string(schema::kMaxDistrictGrids) +
             " (grids are numbered in 24 bits in replayed cases, and every logical process "
             "keeps per-grid tallies)");
}

/// The expected cases of the whole run stay within the model's 32-bit tallies.
void check_run_cases(const Reader& r, const model::Scenario& sc) {
  double per_year = 0;
  for (const model::SourceSpec& s : sc.sources) per_year += s.per_year;
  const double expected = per_year * sc.days / 365.0;
  if (expected > schema::kMaxRunCases)
    fail(r.table_origin("sources"), "sources",
         "per_year sums to " + schema::format_number(per_year) + ", so " + std::to_string(sc.days) +
             " days expect " + schema::format_number(expected) + " cases; at most " +
             schema::format_number(schema::kMaxRunCases) +
             " (daily, per-grid and per-office tallies are 32-bit): lower per_year or "
             "scenario.days");
}

void read_streets(const Reader& r, model::Scenario& sc) {
  const std::vector<std::string> names = r.entries("streets");
  if (names.empty())
    fail(r.table_origin("streets"), "streets",
         "at least one street is required (a [streets.<name>] table)");
  for (const std::string& name : names) {
    const std::string k = "streets." + name + ".";
    model::StreetSpec s;
    s.name = name;
    s.communities = static_cast<int>(r.integer(k + "communities"));
    s.community_grids = at_least(r, k + "community_grids", "communities", s.communities);
    s.basic_grids = at_least(r, k + "basic_grids", "community_grids", s.community_grids);
    s.households = r.number(k + "households");
    s.office_staff = static_cast<int>(r.integer(k + "office_staff"));
    sc.streets.push_back(s);
  }
  check_district_totals(r, sc);
}

void read_departments(const Reader& r, model::Scenario& sc) {
  for (const std::string& name : r.entries("departments")) {
    const std::string k = "departments." + name + ".";
    sc.departments.push_back({name, static_cast<int>(r.integer(k + "staff")), r.shift(k + "shift"),
                              r.number(k + "whistle_fail_probability")});
  }
}

/// "street" or the name of a department.
std::string read_handler(const Reader& r, const std::string& key, const model::Scenario& sc) {
  const std::string handler = r.string(key);
  std::vector<std::string> known = {"street"};
  for (const model::DepartmentSpec& d : sc.departments) known.push_back(d.name);
  if (std::find(known.begin(), known.end(), handler) == known.end())
    fail(r.leaf(key).origin, key,
         "unknown handler \"" + handler + "\": expected \"street\" or a department (" +
             listed(std::vector<std::string>(known.begin() + 1, known.end())) + ")" +
             suggestion(schema::nearest(handler, known)));
  return handler;
}

/// "a+b+c": handlers ("street" or departments) that come when a case is whistled.
std::vector<std::string> read_whistle_departments(const Reader& r, const std::string& key,
                                                  const model::Scenario& sc) {
  const std::string text = r.string(key);
  std::vector<std::string> out;
  std::size_t from = 0;
  while (!text.empty() && from <= text.size()) {
    const std::size_t plus = std::min(text.find('+', from), text.size());
    const std::string name = text.substr(from, plus - from);
    std::vector<std::string> known = {"street"};
    for (const model::DepartmentSpec& d : sc.departments) known.push_back(d.name);
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(r.leaf(key).origin, key,
           "unknown department \"" + name + "\" in \"" + text + "\"" +
               suggestion(schema::nearest(name, known)));
    out.push_back(name);
    from = plus + 1;
  }
  return out;
}

void read_categories(const Reader& r, model::Scenario& sc) {
  for (const std::string& name : r.entries("categories")) {
    const std::string k = "categories." + name + ".";
    model::CategorySpec c;
    c.name = name;
    c.settle_in_grid = r.number(k + "settle_in_grid");
    c.settle_minutes = r.distribution(k + "settle_minutes");
    c.handler = read_handler(r, k + "handler", sc);
    c.time_limit_days = r.number(k + "time_limit_days");
    c.staff_hours = r.distribution(k + "staff_hours");
    c.lead_working_days = r.distribution(k + "lead_working_days");
    c.heating_season_factor = r.number(k + "heating_season_factor");
    c.multi_department_share = r.number(k + "multi_department_share");
    c.whistle_departments = read_whistle_departments(r, k + "whistle_departments", sc);
    sc.categories.push_back(c);
  }
}

void read_sources(const Reader& r, model::Scenario& sc) {
  std::vector<std::string> categories;
  for (const model::CategorySpec& c : sc.categories) categories.push_back(c.name);
  for (const std::string& name : r.entries("sources")) {
    const std::string k = "sources." + name + ".";
    model::SourceSpec s;
    s.name = name;
    s.per_year = r.number(k + "per_year");
    s.via_grid_worker = r.boolean(k + "via_grid_worker");
    s.found_by_worker = r.boolean(k + "found_by_worker");
    if (s.found_by_worker && !s.via_grid_worker)
      fail(r.leaf(k + "found_by_worker").origin, k + "found_by_worker",
           "a case found by the grid worker starts at the grid worker: needs via_grid_worker = "
           "true");
    s.grid_weight = r.choice(k + "grid_weight");
    s.working_day_factor = r.number(k + "working_day_factor");
    s.rest_day_factor = r.number(k + "rest_day_factor");
    s.hour_factors = r.hourly<double>(k + "hour_factors");
    if (std::all_of(s.hour_factors.begin(), s.hour_factors.end(), [](double f) { return f == 0; }))
      fail(
          r.leaf(k + "hour_factors").origin, k + "hour_factors",
          "all 24 factors are 0: the source would never produce a case (set per_year = 0 instead)");
    s.category_shares = r.shares(k + "category_shares", categories);
    s.to_mediation = r.boolean(k + "to_mediation");
    sc.sources.push_back(s);
  }
  check_run_cases(r, sc);
}

void read_grid_worker(const Reader& r, model::Scenario& sc) {
  model::GridWorkerSpec& g = sc.grid_worker;
  g.shift = r.shift("grid_worker.shift");
  g.patrol_hours = r.number("grid_worker.patrol_hours");
  if (g.patrol_hours > g.shift.working_hours)
    fail(r.leaf("grid_worker.patrol_hours").origin, "grid_worker.patrol_hours",
         "must be <= grid_worker.shift working_hours (" +
             schema::format_number(g.shift.working_hours) + "), got " +
             schema::format_number(g.patrol_hours));
  g.report_minutes = r.distribution("grid_worker.report_minutes");
  g.verify_minutes = r.distribution("grid_worker.verify_minutes");
  g.p_verification_fail = r.number("grid_worker.p_verification_fail");
}

void read_platform(const Reader& r, model::Scenario& sc) {
  sc.platform.operators_by_hour = r.hourly<int>("platform.operators_by_hour");
  sc.platform.file_minutes = r.distribution("platform.file_minutes");
}

model::MediationLevelSpec read_mediation_level(const Reader& r, const std::string& level) {
  const std::string k = "mediation." + level + ".";
  return {static_cast<int>(r.integer(k + "mediators")), r.distribution(k + "mediator_hours"),
          r.distribution(k + "duration_working_days"), r.number(k + "p_resolve")};
}

/// "mon+tue" -> weekdays, Monday first.
std::array<bool, 7> read_weekdays(const Reader& r, const std::string& key) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string text = r.string(key);
  std::array<bool, 7> days{};
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t plus = std::min(text.find('+', from), text.size());
    const std::string day = text.substr(from, plus - from);
    const auto it = std::find(std::begin(kDays), std::end(kDays), day);
    if (it == std::end(kDays))
      fail(r.leaf(key).origin, key,
           "unknown weekday \"" + day +
               "\": expected mon, tue, wed, thu, fri, sat or sun "
               "joined by +");
    days[static_cast<std::size_t>(it - std::begin(kDays))] = true;
    from = plus + 1;
  }
  return days;
}

void read_mediation(const Reader& r, model::Scenario& sc) {
  model::MediationSpec& m = sc.mediation;
  m.enabled = r.boolean("mediation.enabled");
  m.dispute_category = r.string("mediation.dispute_category");
  if (m.enabled && std::none_of(sc.categories.begin(), sc.categories.end(),
                                [&](const auto& c) { return c.name == m.dispute_category; }))
    fail(r.leaf("mediation.dispute_category").origin, "mediation.dispute_category",
         "unknown category \"" + m.dispute_category + "\"");
  m.referral_share = r.number("mediation.referral_share");
  m.review_hour = r.number("mediation.review_hour");
  m.weekly_dispatch = r.boolean("mediation.weekly_dispatch");
  m.hours = r.shift("mediation.hours");
  m.community = read_mediation_level(r, "community");
  m.street = read_mediation_level(r, "street");
  m.district = read_mediation_level(r, "district");
  for (const std::string& name : r.entries("mediation.rota"))
    m.rota.push_back({name, read_weekdays(r, "mediation.rota." + name + ".weekdays"),
                      r.boolean("mediation.rota." + name + ".on_rest_days")});
  for (const std::string& name : r.entries("mediation.rooms"))
    m.rooms.push_back(
        {name, static_cast<int>(r.integer("mediation.rooms." + name + ".mediators"))});
  double total = 0;
  for (const std::string& name : r.entries("mediation.dispute_types")) {
    const std::string k = "mediation.dispute_types." + name + ".";
    model::DisputeTypeSpec t{name, r.number(k + "share"), r.string(k + "profession"),
                             r.number(k + "resolve_factor"), r.string(k + "room")};
    const auto known = [](const auto& list, const std::string& n) {
      return n.empty() ||
             std::any_of(list.begin(), list.end(), [&](const auto& e) { return e.name == n; });
    };
    if (!known(m.rota, t.profession))
      fail(r.leaf(k + "profession").origin, k + "profession",
           "unknown profession \"" + t.profession + "\": not in [mediation.rota]");
    if (!known(m.rooms, t.room))
      fail(r.leaf(k + "room").origin, k + "room",
           "unknown room \"" + t.room + "\": not in [mediation.rooms]");
    total += t.share;
    m.types.push_back(t);
  }
  if (m.enabled && m.types.empty())
    fail(r.table_origin("mediation"), "mediation.dispute_types",
         "mediation is enabled but no [mediation.dispute_types.<name>] is given");
  if (!m.types.empty() && std::fabs(total - 1.0) > 1e-6)
    fail(r.table_origin("mediation"), "mediation.dispute_types",
         "the dispute type shares must sum to 1, got " + schema::format_number(total));
}

void read_emergencies(const Reader& r, model::Scenario& sc) {
  for (const std::string& name : r.entries("emergency_teams")) {
    const std::string k = "emergency_teams." + name + ".";
    model::TeamGroupSpec g;
    g.name = name;
    g.per_grid = r.number(k + "per_grid");
    g.per_community = r.number(k + "per_community");
    g.duty = r.choice(k + "duty");
    g.delay_on_duty_minutes = r.distribution(k + "delay_on_duty_minutes");
    g.delay_day_minutes = r.distribution(k + "delay_day_minutes");
    g.delay_night_minutes = r.distribution(k + "delay_night_minutes");
    g.distance_m = r.distribution(k + "distance_m");
    g.walk_speed_m_per_min = r.number(k + "walk_speed_m_per_min");
    sc.teams.push_back(g);
  }
  sc.night_start_hour = r.number("emergency.night_start_hour");
  sc.night_end_hour = r.number("emergency.night_end_hour");
  const int communities = [&] {
    int n = 0;
    for (const auto& s : sc.streets) n += s.communities;
    return n;
  }();
  const int grids = [&] {
    int n = 0;
    for (const auto& s : sc.streets) n += s.basic_grids;
    return n;
  }();
  for (const std::string& name : r.entries("emergency.drills")) {
    const std::string k = "emergency.drills." + name + ".";
    model::EmergencySpec e;
    e.name = name;
    e.date = r.date(k + "date");
    e.start_hour = r.number(k + "start_hour");
    const std::string area = r.string(k + "area");
    std::size_t from = 0;
    while (from <= area.size()) {
      const std::size_t plus = std::min(area.find('+', from), area.size());
      const std::string item = area.substr(from, plus - from);
      const std::size_t colon = item.find(':');
      const std::string kind = item.substr(0, colon),
                        what = colon == std::string::npos ? "" : item.substr(colon + 1);
      const auto bad = [&](const std::string& why) {
        fail(r.leaf(k + "area").origin, k + "area", "\"" + item + "\": " + why);
      };
      const auto index = [&](int limit) {
        char* end = nullptr;
        const long v = std::strtol(what.c_str(), &end, 10);
        if (what.empty() || *end || v < 0 || v >= limit)
          bad("expected an index from 0 to " + std::to_string(limit - 1));
        return static_cast<int>(v);
      };
      if (kind == "street") {
        if (std::none_of(sc.streets.begin(), sc.streets.end(),
                         [&](const auto& s) { return s.name == what; }))
          bad("unknown street");
        e.streets.push_back(what);
      } else if (kind == "community") {
        e.communities.push_back(index(communities));
      } else if (kind == "grid") {
        e.grids.push_back(index(grids));
      } else {
        bad("expected street:<name>, community:<index> or grid:<index>");
      }
      from = plus + 1;
    }
    e.visit_minutes = r.distribution(k + "visit_minutes");
    e.p_not_home = r.number(k + "p_not_home");
    e.revisit_after_minutes = r.number(k + "revisit_after_minutes");
    e.max_attempts = static_cast<int>(r.integer(k + "max_attempts"));
    e.phone_success = r.number(k + "phone_success");
    e.pause_routine = r.boolean(k + "pause_routine");
    e.pause_hours = r.number(k + "pause_hours");
    e.target_hours = r.number(k + "target_hours");
    sc.emergencies.push_back(e);  // outside the run's days it does not happen: a warning
  }
}

void read_whistle(const Reader& r, model::Scenario& sc) {
  model::WhistleSpec& w = sc.whistle;
  w.enabled = r.boolean("whistle.enabled");
  w.overdue_rule = r.boolean("whistle.overdue_rule");
  w.first_after_hours = r.number("whistle.first_after_hours");
  w.repeat_rule = r.boolean("whistle.repeat_rule");
  w.repeat_count = static_cast<int>(r.integer("whistle.repeat_count"));
  w.repeat_window_days = r.number("whistle.repeat_window_days");
  w.multi_department_rule = r.boolean("whistle.multi_department_rule");
  w.report_within_hours = r.number("whistle.report_within_hours");
  w.report_hours = r.distribution("whistle.report_hours");
  w.lead_working_days = r.distribution("whistle.lead_working_days");
  w.leaders = static_cast<int>(r.integer("whistle.leaders"));
  w.leaders_shift = r.shift("whistle.leaders_shift");
  w.leaders_hours = r.distribution("whistle.leaders_hours");
  w.leaders_lead_working_days = r.distribution("whistle.leaders_lead_working_days");
  w.leaders_fail_probability = r.number("whistle.leaders_fail_probability");
  w.street_office_fail_probability = r.number("whistle.street_office_fail_probability");
  w.street_evaluation_weight = r.number("whistle.street_evaluation_weight");
  w.score_on_time_weight = r.number("whistle.score_on_time_weight");
  w.score_report_weight = r.number("whistle.score_report_weight");
  w.score_verify_weight = r.number("whistle.score_verify_weight");
  const double sum = w.score_on_time_weight + w.score_report_weight + w.score_verify_weight;
  if (std::fabs(sum - 1.0) > 1e-6)
    fail(r.leaf("whistle.score_verify_weight").origin, "whistle.score_verify_weight",
         "the three score weights must sum to 1, got " + schema::format_number(sum));
}

// ---------------------------------------------------------------------------------------------
// Warnings: legal scenarios that are probably not what was meant.

/// A drill dated outside the run's days is legal (a shorter variant of a scenario) but never
/// happens.
void warn_drills_outside_run(const Reader& r, const model::Scenario& sc,
                             ScenarioWarnings& warnings) {
  const long first = sc.start_date.to_days(), last = first + sc.days - 1;
  for (const model::EmergencySpec& e : sc.emergencies) {
    const std::string key = "emergency.drills." + e.name + ".date";
    const long day = e.date.to_days();
    std::string why;
    if (day < first)
      why = "is before scenario.start_date " + sc.start_date.to_string();
    else if (day > last)
      why = "is after the run's last day " + kernel::Date::from_days(last).to_string() +
            " (start_date + days - 1)";
    if (!why.empty())
      warnings.push_back(located(r.leaf(key).origin, key,
                                 e.date.to_string() + " " + why + ": the drill will not happen"));
  }
}

/// A top-level section of the baseline scenarios/hongqiao-2023.toml and what leaving it out
/// means (empty: a required section, whose absence is an error before any warning).
struct BaselineSection {
  const char* name;
  const char* without;
};
constexpr BaselineSection kBaselineSections[] = {
    {"scenario", ""},
    {"calendar", ""},
    {"structure", ""},
    {"streets", ""},
    {"street_office", ""},
    {"departments", "there are no departments, so the street offices handle every category"},
    {"categories", "there are no case categories"},
    {"sources", "there are no case sources, so no case ever arrives"},
    {"grid_worker", ""},
    {"platform", ""},
    {"whistle", "whistle.enabled defaults to false, so no case is ever whistled"},
    {"mediation", "mediation.enabled defaults to false, so no mediation centre runs"},
    {"emergency_teams", "there are no emergency teams, so a drill has nobody to send"},
    {"emergency", "there are no emergency drills"},
};

/// A section the baseline has but this scenario (with its includes) leaves out: its keys take
/// their defaults, which may switch a whole process off.
void warn_missing_sections(const Merged& merged, ScenarioWarnings& warnings) {
  for (const BaselineSection& section : kBaselineSections) {
    if (merged.tables.count(section.name)) continue;
    const std::string consequence =
        *section.without ? section.without : "every key of it takes its default";
    warnings.push_back(located(Origin{merged.top_file, 1}, section.name,
                               "no [" + std::string(section.name) +
                                   "] section, which the baseline "
                                   "scenarios/hongqiao-2023.toml has: " +
                                   consequence));
  }
}

model::Scenario convert(const Merged& merged, ScenarioWarnings& warnings) {
  // File values that an override replaced are checked first, as if there were no override.
  for (const auto& shadowed : merged.shadowed)
    Reader(merged, &shadowed).check_alone(shadowed.first);
  const Reader r(merged);
  check_entry_counts(r);
  model::Scenario sc;
  sc.source_text = merged.source_text;
  sc.included_files = merged.included_files;
  read_scenario_section(r, sc);
  read_calendar(r, sc);
  read_structure(r, sc);
  read_streets(r, sc);
  sc.street_office_hours = r.shift("street_office.shift");
  read_departments(r, sc);
  read_categories(r, sc);
  read_sources(r, sc);
  read_grid_worker(r, sc);
  read_platform(r, sc);
  read_whistle(r, sc);
  read_mediation(r, sc);
  read_emergencies(r, sc);
  warn_drills_outside_run(r, sc, warnings);
  warn_missing_sections(merged, warnings);
  return sc;
}

/// The common path of load_scenario and parse_scenario.
model::Scenario load(std::string_view text, const std::string& origin, const fs::path& base_dir,
                     const std::vector<std::string>& overrides, ScenarioWarnings* warnings) {
  Merged merged;
  merged.top_file = origin;
  merged.source_text = std::string(text);
  if (!text.empty() && text.back() != '\n') merged.source_text += '\n';
  IncludeState state;
  state.identities.push_back(identity_of(base_dir / fs::path(origin).filename()));
  state.shown.push_back(origin);
  load_layer(text, origin, base_dir, state, merged);
  for (const std::string& o : overrides) apply_override(o, merged);
  ScenarioWarnings found;
  model::Scenario scenario = convert(merged, found);
  if (warnings) warnings->insert(warnings->end(), found.begin(), found.end());
  return scenario;
}

}  // namespace

model::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                              ScenarioWarnings* warnings) {
  std::string text, error;
  if (!read_file(path, text, error)) throw ScenarioError(error);
  fs::path base_dir = fs::path(path).parent_path();
  if (base_dir.empty()) base_dir = ".";
  return load(text, path, base_dir, overrides, warnings);
}

model::Scenario parse_scenario(const std::string& text, const std::string& origin,
                               const std::vector<std::string>& overrides,
                               const std::string& base_dir, ScenarioWarnings* warnings) {
  return load(text, origin, base_dir.empty() ? fs::path(".") : fs::path(base_dir), overrides,
              warnings);
}

std::string option_override(const std::string& option, const std::string& key,
                            const std::string& value) {
  return key + "=" + value + " # " + option + " " + value;
}

std::string parameter_reference() {
  return schema::reference_text();
}

}  // namespace gridplan::io
