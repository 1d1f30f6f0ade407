// The values that are inline tables with small schemas of their own: distributions, shifts,
// category shares and handler shares.
#include <algorithm>
#include <cmath>

#include "scenario_loader_internal.hpp"

namespace gridplan::io::loader {

// Distributions and shifts are inline tables with their own small schemas.

namespace {

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

}  // namespace

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

namespace {

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

/// A shift field's name in TOML: its member's name.
std::string field_name(std::string_view member) {
  return std::string(member.substr(member.rfind(':') + 1));
}

}  // namespace

model::ShiftSpec Reader::shift(const std::string& key) const {
  const Leaf v = leaf(key);
  const toml::table* table = v.node->as_table();
  if (!table) fail(v.origin, key, expected_got(schema::expected_name(Type::kShift), *v.node));
  // Two windows, each a start hour and a length: working days', then rest days'.
  const auto& members = schema::shift_fields();
  std::vector<std::string> names;
  for (const auto& m : members) names.push_back(field_name(m.name));
  auto x = numeric_fields(v, *table, key, "a shift", names, {});
  check_window(v.origin, key, names[0], x[names[0]], names[1], x[names[1]]);
  check_window(v.origin, key, names[2], x[names[2]], names[3], x[names[3]]);
  model::ShiftSpec shift;
  for (const auto& m : members) shift.*m.pointer = x[field_name(m.name)];
  return shift;
}

std::vector<double> Reader::shares(const std::string& key) const {
  const std::vector<std::string> categories = entries("categories");
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

std::vector<model::HandlerShare> Reader::handler_shares(const std::string& key) const {
  // The names are checked against the departments by the entry's rule.
  const Leaf v = leaf(key);
  const Parameter& p = parameter_of(key);
  const toml::table* table = v.node->as_table();
  if (!table) fail(v.origin, key, expected_got("a table { <handler> = share, ... }", *v.node));
  std::vector<model::HandlerShare> out;
  double sum = 0;
  for (const Child& c : children_in_file_order(*table)) {
    const double share = checked_number(p, v, *c.node, key + "." + c.name);
    out.push_back(model::HandlerShare{c.name, share});
    sum += share;
  }
  if (out.empty()) fail(v.origin, key, "needs at least one handler, e.g. { street = 1 }");
  if (std::fabs(sum - 1.0) > 1e-9)
    fail(v.origin, key,
         "shares must sum to 1 (within 1e-9), got " +
             schema::format_number(std::round(sum * 1e12) / 1e12));
  return out;
}

}  // namespace gridplan::io::loader
