// Staffing targets as a planner writes them, and the statistics a plan is judged by: the
// constraint values of a run and their one-sided bounds over replications.
#include <cmath>
#include <regex>
#include <stdexcept>

#include "gridplan/experiment/statistics.hpp"
#include "gridplan/model/kpi.hpp"
#include "staffing_internal.hpp"

namespace gridplan::experiment {

namespace {

const char* const kExamples =
    " (e.g. \"filing_wait_p95 <= 10min each hour\", \"on_time_rate >= 0.90 each office\", "
    "\"dispute_days_mean <= 15\")";

// The unit a whole-run metric is in: "hours", "days", "1" or another KPI unit.
std::string whole_run_unit(const std::string& metric) {
  for (const auto& k : model::kpi_catalogue())
    if (metric == k.name) return k.unit;
  return "";
}

// `value` with `suffix` in `unit` ("hours" or "days"); plain numbers are already in it.
double in_unit(double value, const std::string& suffix, const std::string& unit,
               const std::string& text) {
  if (suffix.empty()) return value;
  double hours = 0;
  if (suffix == "s")
    hours = value / 3600;
  else if (suffix == "min")
    hours = value / 60;
  else if (suffix == "h")
    hours = value;
  else if (suffix == "d" || suffix == "days")
    hours = value * 24;
  else if (suffix == "%" && unit == "1")
    return value / 100;
  else
    throw std::invalid_argument("target \"" + text + "\": unknown unit '" + suffix +
                                "' (s, min, h, d, or % for a rate)");
  if (unit == "hours") return hours;
  if (unit == "days") return hours / 24;
  throw std::invalid_argument("target \"" + text + "\": a time (" + suffix + ") for a metric in " +
                              unit);
}

}  // namespace

StaffingTarget parse_staffing_target(const std::string& text) {
  static const std::regex form(
      R"(^\s*([a-z][a-z0-9_]*)\s*(<=|>=|<|>)\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z%]*)\s*(?:each\s+(hour|office))?\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, form))
    throw std::invalid_argument("target \"" + text + "\": expected METRIC <= VALUE [each hour|" +
                                "each office]" + kExamples);
  StaffingTarget t;
  t.text = text;
  t.metric = m[1];
  t.at_most = m[2].str()[0] == '<';
  const std::string scope = m[5];
  t.scope = scope == "hour"     ? StaffingTarget::Scope::kEachHour
            : scope == "office" ? StaffingTarget::Scope::kEachOffice
                                : StaffingTarget::Scope::kWhole;
  const bool filing = t.metric == "filing_wait_mean" || t.metric == "filing_wait_p95" ||
                      t.metric == "filing_wait_p99";
  std::string unit;
  switch (t.scope) {
    case StaffingTarget::Scope::kEachHour:
      if (!filing)
        throw std::invalid_argument("target \"" + text + "\": each hour takes filing_wait_mean, " +
                                    "filing_wait_p95 or filing_wait_p99");
      unit = "hours";
      break;
    case StaffingTarget::Scope::kEachOffice:
      if (t.metric == "on_time_rate" || t.metric == "util")
        unit = "1";
      else if (t.metric == "staff_wait_mean")
        unit = "hours";
      else
        throw std::invalid_argument("target \"" + text + "\": each office takes on_time_rate, " +
                                    "util or staff_wait_mean");
      break;
    case StaffingTarget::Scope::kWhole:
      if (t.metric == "filing_wait_p95") t.metric = "triage_wait_hours_p95";
      if (t.metric == "filing_wait_mean") t.metric = "triage_wait_hours_mean";
      unit = whole_run_unit(t.metric);
      if (unit.empty())
        throw std::invalid_argument("target \"" + text + "\": '" + t.metric +
                                    "' is not a KPI (gridplan show FILE lists them)" + kExamples);
      break;
  }
  t.value = in_unit(std::stod(m[3]), m[4], unit, text);
  return t;
}

namespace staffing {

ConstraintValue judge(const std::string& name, const std::vector<double>& values,
                      const StaffingTarget& target, double confidence) {
  RunningStats s;
  for (double v : values)
    if (!std::isnan(v)) s.add(v);
  ConstraintValue c{name, s.mean(), s.mean(), false};
  if (s.count() == 0) {
    c.meets = true;  // no case in this hour: nothing to serve
    return c;
  }
  // One value (an hour with cases in a single replication): no spread to bound it by.
  const double half = s.count() > 1 ? one_sided_half_width(s.stddev(), s.count(), confidence) : 0;
  c.bound = target.at_most ? c.mean + half : c.mean - half;
  c.meets = target.at_most ? c.bound <= target.value : c.bound >= target.value;
  return c;
}

std::vector<std::pair<std::string, double>> constraint_values(const RunOutput& out,
                                                              const StaffingTarget& target) {
  std::vector<std::pair<std::string, double>> v;
  for (const auto& t : out.tables) {
    if (target.scope == StaffingTarget::Scope::kWhole && t.name == "kpi") {
      v.emplace_back("whole run", t.column(target.metric).f64.at(0));
    } else if (target.scope == StaffingTarget::Scope::kEachOffice && t.name == "departments") {
      const std::string column =
          target.metric == "staff_wait_mean" ? "wait_hours_mean" : target.metric;
      const auto& name = t.column("name").str;
      const auto& kind = t.column("kind").str;
      const auto& value = t.column(column).f64;
      for (std::size_t i = 0; i < t.rows(); ++i)
        v.emplace_back((kind[i] == "street_office" ? "street:" : "department:") + name[i],
                       value[i]);
    }
  }
  return v;
}

std::vector<ConstraintValue> judge_runs(const std::vector<RunOutput>& outs,
                                        const StaffingTarget& target, double confidence) {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;
  for (const RunOutput& out : outs) {
    const auto v = constraint_values(out, target);
    if (names.empty()) {
      for (const auto& [n, x] : v) names.push_back(n);
      values.resize(v.size());
    }
    for (std::size_t i = 0; i < v.size(); ++i) values[i].push_back(v[i].second);
  }
  std::vector<ConstraintValue> c;
  for (std::size_t i = 0; i < names.size(); ++i)
    c.push_back(judge(names[i], values[i], target, confidence));
  return c;
}

}  // namespace staffing
}  // namespace gridplan::experiment
