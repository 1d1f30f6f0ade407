// The parameters of the district's offices and case categories: [streets.*], [street_office],
// [departments.*] and [categories.*].
#include <algorithm>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

std::string community_grids_hold_communities(const model::Scenario& sc, std::size_t entry) {
  const model::StreetSpec& s = sc.streets.at(entry);
  if (s.community_grids >= s.communities) return "";
  return "must be >= communities (" + std::to_string(s.communities) + "), got " +
         std::to_string(s.community_grids);
}

std::string basic_grids_fill_community_grids(const model::Scenario& sc, std::size_t entry) {
  const model::StreetSpec& s = sc.streets.at(entry);
  if (s.basic_grids >= s.community_grids) return "";
  return "must be >= community_grids (" + std::to_string(s.community_grids) + "), got " +
         std::to_string(s.basic_grids);
}

/// "street" and the departments: who may handle a case.
std::vector<std::string> handlers(const model::Scenario& sc) {
  std::vector<std::string> known = {"street"};
  for (const model::DepartmentSpec& d : sc.departments) known.push_back(d.name);
  return known;
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

/// Every handler of the category is "street" or a department.
std::string known_handlers(const model::Scenario& sc, std::size_t entry) {
  const std::vector<std::string> known = handlers(sc);
  for (const model::HandlerShare& h : sc.categories.at(entry).handlers)
    if (std::find(known.begin(), known.end(), h.handler) == known.end())
      return "unknown handler \"" + h.handler + "\": expected \"street\" or a department (" +
             listed(std::vector<std::string>(known.begin() + 1, known.end())) + ")" +
             suggestion(nearest(h.handler, known));
  return "";
}

/// handler = "x": the one-handler form of handlers, x with share 1.
std::string one_handler(const Value& value, const model::Scenario&,
                        std::vector<model::HandlerShare>& out) {
  out = {model::HandlerShare{std::get<std::string>(value), 1.0}};
  return "";
}

/// The handlers' field, and the members of each handler that its reading fills.
Field handler_shares(Field field) {
  field.members.push_back(M(HandlerShare, handler).name);
  field.members.push_back(M(HandlerShare, share).name);
  return field;
}

/// "a+b+c": handlers ("street" or departments) that come when a case is whistled.
std::string whistle_departments(const Value& value, const model::Scenario& sc,
                                std::vector<std::string>& out) {
  const std::string& text = std::get<std::string>(value);
  const std::vector<std::string> known = handlers(sc);
  out.clear();
  std::size_t from = 0;
  while (!text.empty() && from <= text.size()) {
    const std::size_t plus = std::min(text.find('+', from), text.size());
    const std::string name = text.substr(from, plus - from);
    if (std::find(known.begin(), known.end(), name) == known.end())
      return "unknown department \"" + name + "\" in \"" + text + "\"" +
             suggestion(nearest(name, known));
    out.push_back(name);
    from = plus + 1;
  }
  return "";
}

}  // namespace

