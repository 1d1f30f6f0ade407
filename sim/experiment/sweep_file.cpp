// Sweep files: TOML with [parameters] (arrays of values or "start:stop:step" ranges) and the
// sweep's replications, days, warm-up and fixed overrides; errors name the file, line and key.
// The file is parsed by the scenario loader (io::read_toml), and every scenario override it holds
// (a swept value, a `set` entry, `days`) is checked against the scenario parameter table
// (io::check_override) as it is read.
#include "gridplan/experiment/sweep_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::experiment {

namespace {

using Kind = io::TomlValue::Kind;

/// Throws SweepError "ORIGIN:LINE: KEY: reason".
[[noreturn]] void fail(const std::string& origin, const io::TomlValue& node, const std::string& key,
                       const std::string& reason) {
  throw SweepError(origin + ":" + std::to_string(node.line) + ": " + key + ": " + reason);
}

/// Checks the scenario override `text` ("KEY=VALUE") written at `node`.
void check_override(const std::string& origin, const io::TomlValue& node, const std::string& text) {
  if (const auto problem = io::check_override(text))
    fail(origin, node, problem->key, problem->reason);
}

/// A non-negative integer value of a top-level key.
int integer(const std::string& origin, const io::TomlValue& node, const std::string& key, int min) {
  if (node.kind != Kind::kInteger) fail(origin, node, key, "expected an integer");
  const std::int64_t value = node.integer_value;
  if (value < min || value > 1000000000)
    fail(origin, node, key, "must be >= " + std::to_string(min) + ", got " + std::to_string(value));
  return static_cast<int>(value);
}

/// A swept key's values: an array of values, or a "start:stop:step" string; each value is
/// checked as an override of the key.
GridAxis axis_of(const std::string& origin, const std::string& key, const io::TomlValue& node) {
  GridAxis axis;
  axis.key = key;
  if (node.kind == Kind::kArray) {
    if (node.children.empty()) fail(origin, node, key, "no values");
    for (const io::TomlValue& element : node.children) {
      check_override(origin, element.line > 0 ? element : node, key + "=" + element.text);
      axis.values.push_back(element.text);
    }
    return axis;
  }
  if (node.kind == Kind::kString) {
    try {
      axis.values = expand_range(node.string_value);
    } catch (const SweepError& e) {
      fail(origin, node, key, e.what());
    }
    for (const std::string& value : axis.values) check_override(origin, node, key + "=" + value);
    if (!axis.values.empty()) return axis;
  }
  fail(origin, node, key,
       "expected an array of values ([1, 2, 3]) or a range string (\"start:stop:step\")");
}

/// A swept axis with the position of its values in the file, to restore file order (a table's
/// keys come sorted).
struct PlacedAxis {
  GridAxis axis;
  int line, column;
};

/// Collects the axes of [parameters], descending into nested tables for dotted keys.
void collect_axes(const std::string& origin, const io::TomlValue& table, const std::string& prefix,
                  std::vector<PlacedAxis>& out) {
  for (const io::TomlValue& node : table.children) {
    const std::string key = prefix.empty() ? node.key : prefix + "." + node.key;
    if (node.kind == Kind::kTable && !node.is_inline) {
      collect_axes(origin, node, key, out);
      continue;
    }
    out.push_back({axis_of(origin, key, node), node.line, node.column});
  }
}

}  // namespace

SweepFile parse_sweep_file(const std::string& text, const std::string& origin) {
  io::TomlValue root;
  try {
    root = io::read_toml(text, origin);
  } catch (const io::ScenarioError& e) {
    throw SweepError(e.what());
  }
  SweepFile file;
  for (const io::TomlValue& node : root.children) {
    const std::string& key = node.key;
    if (key == "replications") {
      file.replications = integer(origin, node, key, 1);
    } else if (key == "days") {
      file.days = integer(origin, node, key, 1);
      if (const auto problem = io::check_override("scenario.days=" + node.text))
        fail(origin, node, key, problem->reason);
    } else if (key == "warmup_days") {
      file.warmup_days = integer(origin, node, key, 0);
    } else if (key == "independent") {
      if (node.kind != Kind::kBoolean) fail(origin, node, key, "expected true or false");
      file.independent = node.boolean_value;
    } else if (key == "set") {
      if (node.kind != Kind::kArray)
        fail(origin, node, key, "expected an array of \"key=value\" strings");
      for (const io::TomlValue& element : node.children) {
        if (element.kind != Kind::kString || element.string_value.find('=') == std::string::npos)
          fail(origin, element, key, "expected a \"key=value\" string");
        check_override(origin, element, element.string_value);
        file.sets.push_back(element.string_value);
      }
    } else if (key == "parameters") {
      if (node.kind != Kind::kTable) fail(origin, node, key, "expected a table [parameters]");
      std::vector<PlacedAxis> placed;
      collect_axes(origin, node, "", placed);
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
