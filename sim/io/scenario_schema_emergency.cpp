// The parameters of emergency door-to-door screening: the "1+3+4+N" team groups
// [emergency_teams.*], [emergency] and its drills [emergency.drills.*].
#include <algorithm>
#include <cstdlib>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

/// "street:heyuan+community:12+grid:305": the affected streets, communities and grids.
std::string drill_area(const Value& value, const model::Scenario& sc,
                       std::vector<std::string>& streets, std::vector<int>& communities,
                       std::vector<int>& grids) {
  const std::string& area = std::get<std::string>(value);
  int community_count = 0, grid_count = 0;
  for (const model::StreetSpec& s : sc.streets) {
    community_count += s.communities;
    grid_count += s.basic_grids;
  }
  streets.clear();
  communities.clear();
  grids.clear();
  std::size_t from = 0;
  while (from <= area.size()) {
    const std::size_t plus = std::min(area.find('+', from), area.size());
    const std::string item = area.substr(from, plus - from);
    const std::size_t colon = item.find(':');
    const std::string kind = item.substr(0, colon),
                      what = colon == std::string::npos ? "" : item.substr(colon + 1);
    const auto bad = [&](const std::string& why) { return "\"" + item + "\": " + why; };
    const auto index = [&](int limit, std::vector<int>& out) -> std::string {
      char* end = nullptr;
      const long v = std::strtol(what.c_str(), &end, 10);
      if (what.empty() || *end || v < 0 || v >= limit)
        return bad("expected an index from 0 to " + std::to_string(limit - 1));
      out.push_back(static_cast<int>(v));
      return "";
    };
    std::string why;
    if (kind == "street") {
      std::vector<std::string> names;
      for (const model::StreetSpec& st : sc.streets) names.push_back(st.name);
      if (std::find(names.begin(), names.end(), what) == names.end()) {
        const auto near = nearest(what, names);
        return bad("unknown street" + (near ? " (did you mean 'street:" + *near + "'?)" : ""));
      }
      streets.push_back(what);
    } else if (kind == "community") {
      why = index(community_count, communities);
    } else if (kind == "grid") {
      why = index(grid_count, grids);
    } else {
      why = bad("expected street:<name>, community:<index> or grid:<index>");
    }
    if (!why.empty()) return why;
    from = plus + 1;
  }
  return "";
}

}  // namespace

