// World construction (routing, shifts, profiles) and the two moments every case passes through
// in the same way whoever holds it: creation and closing.
#include "gridplan/model/world.hpp"

#include <cmath>

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

World::World(const Scenario& scenario, std::uint64_t replication, bool trace_cases)
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
      months(0) {
  months = month_of(std::max(0.0, horizon - 1.0)) + 1;
  for (const auto& c : sc.categories) {
    int dept = -1;
    for (int d = 0; d < n_departments; ++d)
      if (sc.departments[d].name == c.handler) dept = d;
    category_department.push_back(dept);
  }
  for (const auto& d : sc.departments) department_shifts.push_back(make_shift(&calendar, d.hours));
  for (const auto& src : sc.sources)
    profiles.push_back(build_source_profile(sc, src, calendar, sc.days,
                                            src.found_by_worker ? &sc.grid_worker.shift : nullptr));
  const int grids = static_cast<int>(district.grids.size());
  for (int lp = 0; lp < n_lps(); ++lp) {
    stats.emplace_back(sc.days, grids, n_offices, static_cast<int>(sc.sources.size()), n_streets);
    stats.back().size_mediation(n_centres, months, static_cast<int>(sc.mediation.types.size()));
  }
}

std::array<double, 4> World::case_uniforms(std::uint32_t purpose, const CaseRecord& c,
                                           std::uint64_t index) const {
  const auto b = key.block(purpose, c.id, index);
  return {kernel::to_unit_open(b[0]), kernel::to_unit_open(b[1]), kernel::to_unit_open(b[2]),
          kernel::to_unit_open(b[3])};
}

std::array<double, 4> World::attribute_uniforms(std::uint64_t id) const {
  const auto b = key.block(kCaseAttributes, id, 0);
  return {kernel::to_unit_open(b[0]), kernel::to_unit_open(b[1]), kernel::to_unit_open(b[2]),
          kernel::to_unit_open(b[3])};
}

CaseDraw World::draw_case(int source, std::uint64_t id, double t, int street) const {
  return draw_case(source, attribute_uniforms(id), t, street);
}

