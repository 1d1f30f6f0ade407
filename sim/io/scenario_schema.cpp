// What is derived from the table of scenario parameters: the key tree that classifies dotted
// paths, range checks with their messages, typo suggestions and the printed reference.
#include "scenario_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace gridplan::io::schema {

namespace {

std::vector<std::string_view> split_dots(std::string_view key) {
  std::vector<std::string_view> parts;
  for (std::size_t begin = 0;;) {
    const std::size_t dot = key.find('.', begin);
    parts.push_back(key.substr(begin, dot - begin));
    if (dot == std::string_view::npos) return parts;
    begin = dot + 1;
  }
}

// Declared children keep their declaration order, so suggestions and the reference are stable.
KeyNode& child_or_add(KeyNode& node, std::string_view name) {
  for (auto& c : node.children)
    if (c->name == name) return *c;
  node.children.push_back(std::make_unique<KeyNode>());
  KeyNode& added = *node.children.back();
  added.name = std::string(name);
  added.parent = &node;
  return added;
}

std::unique_ptr<KeyNode> build_key_tree() {
  auto root = std::make_unique<KeyNode>();
  for (const Parameter& p : parameters()) {
    KeyNode* node = root.get();
    for (std::string_view part : split_dots(p.key)) node = &child_or_add(*node, part);
    node->parameter = &p;
  }
  return root;
}

std::string describe_bound(const Bound& b, bool lower) {
  return std::string(lower ? (b.inclusive ? ">= " : "> ") : (b.inclusive ? "<= " : "< ")) +
         format_number(b.value);
}

std::string describe_numeric(const Parameter& p) {
  if (p.min && p.max)
    return std::string(p.min->inclusive ? "[" : "(") + format_number(p.min->value) + ", " +
           format_number(p.max->value) + (p.max->inclusive ? "]" : ")");
  if (p.min) return describe_bound(*p.min, true);
  if (p.max) return describe_bound(*p.max, false);
  return "";
}

bool violates(const std::optional<Bound>& b, double v, bool lower) {
  if (!b) return false;
  if (lower) return b->inclusive ? !(v >= b->value) : !(v > b->value);
  return b->inclusive ? !(v <= b->value) : !(v < b->value);
}

/// Pads `text` to `width` display columns (CJK characters take two).
std::string pad(const std::string& text, std::size_t width) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += length >= 3 ? 2 : 1;
    i += length;
  }
  return text + std::string(width > columns ? width - columns : 0, ' ');
}

/// `text` broken at blanks into lines of at most `width` columns, continuation lines indented.
std::string wrapped(const std::string& text, std::size_t width) {
  std::string out, line;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = "  ";
    }
    line += (line.empty() || line == "  " ? "" : " ") + word;
  }
  return out + line + "\n";
}

/// The limits that no key's range states, for the reference.
std::string limits_text() {
  static_assert(kMaxRunCases == 1e9, "the text below writes it as 1e9");
  std::string text = "Limits (numbers are packed into small fields): at most";
  for (const EntryLimit& limit : entry_limits())
    text += (&limit == &entry_limits().front() ? " " : ", ") + std::to_string(limit.max) + " [" +
            std::string(limit.section) + ".*]";
  return wrapped(text +
                     "; the district's communities <= " + std::to_string(kMaxDistrictCommunities) +
                     " and basic grids <= " + std::to_string(kMaxDistrictGrids) +
                     "; a run's expected cases (per_year x days / 365, summed) <= 1e9.",
                 95);
}

}  // namespace

const std::vector<EntryLimit>& entry_limits() {
  static const std::vector<EntryLimit> limits = {
      {"streets", 1000, "each street is a logical process and a 16-bit office number"},
      {"departments", 1000, "each department is a logical process and a 16-bit office number"},
      {"categories", 255, "a replayed case carries its category in 8 bits"},
      {"sources", 255, "a case stores its source in 8 bits"},
      {"mediation.dispute_types", 127, "a case stores its dispute type in 8 bits"},
      {"mediation.rooms", 15, "a centre numbers its mediator pools in 4 bits"},
      {"emergency.drills", 1000, "each drill is a logical process"},
  };
  return limits;
}

const KeyNode* KeyNode::child(std::string_view component) const {
  for (const auto& c : children)
    if (c->name == component) return c.get();
  return entry();
}

const KeyNode* KeyNode::entry() const {
  for (const auto& c : children)
    if (c->name == "*") return c.get();
  return nullptr;
}

std::string KeyNode::pattern() const {
  if (!parent) return "";
  const std::string above = parent->pattern();
  return above.empty() ? name : above + "." + name;
}

