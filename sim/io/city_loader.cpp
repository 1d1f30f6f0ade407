// load_city: the city file's own keys checked one by one (file:line errors), each district
// loaded as a district scenario with its `set` list, the city's seed + its index and the
// city's horizon.
#include "city_loader.hpp"

#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>

#include "gridplan/model/city.hpp"
#include "scenario_loader_internal.hpp"

namespace gridplan::io {

namespace {

namespace fs = std::filesystem;
using Kind = TomlValue::Kind;

/// Reads one table's keys, refusing unknown ones and values of the wrong type or range.
class Keys {
 public:
  Keys(const TomlValue& table, std::string file, std::string prefix)
      : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(const TomlValue& at, const std::string& key,
                         const std::string& why) const {
    throw ScenarioError(file_ + ":" + std::to_string(at.line) + ": " + prefix_ + key + ": " + why);
  }
  const TomlValue* find(const std::string& key) {
    seen_.insert(key);
    for (const TomlValue& v : table_.children)
      if (v.key == key) return &v;
    return nullptr;
  }
  const TomlValue& need(const std::string& key) {
    const TomlValue* v = find(key);
    if (!v) fail(table_, key, "required, missing");
    return *v;
  }
  std::string text(const std::string& key, const std::string& fallback, bool required = false) {
    const TomlValue* v = required ? &need(key) : find(key);
    if (!v) return fallback;
    if (v->kind != Kind::kString || v->string_value.empty())
      fail(*v, key, "must be a non-empty string, got " + v->text);
    return v->string_value;
  }
  double number(const std::string& key, double fallback, double lo, double hi,
                bool required = false) {
    const TomlValue* v = required ? &need(key) : find(key);
    if (!v) return fallback;
    return number_of(*v, key, lo, hi);
  }
  double number_of(const TomlValue& v, const std::string& key, double lo, double hi) const {
    double x = 0;
    if (v.kind == Kind::kInteger)
      x = static_cast<double>(v.integer_value);
    else if (v.kind == Kind::kFloat)
      x = std::stod(v.text);
    else
      fail(v, key, "must be a number, got " + v.text);
    if (!(x >= lo && x <= hi))
      fail(v, key, "must be in [" + compact(lo) + ", " + compact(hi) + "], got " + v.text);
    return x;
  }
  std::int64_t integer(const std::string& key, std::int64_t lo, std::int64_t hi, bool required,
                       std::int64_t fallback) {
    const TomlValue* v = required ? &need(key) : find(key);
    if (!v) return fallback;
    if (v->kind != Kind::kInteger) fail(*v, key, "must be an integer, got " + v->text);
    if (v->integer_value < lo || v->integer_value > hi)
      fail(*v, key,
           "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v->text);
    return v->integer_value;
  }
  /// Every key of the table must have been asked for.
  void refuse_unknown() const {
    for (const TomlValue& v : table_.children)
      if (!seen_.count(v.key)) fail(v, v.key, "unknown key" + known());
  }

 private:
  static std::string compact(double x) {
    std::ostringstream out;
    out << x;
    return out.str();
  }
  std::string known() const {
    std::string out = " (this table takes ";
    bool first = true;
    for (const std::string& k : seen_) out += (first ? "" : ", ") + k, first = false;
    return out + ")";
  }
  const TomlValue& table_;
  std::string file_, prefix_;
  std::set<std::string> seen_;
};

const TomlValue* child(const TomlValue& table, const std::string& key) {
  for (const TomlValue& v : table.children)
    if (v.key == key) return &v;
  return nullptr;
}

/// The city's own overrides: --seed and --days (scenario.seed, scenario.days) only.
void apply_city_overrides(const std::vector<std::string>& overrides, std::uint64_t& seed, int& days,
                          bool& days_set) {
  for (const std::string& o : overrides) {
    const std::size_t eq = o.find('=');
    const std::string key = o.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : o.substr(eq + 1);
    if (const std::size_t mark = value.find(" # "); mark != std::string::npos) value.resize(mark);
    if (key != "scenario.seed" && key != "scenario.days")
      throw ScenarioError("--set " + key +
                          ": a city file takes only scenario.seed and scenario.days (--seed, "
                          "--days); set a district's keys in its `set` list");
    std::size_t used = 0;
    long long x = -1;
    try {
      x = std::stoll(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    const long long hi = key == "scenario.days" ? 3660 : 9007199254740991LL;
    if (used != value.size() || value.empty() || x < (key == "scenario.days" ? 1 : 0) || x > hi)
      throw ScenarioError("--set " + key + ": must be an integer in [" +
                          (key == "scenario.days" ? "1, 3660" : "0, 2^53-1") + "], got " + value);
    if (key == "scenario.seed") {
      seed = static_cast<std::uint64_t>(x);
    } else {
      days = static_cast<int>(x);
      days_set = true;
    }
  }
}

}  // namespace

bool is_city_text(const std::string& text, const std::string& origin) {
  if (text.find("[city]") == std::string::npos) return false;
  const TomlValue root = read_toml(text, origin);
  const TomlValue* city = child(root, "city");
  return city && city->kind == Kind::kTable;
}

model::Scenario load_city(const std::string& text, const std::string& path,
                          const std::vector<std::string>& overrides, ScenarioWarnings* warnings) {
  const TomlValue root = read_toml(text, path);
  fs::path base_dir = fs::path(path).parent_path();
  if (base_dir.empty()) base_dir = ".";
  Keys top(root, path, "");
  top.find("city");
  top.find("hotline_centre");
  top.find("districts");
  top.refuse_unknown();

  auto city = std::make_shared<model::City>();
  model::Scenario sc;
  Keys c(*child(root, "city"), path, "city.");
  sc.name = c.text("name", "", true);
  sc.seed = static_cast<std::uint64_t>(c.integer("seed", 0, 9007199254740991LL, true, 0));
  int days = static_cast<int>(c.integer("days", 1, 3660, false, 0));
  bool days_set = days > 0;
  c.refuse_unknown();
  apply_city_overrides(overrides, sc.seed, days, days_set);

  model::HotlineCentreSpec& centre = city->centre;
  const TomlValue* centre_table = child(root, "hotline_centre");
  std::optional<Keys> h;
  if (centre_table) {
    if (centre_table->kind != Kind::kTable)
      top.fail(*centre_table, "hotline_centre", "must be a table");
    h.emplace(*centre_table, path, "hotline_centre.");
    const TomlValue* on = h->find("enabled");
    if (on && on->kind != Kind::kBoolean) h->fail(*on, "enabled", "must be true or false");
    centre.enabled = on ? on->boolean_value : true;
    centre.source = h->text("source", "hotline");
    centre.calls.per_year = h->number("calls_per_year", 0, 0, 1e9, centre.enabled);
    centre.closed_at_centre = h->number("closed_at_centre", 0, 0, 1);
    centre.transfer_min_minutes = h->number("transfer_min_minutes", 15, 1, 1440);
    centre.transfer_extra_mean_minutes = h->number("transfer_extra_mean_minutes", 25, 0, 10080);
  }

  const TomlValue* list = child(root, "districts");
  if (!list || list->kind != Kind::kArray || list->children.empty())
    top.fail(list ? *list : root, "districts",
             "a city needs [[districts]] tables, one per district (name, scenario)");
  std::set<std::string> names;
  double share_sum = 0;
  for (std::size_t d = 0; d < list->children.size(); ++d) {
    const TomlValue& entry = list->children[d];
    const std::string at = "districts[" + std::to_string(d) + "].";
    if (entry.kind != Kind::kTable) top.fail(entry, "districts", "each entry must be a table");
    Keys k(entry, path, at);
    model::CityDistrict& district = city->districts.emplace_back();
    district.name = k.text("name", "", true);
    if (!names.insert(district.name).second)
      k.fail(entry, "name", "\"" + district.name + "\" names two districts");
    const TomlValue& file = k.need("scenario");
    if (file.kind != Kind::kString) k.fail(file, "scenario", "must be a path, got " + file.text);
    const double share = k.number("hotline_share", -1, 0, 1, centre.enabled);
    share_sum += std::max(share, 0.0);
    centre.district_shares.push_back(std::max(share, 0.0));
    std::vector<std::string> sets;
    if (const TomlValue* s = k.find("set")) {
      if (s->kind != Kind::kArray) k.fail(*s, "set", "must be an array of \"key=value\" strings");
      for (const TomlValue& item : s->children) {
        if (item.kind != Kind::kString) k.fail(*s, "set", "must hold strings, got " + item.text);
        sets.push_back(item.string_value);
      }
    }
    k.refuse_unknown();
    // A district draws from its own seed: the city's plus its index (run it alone with that
    // seed to reproduce it).
    sets.push_back("scenario.seed=" + std::to_string(sc.seed + d));
    if (days_set) sets.push_back("scenario.days=" + std::to_string(days));
    const std::string district_path = (base_dir / file.string_value).string();
    std::string district_text, error;
    if (!loader::read_file(district_path, district_text, error)) k.fail(file, "scenario", error);
    if (is_city_text(district_text, district_path))
      k.fail(file, "scenario",
             district_path + " is a city: a district must be a district scenario");
    try {
      district.scenario = load_scenario(district_path, sets, warnings);
    } catch (const ScenarioError& e) {
      k.fail(entry, "set", std::string("district ") + district.name + ": " + e.what());
    }
    const model::Scenario& first = city->districts.front().scenario;
    const model::Scenario& own = district.scenario;
    if (own.start_date.year != first.start_date.year ||
        own.start_date.month != first.start_date.month ||
        own.start_date.day != first.start_date.day || own.days != first.days)
      k.fail(entry, "scenario",
             "district " + district.name + " starts or ends on other days than district " +
                 city->districts.front().name +
                 ": a city's districts share start_date and days (set city.days)");
    if (centre.enabled) {
      const model::SourceSpec* taken = nullptr;
      for (const model::SourceSpec& s : own.sources)
        if (s.name == centre.source) taken = &s;
      if (!taken)
        k.fail(entry, "scenario",
               "district " + district.name + " has no source \"" + centre.source +
                   "\" for the hotline centre to take over (hotline_centre.source)");
      if (taken->found_by_worker || taken->entry != "platform")
        k.fail(entry, "scenario",
               "district " + district.name + "'s source \"" + centre.source +
                   "\" is not one that enters at the platform: the centre transfers calls to "
                   "platforms (hotline_centre.source)");
    }
    sc.included_files.push_back(district_path);
    for (const std::string& f : own.included_files) sc.included_files.push_back(f);
    if (!own.register_file.empty()) sc.included_files.push_back(own.register_file);
  }
  if (centre.enabled && std::abs(share_sum - 1.0) > 1e-6)
    top.fail(*list, "districts",
             "the districts' hotline_share must add up to 1, they add up to " +
                 std::to_string(share_sum));

  if (centre.enabled)
    // The centre's transfers are the districts' calls of that source: their expected number
    // stands in its per_year, for `check`'s loads and the run's estimate (no generator reads it).
    for (std::size_t d = 0; d < city->districts.size(); ++d)
      for (model::SourceSpec& s : city->districts[d].scenario.sources)
        if (s.name == centre.source)
          s.per_year =
              centre.calls.per_year * (1 - centre.closed_at_centre) * centre.district_shares[d];
  const model::Scenario& first = city->districts.front().scenario;
  if (h) {
    // The city's calls take the first district's hotline source as their shape; the centre's
    // table may change its day and hour factors.
    for (const model::SourceSpec& s : first.sources)
      if (s.name == centre.source) {
        const double per_year = centre.calls.per_year;
        centre.calls = s;
        centre.calls.per_year = per_year;
      }
    centre.calls.working_day_factor =
        h->number("working_day_factor", centre.calls.working_day_factor, 0, 100);
    centre.calls.rest_day_factor =
        h->number("rest_day_factor", centre.calls.rest_day_factor, 0, 100);
    if (const TomlValue* hours = h->find("hour_factors")) {
      if (hours->kind != Kind::kArray || hours->children.size() != 24)
        h->fail(*hours, "hour_factors", "must be an array of 24 numbers, one per hour");
      for (int i = 0; i < 24; ++i)
        centre.calls.hour_factors[i] = h->number_of(hours->children[i], "hour_factors", 0, 1000);
    }
    h->refuse_unknown();
  }
  sc.start_date = first.start_date;
  sc.days = first.days;
  sc.holidays = first.holidays;
  sc.working_weekends = first.working_weekends;
  sc.lookahead_minutes = first.lookahead_minutes;
  sc.source_text = text;
  if (!sc.source_text.empty() && sc.source_text.back() != '\n') sc.source_text += '\n';
  for (const model::CityDistrict& d : city->districts)
    sc.source_text += "# ---- district " + d.name + " ----\n" + d.scenario.source_text;
  sc.city = std::move(city);
  return sc;
}

}  // namespace gridplan::io