CaseDraw World::draw_case(int source, const std::array<double, 4>& u, double t, int street) const {
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

kernel::RandomStream World::arrival_stream(int source, kernel::LpId lp) const {
  return kernel::RandomStream(key, kArrivals, (static_cast<std::uint64_t>(source) << 16) | lp);
}

double World::patrol_share(int street) const {
  return district.street_activity[street] / static_cast<double>(district.grids.size());
}

std::uint32_t World::create_case(kernel::Context& ctx, int source, std::uint64_t serial,
                                 int street) {
  const std::uint64_t id = case_id(ctx.self(), serial);
  const auto u = attribute_uniforms(id);
  const CaseDraw d = draw_case(source, u, ctx.now(), street);
  return open_case(ctx, source, id, u, d.category, d.grid, office_for(d.category, d.grid));
}

std::uint32_t World::create_case(kernel::Context& ctx, int source, std::uint64_t serial,
                                 int category, int grid, int department) {
  const std::uint64_t id = case_id(ctx.self(), serial);
  const int office = department == kCategoryHandler ? office_for(category, grid)
                     : department == kStreetOffice  ? street_of_grid(grid)
                                                    : n_streets + department;
  return open_case(ctx, source, id, attribute_uniforms(id), category, grid, office);
}

std::uint32_t World::open_case(kernel::Context& ctx, int source, std::uint64_t id,
                               const std::array<double, 4>& u, int category, int grid, int office) {
  const std::uint32_t slot = cases.allocate();
  CaseRecord& c = cases[slot];
  c.id = id;
  c.source = static_cast<std::uint8_t>(source);
  c.t_report = ctx.now();
  c.category = static_cast<std::int16_t>(category);
  c.grid = grid;
  // u[0] and u[1] chose category and grid (draw_case) unless they were recorded.
  c.settle_in_grid =
      sc.sources[source].via_grid_worker && u[2] < sc.categories[category].settle_in_grid;
  c.office = static_cast<std::int16_t>(office);
  c.multi_department = u[3] < sc.categories[category].multi_department_share;

  LpStats& st = stats[ctx.self()];
  ++st.arrived;
  ++st.arrived_by_source[source];
  ++st.grid_arrived[c.grid];
  ++st.arrivals_by_hour[static_cast<std::size_t>(ctx.now() / kHour)];
  ++st.arrivals_by_day[clamp_day(ctx.now(), sc.days)];
  return slot;
}

namespace {
CaseRow row_of(const CaseRecord& c) {
  return CaseRow{c.id,       c.grid,     c.category,   c.office,   c.source,   c.reopen,
                 c.t_report, c.t_triage, c.t_dispatch, c.t_settle, c.t_verify, c.t_close};
}
}  // namespace

void World::close_case(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = cases[slot];
  const double now = ctx.now();
  c.t_close = now;
  LpStats& st = stats[ctx.self()];
  ++st.closed;
  ++st.grid_closed[c.grid];
  ++st.closed_by_hour[static_cast<std::size_t>(now / kHour)];
  ++st.closed_by_day[clamp_day(now, sc.days)];
  st.close_hours.push_back(static_cast<float>((now - c.t_report) / kHour));
  if (!std::isnan(c.t_dispatch) && c.office >= 0) {
    ++st.closed_dispatched;
    ++st.office_closed[c.office];
    if (now <= c.deadline) {
      ++st.closed_on_time;
      ++st.office_on_time[c.office];
    } else {
      st.overdue_close_hours.push_back(static_cast<float>((now - c.t_report) / kHour));
      ++st.overdue_change_by_day[clamp_day(c.deadline, sc.days)];
      --st.overdue_change_by_day[clamp_day(now, sc.days)];
    }
  }
  if (trace) st.trace.push_back(row_of(c));
  if (c.whistle) record_whistle(st, c, true);
  cases.release(slot);
}

std::vector<int> World::whistle_offices(const CaseRecord& c) const {
  const auto& names = sc.categories[c.category].whistle_departments;
  if (names.empty()) return {c.office};
  std::vector<int> out;
  for (const auto& n : names) {
    int office = street_of_grid(c.grid);
    for (int d = 0; d < n_departments; ++d)
      if (sc.departments[d].name == n) office = n_streets + d;
    out.push_back(office);
  }
  return out;
}

double World::whistle_fail_probability(int office) const {
  return office < n_streets ? sc.whistle.street_office_fail_probability
                            : sc.departments[office - n_streets].whistle_fail_probability;
}

void World::send_to_verify(kernel::Context& ctx, std::uint32_t slot, double done) {
  CaseRecord& c = cases[slot];
  c.stage = Stage::kInLeadTime;
  ctx.send(street_lp(street_of_grid(c.grid)), done - ctx.now() + latency, kToVerify, c.gen,
           slot_tag(slot, c.id));
}

int World::month_of(double t) const {
  const Date d = calendar.date_of_day(kernel::Calendar::day_of(t));
  return (d.year - sc.start_date.year) * 12 + d.month - sc.start_date.month;
}

void World::record_whistle(LpStats& st, const CaseRecord& c, bool closed) {
  std::string names;
  for (int o : whistle_offices(c)) {
    const std::string n = o < n_streets ? sc.streets[o].name : sc.departments[o - n_streets].name;
    names += (names.empty() ? "" : "+") + n;
  }
  st.whistles.push_back(WhistleRow{c.id, street_of_grid(c.grid), c.whistle_rule, names, c.t_whistle,
                                   c.t_whistle_report, c.t_whistle_settle, c.t_second_whistle,
                                   closed ? c.t_close : kNotYet});
  if (closed) {
    ++st.whistles_settled;
    if (!std::isnan(c.t_whistle_settle)) {
      st.whistle_settle_seconds += c.t_whistle_settle - c.t_whistle;
      ++st.whistle_settle_count;
    }
  }
}

void World::record_open_cases() {
  // Open cases are tallied by the platform's stats slot: they belong to no LP's events any more.
  LpStats& st = stats[platform_lp()];
  cases.for_each_live([&](const CaseRecord& c) {
    if (!std::isnan(c.t_dispatch) && c.office >= 0 && c.deadline < horizon)
      ++st.overdue_change_by_day[clamp_day(c.deadline, sc.days)];
    if (trace) st.trace.push_back(row_of(c));
    if (c.whistle) record_whistle(st, c, false);
  });
}

}  // namespace gridplan::model
