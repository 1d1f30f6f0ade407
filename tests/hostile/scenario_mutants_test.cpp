// Hostile scenarios (issue 12, item 1): 200 mutants of scenarios/hongqiao-2023.toml from a fixed
// seed (empty, binary garbage, truncations, duplicate keys and tables, out-of-range and
// non-finite numbers, wrong types, wrong array lengths, shares that do not sum to 1, NUL bytes)
// and special inputs (missing, cyclic and self includes; includes of a directory, /dev/zero,
// /dev/null, a FIFO, a symlink loop; a scenario path that is a directory, /dev/null or a FIFO).
// About a third of the generated mutants are an included base file rather than the scenario
// itself. Each runs `gridplan check` (and the specials and every 10th mutant also
// `run --days 1 --out out.h5`) with a timeout, and the contract of hostile_support.hpp is
// checked; a mutant that really is invalid must exit 2 naming the file, and `FILE:LINE:` when
// the mutation sits on one line.
#include <sys/stat.h>

#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <regex>

#include "hostile/hostile_support.hpp"

namespace {

using namespace gridplan::hostile;

constexpr std::uint64_t kSeed = 0x5ce7a710'20231207ULL;
constexpr int kCases = 200;
constexpr double kCheckTimeout = 20;  // `check` takes 0.05 s (0.2 s under ASan)
constexpr double kRunTimeout = 60;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::uint64_t case_seed(int index) {
  return kSeed + static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ULL;
}

// ---------------------------------------------------------------------------------------------
// The mutants

/// One hostile scenario: the files of its case directory and what `check` must do with it.
struct Mutant {
  std::string kind;                          ///< what was done, for the failure message
  std::map<std::string, std::string> files;  ///< relative path -> bytes
  std::vector<std::string> fifos, dirs;      ///< created with mkfifo / mkdir
  std::vector<std::pair<std::string, std::string>> symlinks;  ///< (link, target)
  std::vector<std::string> outside;  ///< absolute paths it reads (guarded too): /dev/null ...
  std::string scenario_arg = "scenario.toml";
  std::string mutated_file;  ///< relative path of the mutated file, if any
  int mutated_line = 0;      ///< 1-based, 0 if the mutation is not on one line
  bool invalid = false;      ///< really invalid: exit 2 required
  bool valid = false;        ///< a control: exit 0 required
  /// One of these must appear in the message when the exit code is 2 (the file).
  std::vector<std::string> names;
  /// With `invalid`: one of these "NAME:LINE:" must appear (empty: no line check).
  std::vector<std::string> file_lines;
  bool run_too = false;
  bool run_verdict_unknown = false;  ///< --days 1 may override the mutated key
};

/// Index of the line of `key` in table `section` ("[scenario]"); throws if absent.
int find_key(const std::vector<std::string>& lines, const std::string& section,
             const std::string& key) {
  std::size_t i = 0;
  for (; i < lines.size(); ++i)
    if (lines[i].rfind(section, 0) == 0) break;
  if (i == lines.size()) throw std::runtime_error("baseline has no " + section);
  for (++i; i < lines.size() && (lines[i].empty() || lines[i][0] != '['); ++i) {
    const std::string& line = lines[i];
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, key.size(), key) != 0) continue;
    const std::size_t eq = line.find_first_not_of(' ', start + key.size());
    if (eq != std::string::npos && line[eq] == '=') return static_cast<int>(i);
  }
  throw std::runtime_error("baseline has no " + key + " in " + section);
}

/// The index of the first line at or after `from` that is "]" (the end of a multi-line array).
int closing_bracket(const std::vector<std::string>& lines, int from) {
  for (int i = from; i < static_cast<int>(lines.size()); ++i)
    if (lines[i].find_first_not_of(' ') != std::string::npos &&
        lines[i][lines[i].find_first_not_of(' ')] == ']')
      return i;
  throw std::runtime_error("unterminated array in the baseline");
}

/// `line` with its value (after "key =", up to a comment outside quotes) replaced.
std::string replace_value(const std::string& line, const std::string& value) {
  const std::size_t eq = line.find('=');
  bool quoted = false;
  int depth = 0;
  std::size_t end = line.size();
  for (std::size_t i = eq + 1; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (quoted) continue;
    if (line[i] == '{' || line[i] == '[') ++depth;
    if (line[i] == '}' || line[i] == ']') --depth;
    if (line[i] == '#' && depth <= 0) {
      end = i;
      break;
    }
  }
  const std::string comment = end < line.size() ? "  " + line.substr(end) : "";
  return line.substr(0, eq + 1) + " " + value + comment;
}

