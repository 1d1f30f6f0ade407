// The parameters of the run as a whole: include, [scenario], [calendar] and [structure].
#include <algorithm>
#include <cmath>
#include <tuple>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

// The calendar counts days from 1970 and applies today's weekday rules; 2200 leaves the longest
// horizon (ten years) inside four-digit years.
const kernel::Date kFirstStartDate{1970, 1, 1}, kLastStartDate{2200, 12, 31};

std::string start_date_in_calendar(const model::Scenario& sc, std::size_t) {
  const long start = sc.start_date.to_days();
  if (start >= kFirstStartDate.to_days() && start <= kLastStartDate.to_days()) return "";
  return "must be in " + kFirstStartDate.to_string() + ".." + kLastStartDate.to_string() +
         " (the calendar counts days from 1970 and applies today's weekday rules), got " +
         sc.start_date.to_string();
}

std::string no_working_holiday(const model::Scenario& sc, std::size_t) {
  for (const kernel::Date& d : sc.working_weekends)
    if (std::find(sc.holidays.begin(), sc.holidays.end(), d) != sc.holidays.end())
      return d.to_string() + " is also in calendar.holidays";
  return "";
}

// A declared total catches a street left out or a figure mistyped: the streets must add up to it.
std::string declared_grids_match(const model::Scenario& sc, std::size_t) {
  long grids = 0;
  for (const model::StreetSpec& st : sc.streets) grids += st.basic_grids;
  if (sc.declared_basic_grids == 0 || grids == sc.declared_basic_grids) return "";
  return "declares " + std::to_string(sc.declared_basic_grids) +
         " basic grids, but the streets' basic_grids sum to " + std::to_string(grids);
}

std::string declared_households_match(const model::Scenario& sc, std::size_t) {
  double households = 0;
  for (const model::StreetSpec& st : sc.streets) households += st.households;
  if (sc.declared_households == 0 || std::fabs(households - sc.declared_households) <= 0.5)
    return "";
  return "declares " + format_number(sc.declared_households) +
         " households, but the streets' households sum to " + format_number(households);
}

/// "MM-DD", read as {month, day}, into two fields.
std::string month_and_day(const Value& value, const model::Scenario&, int& month, int& day) {
  std::tie(month, day) = std::get<std::pair<int, int>>(value);
  return "";
}

/// The register's path, and the rows its reading fills (after the streets are read).
Field register_rows(Field field) {
  for (const auto& member :
       {M(Scenario, register_grids).name, M(Scenario, register_file).name, M(RegisterGrid, id).name,
        M(RegisterGrid, street).name, M(RegisterGrid, community).name,
        M(RegisterGrid, community_grid).name, M(RegisterGrid, households).name,
        M(RegisterGrid, activity).name, M(RegisterGrid, x).name, M(RegisterGrid, y).name})
    field.members.push_back(member);
  return field;
}

}  // namespace