const KeyNode& key_tree() {
  static const std::unique_ptr<KeyNode> root = build_key_tree();
  return *root;
}

std::string expected_name(Type type) {
  switch (type) {
    case Type::kInt:
      return "an integer";
    case Type::kFloat:
      return "a number";
    case Type::kBool:
      return "a boolean (true or false)";
    case Type::kString:
    case Type::kChoice:
      return "a string";
    case Type::kDate:
      return "a local date (e.g. 2023-10-01)";
    case Type::kDates:
      return "an array of local dates";
    case Type::kMonthDay:
      return "a string \"MM-DD\"";
    case Type::kFloats24:
      return "an array of 24 numbers";
    case Type::kInts24:
      return "an array of 24 integers";
    case Type::kDistribution:
      return "a distribution table such as { dist = \"fixed\", value = 1 }";
    case Type::kShift:
      return "a shift table { working_start_hour, working_hours, rest_start_hour, rest_hours }";
    case Type::kShares:
      return "a table of category shares";
    case Type::kHandlers:
      return "a table of handler shares";
  }
  return "?";
}

std::string type_name(const Parameter& p) {
  switch (p.type) {
    case Type::kInt:
      return "int";
    case Type::kFloat:
      return "float";
    case Type::kBool:
      return "bool";
    case Type::kString:
    case Type::kChoice:
      return "string";
    case Type::kDate:
      return "date";
    case Type::kDates:
      return "date[]";
    case Type::kMonthDay:
      return "\"MM-DD\"";
    case Type::kFloats24:
      return "float[24]";
    case Type::kInts24:
      return "int[24]";
    case Type::kDistribution:
      return "dist";
    case Type::kShift:
      return "shift";
    case Type::kShares:
      return "shares";
    case Type::kHandlers:
      return "handlers";
  }
  return "?";
}

std::string describe_range(const Parameter& p) {
  std::string text = describe_numeric(p);
  std::string extra(p.constraint);
  for (std::string_view choice : p.choices) {
    if (!extra.empty()) extra += '|';
    extra += choice;
  }
  if (!text.empty() && !extra.empty()) text += ", ";
  return text + extra;
}

std::string range_violation(const Parameter& p, double value) {
  if (!violates(p.min, value, true) && !violates(p.max, value, false)) return "";
  const bool interval = p.min && p.max;
  return "must be " + std::string(interval ? "in " : "") + describe_numeric(p) + ", got " +
         format_number(value);
}

std::string format_number(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string suggestion(const std::optional<std::string>& candidate) {
  return candidate ? " (did you mean '" + *candidate + "'?)" : "";
}

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  // About one edit in three characters: "staf" -> "staff", "scenari" -> "scenario", but a
  // short unrelated word is not "corrected" into a declared one.
  const std::size_t allowed = std::max<std::size_t>(1, (word.size() + 1) / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string reference_text() {
  struct Row {
    std::string key, type, unit, range, fallback, help;
  };
  std::vector<Row> rows = {{"KEY", "TYPE", "UNIT", "RANGE", "DEFAULT", "MEANING"}};
  for (const Parameter& p : parameters())
    rows.push_back({std::string(p.key), type_name(p), std::string(p.unit), describe_range(p),
                    p.required ? "required" : std::string(p.default_toml), std::string(p.help)});
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const Row& r : rows) {
    w[0] = std::max(w[0], r.key.size());
    w[1] = std::max(w[1], r.type.size());
    w[2] = std::max(w[2], r.unit.size());
    w[3] = std::max(w[3], r.range.size());
    w[4] = std::max(w[4], r.fallback.size());
  }
  std::ostringstream out;
  out << "Scenario parameters. `*` stands for a map entry's name: [streets.<name>],\n"
         "[departments.<name>], [categories.<name>], [sources.<name>].\n"
         "  dist   = { dist = \"fixed\", value } | { dist = \"exponential\", mean }\n"
         "         | { dist = \"lognormal\", median, p90 } | { dist = \"uniform\", min, max }\n"
         "         | { dist = \"triangular\", min, mode, max }          (all >= 0)\n"
         "  shift  = { working_start_hour, working_hours, rest_start_hour, rest_hours }  (hours)\n"
         "  shares = { <category> = share, ... }\n"
         "  handlers = { <street|department> = share, ... }  (each > 0, sum 1 within 1e-9)\n"
      << limits_text() << '\n';
  for (const Row& r : rows)
    out << pad(r.key, w[0] + 2) << pad(r.type, w[1] + 2) << pad(r.unit, w[2] + 2)
        << pad(r.range, w[3] + 2) << pad(r.fallback, w[4] + 2) << r.help << '\n';
  return out.str();
}

}  // namespace gridplan::io::schema
