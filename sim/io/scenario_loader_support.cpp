// The scenario loader's common parts: error messages, key suggestions, and the walk that
// flattens a TOML document into the merged scenario's dotted keys.
#include <algorithm>
#include <limits>

#include "scenario_loader_internal.hpp"

namespace gridplan::io::loader {

// ---------------------------------------------------------------------------------------------
// Where values come from, and the one way errors are reported.

/// "FILE:LINE: KEY: reason", "--set KEY: reason" or "--days 0 (scenario.days): reason".
std::string located(const Origin& at, const std::string& key, const std::string& reason) {
  if (at.is_override() && !at.option.empty()) return at.option + " (" + key + "): " + reason;
  if (at.is_override()) return "--set " + key + ": " + reason;
  return at.file + ":" + std::to_string(at.line) + ": " + key + ": " + reason;
}

[[noreturn]] void fail(const Origin& at, const std::string& key, const std::string& reason) {
  throw LocatedError(at, key, reason);
}

std::string join(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

std::string in_quotes(std::string_view text) {
  std::string quoted(1, '\'');
  quoted.append(text);
  quoted.push_back('\'');
  return quoted;
}

std::string concrete_key(std::string_view pattern, std::string_view name) {
  const std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return std::string(pattern);
  std::string key(pattern.substr(0, star));
  key.append(name);
  key.append(pattern.substr(star + 1));
  return key;
}

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

namespace {

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

}  // namespace

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

std::string expected_got(const std::string& expected, const toml::node& node) {
  return "expected " + expected + ", got " + kind_of(node);
}

// ---------------------------------------------------------------------------------------------
// Keys: suggestions for a misspelt one, and the walk of a document's tables.

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

namespace {

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

}  // namespace

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

namespace {

/// Records one child of a table: a value, or a sub-table walked recursively.
void flatten_child(const Child& child, const KeyNode& section, const std::string& prefix,
                   const std::string& file, Merged& merged) {
  const std::string path = join(prefix, child.name);
  const Origin at{file, child.line};
  const KeyNode* declared = section.child(child.name);
  if (!declared)
    fail(at, path, "unknown key" + suggestion(suggest_key(section, prefix, child.name)));
  if (declared->parameter) {
    // A structural key (include) is read by the file walk, not stored as a value.
    if (declared->parameter->field.store) merged.leaves[path] = Leaf{child.node, at};
    return;
  }
  const toml::table* sub = child.node->as_table();
  if (!sub) fail(at, path, expected_got("a table [" + path + "]", *child.node));
  if (declared->name == "*") check_entry_name(at, prefix, child.name);
  merged.tables[path] = at;
  flatten(*sub, *declared, path, file, merged);
}

}  // namespace

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

}  // namespace gridplan::io::loader
