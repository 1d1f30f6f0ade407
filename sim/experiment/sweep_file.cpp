// Sweep files: TOML with [parameters] (arrays of values or "start:stop:step" ranges) and the
// sweep's replications, days, warm-up and fixed overrides; errors name the file, line and key.
#include "gridplan/experiment/sweep_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

// toml++ is the shared library gridplan_io links (CMake's tomlplusplus::tomlplusplus target
// compiles with these two definitions); this file uses the same mode so that both agree.
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 0
#endif
#ifndef TOML_SHARED_LIB
#define TOML_SHARED_LIB 1
#endif
#include <toml++/toml.h>

namespace gridplan::experiment {

namespace {

/// Throws SweepError "ORIGIN:LINE: KEY: reason".
[[noreturn]] void fail(const std::string& origin, const toml::node& node, const std::string& key,
                       const std::string& reason) {
  throw SweepError(origin + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " +
                   reason);
}

toml::table parse_toml(const std::string& text, const std::string& origin) {
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw SweepError(origin + ":" + std::to_string(e.source().begin.line) +
                     ": syntax error: " + std::string(e.description()));
  }
#else
  toml::parse_result result = toml::parse(text, origin);
  if (!result)
    throw SweepError(origin + ":" + std::to_string(result.error().source().begin.line) +
                     ": syntax error: " + std::string(result.error().description()));
  return std::move(result).table();
#endif
}

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

/// A non-negative integer value of a top-level key.
int integer(const std::string& origin, const toml::node& node, const std::string& key, int min) {
  const auto value = node.value<std::int64_t>();
  if (!node.is_integer() || !value) fail(origin, node, key, "expected an integer");
  if (*value < min || *value > 1000000000)
    fail(origin, node, key,
         "must be >= " + std::to_string(min) + ", got " + std::to_string(*value));
  return static_cast<int>(*value);
}

/// A swept key's values: an array of values, or a "start:stop:step" string.
GridAxis axis_of(const std::string& origin, const std::string& key, const toml::node& node) {
  GridAxis axis;
  axis.key = key;
  if (const toml::array* array = node.as_array()) {
    if (array->empty()) fail(origin, node, key, "no values");
    for (const toml::node& element : *array) axis.values.push_back(toml_text(element));
    return axis;
  }
  if (const auto text = node.value<std::string>(); node.is_string() && text) {
    try {
      axis.values = expand_range(*text);
    } catch (const SweepError& e) {
      fail(origin, node, key, e.what());
    }
    if (!axis.values.empty()) return axis;
  }
  fail(origin, node, key,
       "expected an array of values ([1, 2, 3]) or a range string (\"start:stop:step\")");
}

/// A swept axis with the position of its values in the file, to restore file order (toml++
/// keeps a table's keys sorted).
struct PlacedAxis {
  GridAxis axis;
  std::uint32_t line, column;
};

/// Collects the axes of [parameters], descending into nested tables for dotted keys.
void collect_axes(const std::string& origin, const toml::table& table, const std::string& prefix,
                  std::vector<PlacedAxis>& out) {
  for (const auto& [name, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    const toml::table* nested = node.as_table();
    if (nested != nullptr && !nested->is_inline()) {
      collect_axes(origin, *nested, key, out);
      continue;
    }
    out.push_back(
        {axis_of(origin, key, node), node.source().begin.line, node.source().begin.column});
  }
}

}  // namespace

SweepFile parse_sweep_file(const std::string& text, const std::string& origin) {
  const toml::table root = parse_toml(text, origin);
  SweepFile file;
  for (const auto& [name, node] : root) {
    const std::string key(name.str());
    if (key == "replications") {
      file.replications = integer(origin, node, key, 1);
    } else if (key == "days") {
      file.days = integer(origin, node, key, 1);
    } else if (key == "warmup_days") {
      file.warmup_days = integer(origin, node, key, 0);
    } else if (key == "independent") {
      if (!node.is_boolean()) fail(origin, node, key, "expected true or false");
      file.independent = node.value<bool>();
    } else if (key == "set") {
      const toml::array* array = node.as_array();
      if (array == nullptr) fail(origin, node, key, "expected an array of \"key=value\" strings");
      for (const toml::node& element : *array) {
        const auto value = element.value<std::string>();
        if (!element.is_string() || !value || value->find('=') == std::string::npos)
          fail(origin, element, key, "expected a \"key=value\" string");
        file.sets.push_back(*value);
      }
    } else if (key == "parameters") {
      const toml::table* table = node.as_table();
      if (table == nullptr) fail(origin, node, key, "expected a table [parameters]");
      std::vector<PlacedAxis> placed;
      collect_axes(origin, *table, "", placed);
      std::stable_sort(placed.begin(), placed.end(), [](const PlacedAxis& a, const PlacedAxis& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
      });
      for (PlacedAxis& p : placed) file.axes.push_back(std::move(p.axis));
    } else {
      fail(origin, node, key,
           "unknown key (expected replications, days, warmup_days, independent, set or "
           "[parameters])");
    }
  }
  return file;
}

SweepFile read_sweep_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SweepError(path + ": cannot read the sweep file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_sweep_file(text.str(), path);
}

}  // namespace gridplan::experiment
