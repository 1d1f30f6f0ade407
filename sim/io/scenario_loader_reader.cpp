// Typed, checked reading of the merged values: each declared type, its range, and where a bad
// value was written.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "scenario_loader_internal.hpp"

namespace gridplan::io::loader {

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

const toml::node* default_node(const Parameter& p) {
  static const auto documents = [] {
    std::map<std::string_view, std::unique_ptr<toml::table>> parsed;
    for (const Parameter& q : schema::parameters())
      if (!q.default_toml.empty())
        parsed[q.key] = parse_toml("v = " + std::string(q.default_toml), "default");
    return parsed;
  }();
  const auto found = documents.find(p.key);
  return found == documents.end() ? nullptr : found->second->get("v");
}

Leaf Reader::leaf(const std::string& key) const {
  if (substitute_ && substitute_->first == key) return substitute_->second;
  if (auto found = merged_.leaves.find(key); found != merged_.leaves.end()) return found->second;
  const Parameter& p = parameter_of(key);
  const std::string section = key.substr(0, key.rfind('.'));
  const auto table = merged_.tables.find(section);
  if (table == merged_.tables.end()) {
    // A section whose keys all have defaults (e.g. [whistle]) may be left out.
    if (!p.required) return Leaf{default_node(p), Origin{merged_.top_file, 1}, false};
    fail(Origin{merged_.top_file, 1}, section, "missing required table [" + section + "]");
  }
  if (p.required) fail(table->second, key, "missing required key");
  return Leaf{default_node(p), table->second, false};
}

Origin Reader::origin_of(const Leaf& leaf, const toml::node& part) {
  if (leaf.origin.is_override() || !leaf.has_own_lines || line_of(part) == 0) return leaf.origin;
  return Origin{leaf.origin.file, line_of(part)};
}

std::vector<std::string> Reader::entries(const std::string& section) const {
  const auto found = merged_.entries.find(section);
  return found == merged_.entries.end() ? std::vector<std::string>{} : found->second;
}

Origin Reader::table_origin(const std::string& section) const {
  const auto found = merged_.tables.find(section);
  return found == merged_.tables.end() ? Origin{merged_.top_file, 1} : found->second;
}

schema::Value Reader::value(const std::string& key) const {
  switch (parameter_of(key).type) {
    case Type::kInt:
      return integer(key);
    case Type::kFloat:
      return number(key);
    case Type::kBool:
      return boolean(key);
    case Type::kString:
      return string(key);
    case Type::kChoice:
      return choice(key);
    case Type::kDate:
      return date(key);
    case Type::kDates:
      return dates(key);
    case Type::kMonthDay:
      return month_day(key);
    case Type::kFloats24:
      return hourly<double>(key);
    case Type::kInts24:
      return hourly<int>(key);
    case Type::kDistribution:
      return distribution(key);
    case Type::kShift:
      return shift(key);
    case Type::kShares:
      return shares(key);
    case Type::kHandlers:
      return handler_shares(key);
  }
  throw std::logic_error("unknown parameter type of " + key);
}

double checked_number(const Parameter& p, const Leaf& leaf, const toml::node& node,
                      const std::string& key) {
  const Origin at = Reader::origin_of(leaf, node);
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

long long checked_integer(const Parameter& p, const Leaf& leaf, const toml::node& node,
                          const std::string& key) {
  const Origin at = Reader::origin_of(leaf, node);
  const auto* i = node.as_integer();
  if (!i) fail(at, key, expected_got("an integer", node));
  const long long value = i->get();
  if (value > p.field.max_integer) fail(at, key, "too large, got " + std::to_string(value));
  if (std::string why = schema::range_violation(p, static_cast<double>(value)); !why.empty())
    fail(at, key, why);
  return value;
}

namespace {

kernel::Date checked_date(const Leaf& leaf, const toml::node& node, const std::string& key) {
  const auto* d = node.as_date();
  if (!d)
    fail(Reader::origin_of(leaf, node), key, expected_got("a local date (e.g. 2023-10-01)", node));
  const toml::date& date = d->get();
  return kernel::Date{date.year, date.month, date.day};
}

}  // namespace

double Reader::number(const std::string& key) const {
  const Leaf v = leaf(key);
  return checked_number(parameter_of(key), v, *v.node, key);
}

long long Reader::integer(const std::string& key) const {
  const Leaf v = leaf(key);
  return checked_integer(parameter_of(key), v, *v.node, key);
}

bool Reader::boolean(const std::string& key) const {
  const Leaf v = leaf(key);
  if (!v.node->is_boolean())
    fail(v.origin, key, expected_got("a boolean (true or false)", *v.node));
  return v.node->as_boolean()->get();
}

std::string Reader::string(const std::string& key) const {
  const Leaf v = leaf(key);
  if (!v.node->is_string()) fail(v.origin, key, expected_got("a string", *v.node));
  return v.node->as_string()->get();
}

std::string Reader::choice(const std::string& key) const {
  const Parameter& p = parameter_of(key);
  const std::string value = string(key);
  std::vector<std::string> options(p.choices.begin(), p.choices.end());
  if (std::find(options.begin(), options.end(), value) != options.end()) return value;
  std::string quoted;
  for (const std::string& o : options) quoted += (quoted.empty() ? "\"" : ", \"") + o + "\"";
  fail(leaf(key).origin, key,
       "must be one of " + quoted + ", got \"" + value + "\"" +
           suggestion(schema::nearest(value, options)));
}

kernel::Date Reader::date(const std::string& key) const {
  const Leaf v = leaf(key);
  return checked_date(v, *v.node, key);
}

std::vector<kernel::Date> Reader::dates(const std::string& key) const {
  const Leaf v = leaf(key);
  const toml::array* array = v.node->as_array();
  if (!array) fail(v.origin, key, expected_got("an array of local dates", *v.node));
  std::vector<kernel::Date> out;
  for (std::size_t i = 0; i < array->size(); ++i)
    out.push_back(checked_date(v, *array->get(i), key + "[" + std::to_string(i) + "]"));
  return out;
}

/// "MM-DD" as {month, day}; 02-29 is allowed (it simply does not occur in most years).
std::pair<int, int> Reader::month_day(const std::string& key) const {
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
std::array<T, 24> Reader::hourly(const std::string& key) const {
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

}  // namespace gridplan::io::loader
