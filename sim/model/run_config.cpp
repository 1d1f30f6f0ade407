// RunConfig construction (routing, shifts, profiles) and the draws keyed by a case's id alone.
#include "gridplan/model/run_config.hpp"

#include <algorithm>

#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;
using kernel::kMinute;

namespace {
kernel::ShiftPattern make_shift(const kernel::Calendar* cal, const ShiftSpec& s) {
  return kernel::ShiftPattern(cal, s.working_start_hour, s.working_hours, s.rest_start_hour,
                              s.rest_hours);
}
}  // namespace

RunConfig::RunConfig(const Scenario& scenario, std::uint64_t replication, bool trace_cases,
                     kernel::LpId first_lp)
    : sc(scenario),
      calendar(scenario.start_date, scenario.holidays, scenario.working_weekends,
               scenario.days + 400),
      district(build_district(scenario)),
      key(scenario.seed, replication),
      trace(trace_cases),
      horizon(scenario.days * kDay),
      latency(scenario.lookahead_minutes * kMinute),
      n_streets(static_cast<int>(scenario.streets.size())),
      n_departments(static_cast<int>(scenario.departments.size())),
      n_offices(n_streets + n_departments),
      worker_shift(make_shift(&calendar, scenario.grid_worker.shift)),
      street_office_shift(make_shift(&calendar, scenario.street_office_hours)),
      mediation_shift(make_shift(&calendar, scenario.mediation.hours)),
      n_communities(district.communities),
      n_centres(district.communities + n_streets + 1),
      months(0),
      lp_base(first_lp) {
  months = month_of(std::max(0.0, horizon - 1.0)) + 1;
  for (int d = 0; d <= sc.days; ++d)
    month_of_day.push_back(std::min(months - 1, month_of(d * kDay)));
  for (const auto& c : sc.categories) {
    CategoryHandlers& h = category_handlers.emplace_back();
    for (const HandlerShare& s : c.handlers) {
      int dept = -1;
      for (int d = 0; d < n_departments; ++d)
        if (sc.departments[d].name == s.handler) dept = d;
      h.departments.push_back(dept);
      h.shares.push_back(s.share);
    }
  }
  for (const auto& d : sc.departments) department_shifts.push_back(make_shift(&calendar, d.hours));
  for (const auto& src : sc.sources) enters_at_platform.push_back(src.entry == "platform");
  const auto& rest = sc.platform.operators_by_hour_rest;
  const bool rest_given = std::any_of(rest.begin(), rest.end(), [](int n) { return n > 0; });
  operators_rest_by_hour = rest_given ? rest : sc.platform.operators_by_hour;
  for (int s = 0; s < n_streets; ++s)
    office_day_hours.push_back(sc.street_office_lead_clock == "working_days"
                                   ? -1.0
                                   : sc.street_office_hours.working_hours);
  for (const auto& d : sc.departments)
    office_day_hours.push_back(d.lead_clock == "working_days" ? -1.0 : d.hours.working_hours);
  for (const auto& src : sc.sources)
    profiles.push_back(build_source_profile(sc, src, calendar, sc.days,
                                            src.found_by_worker ? &sc.grid_worker.shift : nullptr));
}

double RunConfig::lead_end(int office, double t, double working_days) const {
  const double day_hours = office_day_hours[office];
  if (day_hours < 0) return calendar.advance_working_time(t, working_days * kDay);
  return office_shift(office).advance(t, working_days * day_hours * kHour);
}

const std::string& RunConfig::office_name(int office) const {
  return office < n_streets ? sc.streets[office].name : sc.departments[office - n_streets].name;
}

int RunConfig::office_for(int category, int grid, std::uint64_t id) const {
  const CategoryHandlers& h = category_handlers[category];
  // A stream of its own: a shared category leaves every other draw of the case as it was.
  const int pick =
      h.departments.size() < 2
          ? 0
          : pick_index(h.shares, kernel::to_unit_open(key.block(kCaseHandler, id, 0)[0]));
  const int d = h.departments[pick];
  return d < 0 ? street_of_grid(grid) : n_streets + d;
}

std::array<double, 4> RunConfig::case_uniforms(std::uint32_t purpose, const CaseRecord& c,
                                               std::uint64_t index) const {
  const auto b = key.block(purpose, c.id, index);
  return {kernel::to_unit_open(b[0]), kernel::to_unit_open(b[1]), kernel::to_unit_open(b[2]),
          kernel::to_unit_open(b[3])};
}

std::array<double, 4> RunConfig::attribute_uniforms(std::uint64_t id) const {
  const auto b = key.block(kCaseAttributes, id, 0);
  return {kernel::to_unit_open(b[0]), kernel::to_unit_open(b[1]), kernel::to_unit_open(b[2]),
          kernel::to_unit_open(b[3])};
}

CaseDraw RunConfig::draw_case(int source, const std::array<double, 4>& u, double t,
                              int street) const {
  const SourceSpec& src = sc.sources[source];
  const int day = kernel::Calendar::day_of(t);
  const SourceProfile& prof = profiles[source];
  const bool season = day < static_cast<int>(prof.in_season.size()) && prof.in_season[day];
  CaseDraw d;
  d.category = pick_index(season ? prof.shares_in : prof.shares_out, u[0]);
  if (street >= 0) {
    d.grid = district.street_first_grid[street] + district.street_activity_alias[street].pick(u[1]);
  } else {
    const AliasTable& w = src.grid_weight == "households" ? district.district_household_alias
                                                          : district.district_activity_alias;
    d.grid = w.pick(u[1]);
  }
  return d;
}

kernel::RandomStream RunConfig::arrival_stream(int source, kernel::LpId lp) const {
  return kernel::RandomStream(key, kArrivals, (static_cast<std::uint64_t>(source) << 16) | lp);
}

double RunConfig::patrol_share(int street) const {
  return district.street_activity[street] / static_cast<double>(district.grids.size());
}

int RunConfig::month_of(double t) const {
  const Date d = calendar.date_of_day(kernel::Calendar::day_of(t));
  return (d.year - sc.start_date.year) * 12 + d.month - sc.start_date.month;
}

}  // namespace gridplan::model