/// `line` with the number after "field = " (inside an inline table) replaced.
std::string replace_field(const std::string& line, const std::string& field,
                          const std::string& value) {
  const std::regex pattern("([{,]\\s*" + field + "\\s*=\\s*)([-+0-9.eE_]+)");
  std::smatch m;
  if (!std::regex_search(line, m, pattern))
    throw std::runtime_error("no field " + field + " in: " + line);
  return line.substr(0, static_cast<std::size_t>(m.position(2))) + value +
         line.substr(static_cast<std::size_t>(m.position(2) + m.length(2)));
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + '\n';
  return text;
}

/// A numeric key of the baseline with its documented range (`gridplan params`).
struct NumericKey {
  const char* section;
  const char* key;
  const char* field;  ///< inside an inline table, or ""
  bool integer;
  double lo;
  bool lo_open;
  double hi;  ///< kInf: unbounded
  bool hi_open;
};

const std::vector<NumericKey>& numeric_keys() {
  static const std::vector<NumericKey> keys{
      {"[scenario]", "days", "", true, 1, false, 3660, false},
      {"[scenario]", "seed", "", true, 0, false, kInf, false},
      {"[scenario]", "lookahead_minutes", "", false, 0, true, 60, false},
      {"[structure]", "nonresidential_grid_share", "", false, 0, false, 1, true},
      {"[structure]", "household_cv", "", false, 0, false, 3, false},
      {"[streets.xigu]", "communities", "", true, 1, false, 1000, false},
      {"[streets.santiaoshi]", "basic_grids", "", true, 1, false, 20000, false},
      {"[streets.heyuan]", "households", "", false, 0, false, 1e7, false},
      {"[streets.xigu]", "office_staff", "", true, 0, false, 100000, false},
      {"[departments.police]", "staff", "", true, 0, false, 100000, false},
      {"[departments.housing]", "whistle_fail_probability", "", false, 0, false, 1, true},
      {"[categories.city_appearance]", "settle_in_grid", "", false, 0, false, 1, false},
      {"[categories.heating]", "time_limit_days", "", false, 0, true, 3660, false},
      {"[categories.heating]", "heating_season_factor", "", false, 0, false, 1000, false},
      {"[sources.hotline]", "per_year", "", false, 0, false, 1e8, false},
      {"[sources.patrol]", "working_day_factor", "", false, 0, false, 1e6, false},
      {"[grid_worker]", "patrol_hours", "", false, 0, false, 9, false},
      {"[grid_worker]", "p_verification_fail", "", false, 0, false, 1, true},
      {"[mediation]", "review_hour", "", false, 0, false, 24, true},
      {"[mediation.street]", "mediators", "", true, 0, false, 100000, false},
      {"[mediation.district]", "p_resolve", "", false, 0, false, 1, false},
      {"[emergency.drills.heyuan]", "max_attempts", "", true, 1, false, 100, false},
      {"[emergency.drills.heyuan]", "target_hours", "", false, 0, true, 168, false},
      {"[emergency_teams.volunteers]", "walk_speed_m_per_min", "", false, 0, true, kInf, false},
      {"[whistle]", "first_after_hours", "", false, 0, false, kInf, false},
      {"[whistle]", "repeat_count", "", true, 2, false, 1000, false},
      {"[whistle]", "leaders", "", true, 1, false, 100000, false},
      {"[emergency]", "night_start_hour", "", false, 0, false, 24, true},
      // Inside inline tables: lognormal 0 < median < p90 (45); shift start 8.5 + hours <= 24;
      // triangular min (10) <= mode <= max (60); lognormal p90 > median (3).
      {"[categories.city_appearance]", "settle_minutes", "median", false, 0, true, 45, true},
      {"[departments.city_management]", "shift", "working_hours", false, 0, false, 15.5, false},
      {"[emergency_teams.grid_worker]", "delay_day_minutes", "mode", false, 10, false, 60, false},
      {"[platform]", "file_minutes", "p90", false, 3, true, kInf, false},
  };
  return keys;
}