std::vector<Parameter> emergency_parameters() {
  using T = Type;
  const auto team = [](auto member) { return at(M(Scenario, teams), each, member); };
  const auto drill = [](auto member) { return at(M(Scenario, emergencies), each, member); };
  return {
      {.key = "emergency_teams.*.per_grid",
       .type = T::kFloat,
       .unit = "persons",
       .min = ge(0),
       .max = le(1000),
       .default_toml = "0.0",
       .help = "people of this group per basic grid of the area; at most 1,000: every person is "
               "simulated (mobilisation, walks, each knock)",
       .field = bind(team(M(TeamGroupSpec, per_grid)))},
      {.key = "emergency_teams.*.per_community",
       .type = T::kFloat,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "0.0",
       .help = "people per community, spread over its grids; at most 100,000: every person is "
               "simulated",
       .field = bind(team(M(TeamGroupSpec, per_community)))},
      {.key = "emergency_teams.*.duty",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = "\"none\"",
       .help = "when they count as on duty for mobilisation",
       .choices = {"grid_worker", "office", "none"},
       .field = bind(team(M(TeamGroupSpec, duty)))},
      {.key = "emergency_teams.*.delay_on_duty_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 10.0 }",
       .help = "mobilisation delay when on duty",
       .field = bind(team(M(TeamGroupSpec, delay_on_duty_minutes)))},
      {.key = "emergency_teams.*.delay_day_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 30.0 }",
       .help = "mobilisation delay off duty in the daytime",
       .field = bind(team(M(TeamGroupSpec, delay_day_minutes)))},
      {.key = "emergency_teams.*.delay_night_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 60.0 }",
       .help = "mobilisation delay off duty at night",
       .field = bind(team(M(TeamGroupSpec, delay_night_minutes)))},
      {.key = "emergency_teams.*.distance_m",
       .type = T::kDistribution,
       .unit = "metres",
       .default_toml = "{ dist = \"fixed\", value = 500.0 }",
       .help = "distance to walk to their grid once mobilised",
       .field = bind(team(M(TeamGroupSpec, distance_m)))},
      {.key = "emergency_teams.*.walk_speed_m_per_min",
       .type = T::kFloat,
       .unit = "m/min",
       .min = gt(0),
       .default_toml = "70.0",
       .help = "walking speed",
       .field = bind(team(M(TeamGroupSpec, walk_speed_m_per_min)))},
      {.key = "emergency.night_start_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "22.0",
       .help = "night begins (mobilisation delays)",
       .field = bind(at(M(Scenario, night_start_hour)))},
      {.key = "emergency.night_end_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "6.0",
       .help = "night ends",
       .field = bind(at(M(Scenario, night_end_hour)))},
      {.key = "emergency.drills.*.date",
       .type = T::kDate,
       .unit = "date",
       .default_toml = "2023-01-01",
       .required = true,
       .help = "day of the drill (outside the run's days it does not happen: `check` warns)",
       .field = bind(drill(M(EmergencySpec, date)))},
      {.key = "emergency.drills.*.start_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "10.0",
       .required = true,
       .help = "hour the emergency is declared",
       .field = bind(drill(M(EmergencySpec, start_hour)))},
      {.key = "emergency.drills.*.area",
       .type = T::kString,
       .unit = "-",
       .required = true,
       .help = "affected area, e.g. \"street:heyuan\" or \"community:12+grid:305\"",
       .constraint = "street:<name>|community:<index>|grid:<index> joined by +",
       .field = bind_with(drill_area, drill(M(EmergencySpec, streets)),
                          drill(M(EmergencySpec, communities)), drill(M(EmergencySpec, grids)))},
      {.key = "emergency.drills.*.visit_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 5.0 }",
       .required = true,
       .help = "time per household visit, walking between doors included",
       .field = bind(drill(M(EmergencySpec, visit_minutes)))},
      {.key = "emergency.drills.*.p_not_home",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.3",
       .required = true,
       .help = "a knock finds nobody at home",
       .field = bind(drill(M(EmergencySpec, p_not_home)))},
      {.key = "emergency.drills.*.revisit_after_minutes",
       .type = T::kFloat,
       .unit = "minutes",
       .min = ge(0),
       .default_toml = "30.0",
       .help = "a household not at home may be tried again after this",
       .field = bind(drill(M(EmergencySpec, revisit_after_minutes)))},
      {.key = "emergency.drills.*.max_attempts",
       .type = T::kInt,
       .unit = "knocks",
       .min = ge(1),
       .max = le(100),
       .default_toml = "3",
       .help = "knocks before falling back to a phone call; at most 100 (each knock is an event)",
       .field = bind(drill(M(EmergencySpec, max_attempts)))},
      {.key = "emergency.drills.*.phone_success",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.8",
       .help = "the phone or WeChat fallback reaches the household",
       .field = bind(drill(M(EmergencySpec, phone_success)))},
      {.key = "emergency.drills.*.pause_routine",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "grid workers of the area leave routine cases",
       .field = bind(drill(M(EmergencySpec, pause_routine)))},
      {.key = "emergency.drills.*.pause_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = ge(0),
       .max = le(8784),
       .default_toml = "3.0",
       .help = "how long routine work pauses; at most a leap year (8,784 h): the pause is sent as "
               "whole minutes in 32 bits",
       .field = bind(drill(M(EmergencySpec, pause_hours)))},
      {.key = "emergency.drills.*.target_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = gt(0),
       .max = le(168),
       .default_toml = "3.0",
       .help = "the coverage target's time (\"within three hours\"); at most a week: the coverage "
               "curve has a row per minute and grid up to at least this time",
       .field = bind(drill(M(EmergencySpec, target_hours)))},
  };
}

#undef M

}  // namespace gridplan::io::schema