std::vector<Parameter> district_parameters() {
  using T = Type;
  const auto street = [](auto member) { return at(M(Scenario, streets), each, member); };
  const auto department = [](auto member) { return at(M(Scenario, departments), each, member); };
  const auto category = [](auto member) { return at(M(Scenario, categories), each, member); };
  return {
      {.key = "streets.*.communities",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(1000),
       .required = true,
       .help = "communities (社区) in the street; at most 1,000 (a large street has 30): each is a "
               "mediation centre, numbered in 16 bits district-wide",
       .constraint = "district sum <= 30000",
       .field = bind(street(M(StreetSpec, communities)))},
      {.key = "streets.*.community_grids",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(20000),
       .required = true,
       .help = "community grids (社区级网格); at most 20,000 like basic_grids",
       .constraint = ">= communities",
       .field = bind(street(M(StreetSpec, community_grids))),
       .rule = community_grids_hold_communities},
      {.key = "streets.*.basic_grids",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(20000),
       .required = true,
       .help =
           "basic grids (基础网格), one grid worker each; at most 20,000 a street (20 times "
           "Hongqiao's district): each grid is a worker queue and a row of every per-grid tally",
       .constraint = ">= community_grids, district sum <= 1000000",
       .field = bind(street(M(StreetSpec, basic_grids))),
       .rule = basic_grids_fill_community_grids},
      {.key = "streets.*.households",
       .type = T::kFloat,
       .unit = "households",
       .min = ge(0),
       .max = le(1e7),
       .required = true,
       .help = "households in the street; at most 10 million: a drill knocks on every door and "
               "counts them per grid in 32 bits",
       .field = bind(street(M(StreetSpec, households)))},
      {.key = "streets.*.office_staff",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .required = true,
       .help = "street-office staff full-time on cases; at most 100,000 (far beyond any "
               "office; headcounts are 32-bit integers that get added up)",
       .field = bind(street(M(StreetSpec, office_staff)))},

      {.key = "street_office.shift",
       .type = T::kShift,
       .unit = "hours",
       .required = true,
       .help = "duty hours of every street office",
       .field = bind(at(M(Scenario, street_office_hours)))},
      {.key = "street_office.lead_clock",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = R"("office_hours")",
       .help = "what a working day of lead time counts: the office's duty hours (a result "
               "comes back while the office is open) or 24-hour working days",
       .choices = {"office_hours", "working_days"},
       .field = bind(at(M(Scenario, street_office_lead_clock)))},

      {.key = "departments.*.staff",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .required = true,
       .help = "department staff full-time on cases; at most 100,000 (far beyond any "
               "office; headcounts are 32-bit integers that get added up)",
       .field = bind(department(M(DepartmentSpec, staff)))},
      {.key = "departments.*.shift",
       .type = T::kShift,
       .unit = "hours",
       .required = true,
       .help = "duty hours of the department",
       .field = bind(department(M(DepartmentSpec, hours)))},
      {.key = "departments.*.lead_clock",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = R"("office_hours")",
       .help = "what a working day of lead time counts: the department's duty hours or "
               "24-hour working days",
       .choices = {"office_hours", "working_days"},
       .field = bind(department(M(DepartmentSpec, lead_clock)))},
      {.key = "departments.*.whistle_fail_probability",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.05",
       .help = "a first-whistle result of this department fails on-site verification",
       .field = bind(department(M(DepartmentSpec, whistle_fail_probability)))},

      {.key = "categories.*.settle_in_grid",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .required = true,
       .help = "probability the grid worker settles a case on the spot",
       .field = bind(category(M(CategorySpec, settle_in_grid)))},
      {.key = "categories.*.settle_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .required = true,
       .help = "grid worker's time to settle a case on the spot",
       .field = bind(category(M(CategorySpec, settle_minutes)))},
      {.key = "categories.*.settle_lead_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = R"({ dist = "fixed", value = 0.0 })",
       .help = "after the worker's part, a settle in the grid waits on residents or property "
               "managers (nobody busy); the case closes when it ends",
       .field = bind(category(M(CategorySpec, settle_lead_hours)))},
      {.key = "categories.*.handler",
       .type = T::kString,
       .unit = "-",
       .default_toml = R"("street")",
       .required = true,
       .help = "who handles a dispatched case: the grid's street office or a department (or "
               "give handlers)",
       .constraint = "street|<department>",
       .field = bind_with(one_handler, category(M(CategorySpec, handlers))),
       .rule = known_handlers,
       .instead_of = "handlers"},
      {.key = "categories.*.handlers",
       .type = T::kHandlers,
       .unit = "share",
       .min = gt(0),
       .max = le(1),
       .default_toml = "{ street = 1.0 }",
       .help = "instead of handler: a category shared by several handlers, each case drawn "
               "by the shares (housing/property: housing bureau and street office)",
       .constraint = "sum 1, street|<department>",
       .field = handler_shares(bind(category(M(CategorySpec, handlers)))),
       .rule = known_handlers,
       .instead_of = "handler"},
      {.key = "categories.*.time_limit_days",
       .type = T::kFloat,
       .unit = "working days",
       .min = gt(0),
       .max = le(3660),
       .default_toml = "5.0",
       .required = true,
       .help = "handling time limit after dispatch; at most 3,660 (the longest horizon): the "
               "deadline is found by walking the calendar day by day",
       .field = bind(category(M(CategorySpec, time_limit_days)))},
      {.key = "categories.*.staff_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .required = true,
       .help = "handler's staff time per case (on-duty hours)",
       .field = bind(category(M(CategorySpec, staff_hours)))},
      {.key = "categories.*.lead_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .required = true,
       .help = "lead time after the staff work (parts, contractors, owners)",
       .field = bind(category(M(CategorySpec, lead_working_days)))},
      {.key = "categories.*.heating_season_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1000),
       .default_toml = "1.0",
       .help = "arrival multiplier of the category inside the heating season; at most 1,000 (a "
               "year still has per_year cases: more only empties the rest of the year)",
       .field = bind(category(M(CategorySpec, heating_season_factor)))},
      {.key = "categories.*.multi_department_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.0",
       .help = "share of dispatched cases that need more than one department (a whistle source)",
       .field = bind(category(M(CategorySpec, multi_department_share)))},
      {.key = "categories.*.whistle_departments",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .help = "who comes when a case is whistled, first one leads; empty: the handler",
       .constraint = "a+b+...: street|<department>",
       .field = bind_with(whistle_departments, category(M(CategorySpec, whistle_departments)))},
  };
}

#undef M

}  // namespace gridplan::io::schema