/// A replacement number: its TOML text and value.
struct NumberText {
  const char* text;
  double value;
  bool integer_literal;
  bool overflow;  ///< not representable in TOML (64-bit integers)
};

const std::vector<NumberText>& hostile_numbers() {
  static const std::vector<NumberText> numbers{
      {"-1", -1, true, false},
      {"0", 0, true, false},
      {"nan", std::nan(""), false, false},
      {"inf", kInf, false, false},
      {"-inf", -kInf, false, false},
      {"1e300", 1e300, false, false},
      {"9223372036854775808", 9223372036854775808.0, true, true},  // 2^63
      {"-9223372036854775808", -9223372036854775808.0, true, false},
      {"2147483648", 2147483648.0, true, false},  // 2^31
      {"-0.5", -0.5, false, false},
      {"0.5", 0.5, false, false},
  };
  return numbers;
}

/// Whether `n` in `key` is certainly invalid (else it may be valid).
bool number_is_invalid(const NumericKey& key, const NumberText& n) {
  if (n.overflow) return true;
  if (key.integer && !n.integer_literal) return true;
  if (std::isnan(n.value)) return true;
  if (std::isinf(n.value) && n.value > 0 && std::isinf(key.hi)) return false;  // "> 0" ranges
  const bool above_lo = key.lo_open ? n.value > key.lo : n.value >= key.lo;
  const bool below_hi = key.hi_open ? n.value < key.hi : n.value <= key.hi;
  return !(above_lo && below_hi);
}

struct StringKey {
  const char* section;
  const char* key;
  const char* bad_value;  ///< a well-typed but invalid value
};

const std::vector<StringKey>& string_keys() {
  static const std::vector<StringKey> keys{
      {"[scenario]", "name", nullptr},
      {"[scenario]", "start_date", "1969-12-31"},
      {"[calendar]", "heating_season_start", "\"13-45\""},
      {"[categories.market]", "handler", "\"nobody\""},
      {"[categories.housing_property]", "whistle_departments", "\"housing+nobody\""},
      {"[sources.hotline]", "grid_weight", "\"sideways\""},
      {"[mediation]", "dispute_category", "\"no_such_category\""},
      {"[emergency_teams.cadres]", "duty", "\"sometimes\""},
      {"[emergency.drills.heyuan]", "area", "\"street:nowhere\""},
      {"[mediation.rota.court]", "weekdays", "\"mon+funday\""},
      {"[sources.patrol]", "entry", "\"nowhere\""},
      {"[mediation]", "enabled", nullptr},
      {"[whistle]", "enabled", nullptr},
  };
  return keys;
}

/// Where the mutated text goes: the scenario itself, or a base it includes (in a subdirectory).
void place(Mutant& m, const std::string& text, bool via_include) {
  if (via_include) {
    m.files["scenario.toml"] =
        "# hostile test: the mutant is the included base\ninclude = \"inc/base.toml\"\n";
    m.files["inc/base.toml"] = text;
    m.mutated_file = "inc/base.toml";
    m.names = {"base.toml", "scenario.toml"};
  } else {
    m.files["scenario.toml"] = text;
    m.mutated_file = "scenario.toml";
    m.names = {"scenario.toml"};
  }
}

/// "NAME:LINE:" for each of `lines` (1-based) in the mutated file.
void expect_lines(Mutant& m, std::initializer_list<int> lines) {
  const std::string file = fs::path(m.mutated_file).filename().string();
  for (int line : lines) m.file_lines.push_back(file + ":" + std::to_string(line) + ":");
}