std::vector<Parameter> run_parameters() {
  using T = Type;
  return {
      {.key = "include",
       .type = T::kString,
       .unit = "path",
       .default_toml = R"("")",
       .help = "base scenario loaded first (relative to this file); this file's keys override it",
       .settable = false,
       // A city file's districts are included files too (sim/io/city_loader.cpp fills city).
       .field =
           members_only(M(Scenario, source_text), M(Scenario, included_files), M(Scenario, city))},

      {.key = "drop",
       .type = T::kString,
       .unit = "keys",
       .default_toml = "[]",
       .help = "with include: what of the included files to leave out before this file's keys, "
               "an array of keys, e.g. [\"streets.heyuan\", \"emergency.drills\"] (an entry, "
               "or a whole section to write anew)",
       .constraint = "array of keys",
       .settable = false,
       .field = members_only(M(Scenario, source_text))},

      {.key = "scenario.name",
       .type = T::kString,
       .unit = "-",
       .required = true,
       .help = "run name, stored with the results",
       .field = bind(at(M(Scenario, name)))},
      {.key = "scenario.start_date",
       .type = T::kDate,
       .unit = "date",
       .default_toml = "2023-01-01",
       .required = true,
       .help = "first simulated day (00:00 local time); 1970-2200: the calendar counts days from "
               "1970 and applies today's weekday rules",
       .constraint = "1970-01-01..2200-12-31",
       .field = bind(at(M(Scenario, start_date))),
       .rule = start_date_in_calendar},
      {.key = "scenario.days",
       .type = T::kInt,
       .unit = "days",
       .min = ge(1),
       .max = le(3660),
       .default_toml = "365",
       .required = true,
       .help = "simulated horizon; at most ten years (per-day tallies are sized by it)",
       .field = bind(at(M(Scenario, days)))},
      {.key = "scenario.seed",
       .type = T::kInt,
       .unit = "-",
       .min = ge(0),
       .default_toml = "1",
       .required = true,
       .help = "master random seed",
       .field = bind(at(M(Scenario, seed)))},
      {.key = "scenario.lookahead_minutes",
       .type = T::kFloat,
       .unit = "minutes",
       .min = gt(0),
       .max = le(60),
       .default_toml = "1.0",
       .help = "least delay of a message between logical processes (dispatch latency)",
       .field = bind(at(M(Scenario, lookahead_minutes)))},

      {.key = "calendar.holidays",
       .type = T::kDates,
       .unit = "dates",
       .required = true,
       .help = "public holidays: rest days whatever the weekday",
       .field = bind(at(M(Scenario, holidays)))},
      {.key = "calendar.working_weekends",
       .type = T::kDates,
       .unit = "dates",
       .required = true,
       .help = "weekend days worked in exchange for holidays (调休)",
       .constraint = "none in holidays",
       .field = bind(at(M(Scenario, working_weekends))),
       .rule = no_working_holiday},
      {.key = "calendar.heating_season_start",
       .type = T::kMonthDay,
       .unit = "MM-DD",
       .default_toml = R"("11-15")",
       .required = true,
       .help = "first day of the heating season",
       .field = bind_with(month_and_day, at(M(Scenario, heating_start_month)),
                          at(M(Scenario, heating_start_day)))},
      {.key = "calendar.heating_season_end",
       .type = T::kMonthDay,
       .unit = "MM-DD",
       .default_toml = R"("03-15")",
       .required = true,
       .help = "last day of the heating season (inclusive)",
       .field = bind_with(month_and_day, at(M(Scenario, heating_end_month)),
                          at(M(Scenario, heating_end_day)))},

      {.key = "structure.nonresidential_grid_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.25",
       .required = true,
       .help = "share of basic grids with no households",
       .field = bind(at(M(Scenario, nonresidential_grid_share)))},
      {.key = "structure.household_cv",
       .type = T::kFloat,
       .unit = "-",
       .min = ge(0),
       .max = le(3),
       .default_toml = "0.4",
       .required = true,
       .help = "coefficient of variation of households over residential grids",
       .field = bind(at(M(Scenario, household_cv)))},
      {.key = "structure.grid_activity_cv",
       .type = T::kFloat,
       .unit = "-",
       .min = ge(0),
       .max = le(3),
       .default_toml = "0.5",
       .required = true,
       .help = "coefficient of variation of case rates over grids",
       .field = bind(at(M(Scenario, grid_activity_cv)))},
      {.key = "structure.basic_grids",
       .type = T::kInt,
       .unit = "count",
       .min = ge(0),
       .max = le(kMaxDistrictGrids),
       .default_toml = "0",
       .help = "declared district total of basic grids, to catch a street left out or mistyped "
               "(0: not declared)",
       .constraint = "0 or the streets' sum",
       .field = bind(at(M(Scenario, declared_basic_grids))),
       .rule = declared_grids_match},
      {.key = "structure.households",
       .type = T::kFloat,
       .unit = "households",
       .min = ge(0),
       .max = le(1e9),
       .default_toml = "0",
       .help = "declared district total of households (0: not declared)",
       .constraint = "0 or the streets' sum (within 0.5)",
       .field = bind(at(M(Scenario, declared_households))),
       .rule = declared_households_match},
      {.key = "structure.register",
       .type = T::kString,
       .unit = "path",
       .default_toml = R"("")",
       .help = "grid register CSV (relative to this file): the district's grids, communities and "
               "households instead of generated ones; the streets' counts must agree with it",
       .field = register_rows(bind(at(M(Scenario, structure_register))))},
  };
}

#undef M

}  // namespace gridplan::io::schema
