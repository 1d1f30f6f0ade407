// TOML files read with the scenario loader's parser for callers that do not parse TOML
// themselves (sweep files): the same UTF-8 check and syntax errors, values as a plain tree.
#include <sstream>

#include "scenario_loader_internal.hpp"

namespace gridplan::io {

namespace {

/// A value node as TOML value text, tables inline ("{ a = 1, b = 2 }").
std::string toml_text(const toml::node& node) {
  std::ostringstream out;
  if (const toml::table* table = node.as_table()) {
    toml::table copy = *table;
    copy.is_inline(true);
    out << toml::toml_formatter(copy, toml::format_flags::none);
  } else if (const toml::array* array = node.as_array()) {
    out << toml::toml_formatter(*array, toml::format_flags::none);
  } else {
    node.visit([&out](const auto& value) {
      out << toml::toml_formatter(value, toml::format_flags::none);
    });
  }
  return out.str();
}

TomlValue tree_of(const toml::node& node, std::string key) {
  using Kind = TomlValue::Kind;
  TomlValue value;
  value.key = std::move(key);
  value.line = static_cast<int>(node.source().begin.line);
  value.column = static_cast<int>(node.source().begin.column);
  value.text = toml_text(node);
  if (const toml::table* table = node.as_table()) {
    value.kind = Kind::kTable;
    value.is_inline = table->is_inline();
    for (auto&& [name, child] : *table) value.children.push_back(tree_of(child, std::string(name)));
  } else if (const toml::array* array = node.as_array()) {
    value.kind = Kind::kArray;
    for (const toml::node& element : *array) value.children.push_back(tree_of(element, ""));
  } else if (const auto* s = node.as_string()) {
    value.kind = Kind::kString;
    value.string_value = s->get();
  } else if (const auto* i = node.as_integer()) {
    value.kind = Kind::kInteger;
    value.integer_value = i->get();
  } else if (node.is_floating_point()) {
    value.kind = Kind::kFloat;
  } else if (const auto* b = node.as_boolean()) {
    value.kind = Kind::kBoolean;
    value.boolean_value = b->get();
  }
  return value;
}

}  // namespace

TomlValue read_toml(const std::string& text, const std::string& origin) {
  const std::unique_ptr<toml::table> root = loader::parse_toml(text, origin);
  return tree_of(*root, "");
}

}  // namespace gridplan::io