/// The generated mutant number `index` (>= the specials).
Mutant generated_mutant(int index, const std::string& baseline) {
  std::mt19937_64 rng(case_seed(index));
  const auto pick = [&rng](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  std::vector<std::string> lines = split_lines(baseline);
  const bool via_include = pick(3) == 0;
  Mutant m;
  m.run_too = index % 10 == 0;
  const int kinds = 12;
  switch (index % kinds) {
    case 0: {  // binary garbage, the whole file
      static const unsigned char first[] = {0x00, 0xff, 0xfe, 0x80, 0xc0};
      std::string bytes(1 + pick(2048), '\0');
      for (char& c : bytes) c = static_cast<char>(pick(256));
      bytes[0] = static_cast<char>(first[pick(sizeof first)]);
      m.kind = "binary garbage (" + std::to_string(bytes.size()) + " bytes)";
      place(m, bytes, via_include);
      m.invalid = true;
      break;
    }
    case 1: {  // truncated
      const std::size_t at = 1 + pick(baseline.size() - 1);
      m.kind = "truncated at byte " + std::to_string(at) + " of " + std::to_string(baseline.size());
      place(m, baseline.substr(0, at), via_include);
      break;
    }
    case 2: {  // a duplicate key: a key line repeated just below it
      std::vector<int> candidates;
      for (int i = 0; i < static_cast<int>(lines.size()); ++i)
        if (std::regex_search(lines[i], std::regex("^[a-z_]+\\s*=")) &&
            !std::regex_search(lines[i], std::regex("=\\s*\\[\\s*(#.*)?$")))
          candidates.push_back(i);
      const int i = candidates[pick(candidates.size())];
      lines.insert(lines.begin() + i + 1, lines[i]);
      m.kind = "duplicate key line " + std::to_string(i + 2) + " (copy of line " +
               std::to_string(i + 1) + ")";
      place(m, join_lines(lines), via_include);
      m.mutated_line = i + 2;
      m.invalid = true;
      expect_lines(m, {i + 1, i + 2});
      break;
    }
    case 3: {  // a duplicate table header at the end
      std::vector<int> headers;
      for (int i = 0; i < static_cast<int>(lines.size()); ++i)
        if (lines[i].rfind("[", 0) == 0) headers.push_back(i);
      const int i = headers[pick(headers.size())];
      lines.push_back(lines[i].substr(0, lines[i].find(']') + 1));
      const int dup = static_cast<int>(lines.size());
      m.kind = "table " + lines.back() + " defined again on line " + std::to_string(dup);
      place(m, join_lines(lines), via_include);
      m.mutated_line = dup;
      m.invalid = true;
      expect_lines(m, {i + 1, dup});
      break;
    }
    case 4:
    case 5:
    case 6: {  // a number replaced by a hostile one
      const NumericKey& key = numeric_keys()[pick(numeric_keys().size())];
      const NumberText& number = hostile_numbers()[pick(hostile_numbers().size())];
      const int i = find_key(lines, key.section, key.key);
      lines[i] = *key.field ? replace_field(lines[i], key.field, number.text)
                            : replace_value(lines[i], number.text);
      m.kind = std::string("number replaced: ") + key.section + " " + key.key +
               (*key.field ? std::string(".") + key.field : std::string()) + " = " + number.text;
      place(m, join_lines(lines), via_include);
      m.mutated_line = i + 1;
      m.invalid = number_is_invalid(key, number);
      if (m.invalid) expect_lines(m, {i + 1});
      m.run_verdict_unknown = std::string(key.key) == "days";
      break;
    }
    case 7: {  // a string (or array, table, bool, date) where a number belongs
      static const char* const values[] = {"\"12\"", "\"twelve\"", "\"\"",         "[1]",
                                           "true",   "2023-01-01", "{ value = 1 }"};
      const NumericKey& key = numeric_keys()[pick(numeric_keys().size())];
      const char* value = values[pick(std::size(values))];
      const int i = find_key(lines, key.section, key.key);
      lines[i] =
          *key.field ? replace_field(lines[i], key.field, value) : replace_value(lines[i], value);
      m.kind = std::string("wrong type for a number: ") + key.section + " " + key.key +
               (*key.field ? std::string(".") + key.field : std::string()) + " = " + value;
      place(m, join_lines(lines), via_include);
      m.mutated_line = i + 1;
      m.invalid = true;
      expect_lines(m, {i + 1});
      m.run_verdict_unknown = std::string(key.key) == "days";
      break;
    }
    case 8: {  // a number (or other type) where a string/date/bool belongs, or a bad name
      static const char* const values[] = {"7", "-1.5", "nan", "[\"a\"]", "{ a = 1 }", "\"\""};
      const StringKey& key = string_keys()[pick(string_keys().size())];
      const int i = find_key(lines, key.section, key.key);
      std::string value = values[pick(std::size(values))];
      const bool is_bool = std::string(key.key) == "enabled";
      if (value == "\"\"" && !is_bool)
        value = key.bad_value ? key.bad_value : "2023-01-01";  // a well-typed bad value
      lines[i] = replace_value(lines[i], value);
      m.kind = std::string("wrong value for a string, date or bool: ") + key.section + " " +
               key.key + " = " + value;
      place(m, join_lines(lines), via_include);
      m.mutated_line = i + 1;
      m.invalid = true;
      expect_lines(m, {i + 1});
      break;
    }
    case 9: {  // a wrong array: length, all zero, a negative or a string element, mixed dates
      static const char* const sections[] = {
          "[sources.patrol]", "[sources.hotline]", "[sources.citizen]", "[sources.sentiment]",
          "[sources.sensor]", "[sources.walk_in]", "[platform]",        "[calendar]"};
      const std::string section = sections[pick(std::size(sections))];
      const std::string key = section == "[platform]"   ? "operators_by_hour"
                              : section == "[calendar]" ? "holidays"
                                                        : "hour_factors";
      const int open = find_key(lines, section, key);
      int close = closing_bracket(lines, open + 1);
      std::size_t how = section == "[calendar]" ? 5 : pick(section == "[platform]" ? 4 : 5);
      std::string what;
      switch (how) {
        case 0:  // 25 values
          lines.insert(lines.begin() + close, "  1,");
          ++close;
          what = "25 values";
          break;
        case 1:  // 16 values
          lines.erase(lines.begin() + open + 1 + static_cast<long>(pick(3)));
          --close;
          what = "16 values";
          break;
        case 2:  // 2 values on one line
          lines.erase(lines.begin() + open + 1, lines.begin() + close + 1);
          lines[open] = key + " = [1, 2]";
          close = open;
          what = "2 values";
          break;
        case 3:  // a negative element
          lines[open + 1] = std::regex_replace(lines[open + 1], std::regex("[0-9.]+"), "-1",
                                               std::regex_constants::format_first_only);
          what = "a negative element";
          break;
        case 4:  // all zero (hour factors must not all be 0)
          for (int i = open + 1; i < close; ++i)
            lines[i] = std::regex_replace(lines[i].substr(0, lines[i].find('#')),
                                          std::regex("[0-9.]+"), "0");
          what = "all zero";
          break;
        default:  // a number among dates
          lines[open + 1] = std::regex_replace(lines[open + 1], std::regex("2023-01-02"), "5");
          what = "a number among the dates";
          break;
      }
      m.kind = "wrong array: " + section + " " + key + ": " + what;
      place(m, join_lines(lines), via_include);
      m.mutated_line = open + 1;
      m.invalid = true;
      for (int l = open + 1; l <= close + 1; ++l) expect_lines(m, {l});
      break;
    }
    case 10: {  // shares that do not sum to 1
      static const char* const sections[] = {"[sources.patrol]",
                                             "[sources.hotline]",
                                             "[sources.citizen]",
                                             "[sources.sentiment]",
                                             "[sources.sensor]",
                                             "[sources.walk_in]",
                                             "[mediation.dispute_types.neighbour]"};
      const std::string section = sections[pick(std::size(sections))];
      if (section.rfind("[mediation", 0) == 0) {
        const int i = find_key(lines, section, "share");
        lines[i] = replace_value(lines[i], "0.5");
        m.kind = "dispute type shares sum to 1.3: " + section + " share = 0.5";
        place(m, join_lines(lines), via_include);
        m.mutated_line = i + 1;
        m.invalid = true;  // a sum over several tables: no line required
      } else {
        const int i = find_key(lines, section, "category_shares");
        std::smatch match;
        std::regex_search(lines[i], match, std::regex("= ([0-9.]+)"));
        const double share = std::stod(match[1]);
        const bool unknown_name = pick(2) == 0;
        lines[i] = unknown_name ? std::regex_replace(lines[i], std::regex("\\{ "),
                                                     "{ no_such_category = 0.0, ",
                                                     std::regex_constants::format_first_only)
                                : lines[i].substr(0, static_cast<std::size_t>(match.position(1))) +
                                      std::to_string(share + 0.25) +
                                      lines[i].substr(static_cast<std::size_t>(match.position(1) +
                                                                               match.length(1)));
        m.kind =
            section + " category_shares: " +
            (unknown_name ? std::string("an unknown category") : "first share + 0.25 (sum 1.25)");
        place(m, join_lines(lines), via_include);
        m.mutated_line = i + 1;
        m.invalid = true;
        expect_lines(m, {i + 1});
      }
      break;
    }
    default: {  // a line of garbage bytes, or a NUL byte inserted in a line
      const int i = static_cast<int>(pick(lines.size()));
      if (pick(2) == 0) {
        std::string bytes(1 + pick(200), '\0');
        for (char& c : bytes) {
          c = static_cast<char>(pick(256));
          if (c == '\n') c = '\x01';
        }
        bytes[0] = '\xff';
        lines[i] = bytes;
        m.kind = "line " + std::to_string(i + 1) + " replaced by garbage";
      } else {
        lines[i].insert(pick(lines[i].size() + 1), 1, '\0');
        m.kind = "a NUL byte inserted in line " + std::to_string(i + 1);
      }
      place(m, join_lines(lines), via_include);
      m.mutated_line = i + 1;
      m.invalid = true;
      expect_lines(m, {i + 1});
      break;
    }
  }
  if (via_include) m.kind += " [in the included inc/base.toml]";
  return m;
}

/// The fixed hostile inputs: files that are not files, and includes that go wrong.
std::vector<Mutant> special_mutants(const std::string& baseline) {
  std::vector<Mutant> all;
  const auto with_include = [&](const std::string& kind, const std::string& target) {
    Mutant m;
    m.kind = kind;
    m.files["scenario.toml"] = "include = \"" + target + "\"\n" + baseline;
    m.mutated_file = "scenario.toml";
    m.mutated_line = 1;
    m.invalid = true;
    m.names = {target};
    m.file_lines = {"scenario.toml:1:"};
    return m;
  };
  {
    Mutant m;
    m.kind = "empty scenario file";
    m.files["scenario.toml"] = "";
    m.mutated_file = "scenario.toml";
    m.invalid = true;
    m.names = {"scenario.toml"};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "empty included base";
    m.files["scenario.toml"] = "include = \"inc/base.toml\"\n";
    m.files["inc/base.toml"] = "";
    m.mutated_file = "inc/base.toml";
    m.invalid = true;
    m.names = {"scenario.toml", "base.toml"};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "the scenario path is a directory";
    m.dirs = {"scenario.toml"};
    m.invalid = true;
    m.names = {"scenario.toml"};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "the scenario path is /dev/null";
    m.scenario_arg = "/dev/null";
    m.outside = {"/dev/null"};
    m.invalid = true;
    m.names = {"/dev/null"};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "the scenario path is a FIFO (no writer: opening it blocks)";
    m.fifos = {"scenario.toml"};
    m.invalid = true;
    m.names = {"scenario.toml"};
    all.push_back(m);
  }
  all.push_back(with_include("include of a missing file", "missing.toml"));
  all.push_back(with_include("include of a file in a missing directory", "nope/base.toml"));
  {
    Mutant m = with_include("include of a directory", "incdir");
    m.dirs = {"incdir"};
    all.push_back(m);
  }
  {
    Mutant m = with_include("include of /dev/zero (endless)", "/dev/zero");
    m.outside = {"/dev/zero"};
    all.push_back(m);
  }
  {
    // An empty base merged under the whole baseline could be read as valid: 0 or 2.
    Mutant m = with_include("include of /dev/null", "/dev/null");
    m.outside = {"/dev/null"};
    m.invalid = false;
    all.push_back(m);
  }
  {
    Mutant m = with_include("include of a FIFO (no writer: opening it blocks)", "inc.fifo");
    m.fifos = {"inc.fifo"};
    all.push_back(m);
  }
  {
    Mutant m = with_include("include of a symlink loop", "loop.toml");
    m.symlinks = {{"loop.toml", "loop.toml"}};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "cyclic include: scenario.toml includes b.toml includes scenario.toml";
    m.files["scenario.toml"] = "include = \"b.toml\"\n" + baseline;
    m.files["b.toml"] = "include = \"scenario.toml\"\n[scenario]\nname = \"b\"\n";
    m.mutated_file = "b.toml";
    m.mutated_line = 1;
    m.invalid = true;
    m.names = {"scenario.toml", "b.toml"};
    m.file_lines = {"scenario.toml:1:", "b.toml:1:"};
    all.push_back(m);
  }
  {
    Mutant m = with_include("a scenario that includes itself", "scenario.toml");
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "cyclic include through a subdirectory: inc/a.toml includes ../scenario.toml";
    m.files["scenario.toml"] = "include = \"inc/a.toml\"\n" + baseline;
    m.files["inc/a.toml"] = "include = \"../scenario.toml\"\n";
    m.mutated_file = "inc/a.toml";
    m.mutated_line = 1;
    m.invalid = true;
    m.names = {"scenario.toml", "a.toml"};
    m.file_lines = {"scenario.toml:1:", "a.toml:1:"};
    all.push_back(m);
  }
  {
    Mutant m = with_include("include of a garbage file", "inc/base.toml");
    m.files["inc/base.toml"] = std::string("\xff\xfe\x00\x01garbage\x00", 12);
    m.files["scenario.toml"] = "include = \"inc/base.toml\"\n";
    m.names = {"base.toml"};
    m.file_lines.clear();
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "100000 nested arrays on line 1";
    m.files["scenario.toml"] =
        "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n" + baseline;
    m.mutated_file = "scenario.toml";
    m.mutated_line = 1;
    m.invalid = true;
    m.names = {"scenario.toml"};
    m.file_lines = {"scenario.toml:1:"};
    all.push_back(m);
  }
  {
    Mutant m;
    m.kind = "100000 nested inline tables on line 1";
    std::string nested;
    for (int i = 0; i < 100000; ++i) nested += "{a=";
    nested += "1" + std::string(100000, '}');
    m.files["scenario.toml"] = "x = " + nested + "\n" + baseline;
    m.mutated_file = "scenario.toml";
    m.mutated_line = 1;
    m.invalid = true;
    m.names = {"scenario.toml"};
    m.file_lines = {"scenario.toml:1:"};
    all.push_back(m);
  }
  for (Mutant& m : all) m.run_too = true;
  return all;
}

// ---------------------------------------------------------------------------------------------
// Running one mutant

/// "case N (seed S): KIND; mutated FILE starts with ...; line L: ..." for failure messages.
std::string describe_mutant(int index, const Mutant& m) {
  std::ostringstream text;
  text << "case " << index << " of " << kCases << " (seed 0x" << std::hex << case_seed(index)
       << std::dec << "): " << m.kind;
  if (!m.mutated_file.empty()) {
    const auto found = m.files.find(m.mutated_file);
    if (found != m.files.end()) {
      text << "\n  mutated input: " << m.mutated_file << ", starts with "
           << printable(found->second, 60);
      if (m.mutated_line > 0) {
        const auto lines = split_lines(found->second);
        if (m.mutated_line <= static_cast<int>(lines.size()))
          text << "\n  mutated line " << m.mutated_line << ": "
               << printable(lines[static_cast<std::size_t>(m.mutated_line - 1)], 160);
      }
    }
  }
  text << "\n  verdict expected from check: "
       << (m.valid ? std::string("valid (exit 0)")
           : m.invalid
               ? "invalid (exit 2" + (m.file_lines.empty()
                                          ? std::string(")")
                                          : ", naming one of " + join(m.file_lines, " ") + ")")
               : std::string("valid or invalid (exit 0 or 2)"));
  return text.str();
}

/// Checks on the message of an exit 2: it names the file (and line).
std::vector<std::string> message_problems(const Mutant& m, const Outcome& o, bool need_line) {
  std::vector<std::string> found;
  if (!o.exited() || o.exit_code != 2) return found;
  const bool named = std::any_of(m.names.begin(), m.names.end(), [&](const std::string& n) {
    return o.err.find(n) != std::string::npos;
  });
  if (!named) found.push_back("the message names none of: " + join(m.names, ", "));
  if (need_line && !m.file_lines.empty() &&
      std::none_of(m.file_lines.begin(), m.file_lines.end(),
                   [&](const std::string& fl) { return o.err.find(fl) != std::string::npos; }))
    found.push_back("the message has no FILE:LINE of the mutation; expected one of: " +
                    join(m.file_lines, " "));
  return found;
}

void run_mutant(Workspace& ws, int index, const Mutant& m) {
  char name[32];
  std::snprintf(name, sizeof name, "case%03d", index);
  Case c(ws, name);
  for (const std::string& d : m.dirs) fs::create_directories(c.path(d));
  for (const auto& [rel, bytes] : m.files) {
    fs::create_directories(c.path(rel).parent_path());
    write_file(c.path(rel), bytes);
  }
  for (const std::string& f : m.fifos) ASSERT_EQ(mkfifo(c.path(f).c_str(), 0644), 0) << f;
  for (const auto& [link, target] : m.symlinks) fs::create_symlink(target, c.path(link));
  c.guard_all();
  for (const std::string& p : m.outside) c.guard(p);

  const std::set<int> codes = m.invalid ? std::set<int>{2}
                              : m.valid ? std::set<int>{0}
                                        : std::set<int>{0, 2};
  std::vector<std::string> failures;

  const Outcome check = c.run({"check", m.scenario_arg}, kCheckTimeout);
  std::vector<std::string> found = c.problems(check, codes);
  for (const std::string& p : message_problems(m, check, m.invalid)) found.push_back(p);
  if (!found.empty()) failures.push_back(check.describe() + bullet_list(found));

  if (m.run_too) {
    const std::set<int> run_codes = m.invalid && !m.run_verdict_unknown ? std::set<int>{2}
                                    : m.valid                           ? std::set<int>{0}
                                                                        : std::set<int>{0, 2};
    const Outcome run =
        c.run({"run", m.scenario_arg, "--days", "1", "--quiet", "--out", "out.h5"}, kRunTimeout);
    const bool ok = run.exited() && run.exit_code == 0;
    found =
        c.problems(run, run_codes, ok ? std::set<std::string>{"out.h5"} : std::set<std::string>{});
    for (const std::string& p : message_problems(m, run, m.invalid && !m.run_verdict_unknown))
      found.push_back(p);
    if (ok) {
      const std::string bad = c.result_file_problem("out.h5");
      if (!bad.empty()) found.push_back(bad);
    }
    if (!found.empty()) failures.push_back(run.describe() + bullet_list(found));
  }

  if (verbose())
    std::cerr << "[hostile] scenario case " << index << ": " << m.kind << " -> " << check.status()
              << " " << printable(first_line(check.err), 120) << "\n";
  if (failures.empty()) {
    c.discard();
    return;
  }
  ADD_FAILURE() << describe_mutant(index, m) << "\n  " << join(failures, "\n  ");
}

class ScenarioMutants : public ::testing::Test {
 protected:
  void SetUp() override {
    baseline_ = read_file(baseline_scenario());
    ASSERT_GT(baseline_.size(), 1000u);
  }
  /// Runs the cases [from, to): the specials first, then generated mutants.
  void run_cases(const std::string& name, int from, int to) {
    Workspace ws(name);
    const std::vector<Mutant> specials = special_mutants(baseline_);
    for (int i = from; i < to; ++i) {
      const Mutant m = i < static_cast<int>(specials.size()) ? specials[static_cast<std::size_t>(i)]
                                                             : generated_mutant(i, baseline_);
      run_mutant(ws, i, m);
    }
  }
  std::string baseline_;
};

// Control: the unmutated baseline, directly and through an include, is valid and runs.
TEST_F(ScenarioMutants, baseline_controls) {
  Workspace ws("scenario_control");
  Mutant direct;
  direct.kind = "control: the baseline unchanged";
  place(direct, baseline_, false);
  direct.run_too = true;
  direct.valid = true;
  run_mutant(ws, -1, direct);
  Mutant included = direct;
  included.kind = "control: the baseline as an included base";
  included.files.clear();
  place(included, baseline_, true);
  run_mutant(ws, -2, included);
}

TEST_F(ScenarioMutants, special_files_and_includes) {
  run_cases("scenario_special", 0, static_cast<int>(special_mutants(baseline_).size()));
}

TEST_F(ScenarioMutants, generated_first_half) {
  run_cases("scenario_gen1", static_cast<int>(special_mutants(baseline_).size()), kCases / 2);
}

TEST_F(ScenarioMutants, generated_second_half) {
  run_cases("scenario_gen2", kCases / 2, kCases);
}

}  // namespace
