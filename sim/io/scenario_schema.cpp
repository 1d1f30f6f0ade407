// The table of scenario parameters and what is derived from it: the key tree that classifies
// dotted paths, range checks with their messages, typo suggestions and the printed reference.
#include "scenario_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace gridplan::io::schema {

namespace {

constexpr Bound ge(double v) {
  return {v, true};
}
constexpr Bound gt(double v) {
  return {v, false};
}
constexpr Bound le(double v) {
  return {v, true};
}
constexpr Bound lt(double v) {
  return {v, false};
}

std::vector<Parameter> build_parameters() {
  using T = Type;
  return {
      {.key = "include",
       .type = T::kString,
       .unit = "path",
       .default_toml = R"("")",
       .help = "base scenario loaded first (relative to this file); this file's keys override it",
       .settable = false},

      {.key = "scenario.name",
       .type = T::kString,
       .unit = "-",
       .help = "run name, stored with the results"},
      {.key = "scenario.start_date",
       .type = T::kDate,
       .unit = "date",
       .help = "first simulated day (00:00 local time); 1970-2200: the calendar counts days from "
               "1970 and applies today's weekday rules",
       .constraint = "1970-01-01..2200-12-31"},
      {.key = "scenario.days",
       .type = T::kInt,
       .unit = "days",
       .min = ge(1),
       .max = le(3660),
       .help = "simulated horizon; at most ten years (per-day tallies are sized by it)"},
      {.key = "scenario.seed",
       .type = T::kInt,
       .unit = "-",
       .min = ge(0),
       .help = "master random seed"},
      {.key = "scenario.lookahead_minutes",
       .type = T::kFloat,
       .unit = "minutes",
       .min = gt(0),
       .max = le(60),
       .default_toml = "1.0",
       .help = "least delay of a message between logical processes (dispatch latency)"},

      {.key = "calendar.holidays",
       .type = T::kDates,
       .unit = "dates",
       .help = "public holidays: rest days whatever the weekday"},
      {.key = "calendar.working_weekends",
       .type = T::kDates,
       .unit = "dates",
       .help = "weekend days worked in exchange for holidays (调休)"},
      {.key = "calendar.heating_season_start",
       .type = T::kMonthDay,
       .unit = "MM-DD",
       .help = "first day of the heating season"},
      {.key = "calendar.heating_season_end",
       .type = T::kMonthDay,
       .unit = "MM-DD",
       .help = "last day of the heating season (inclusive)"},

      {.key = "structure.nonresidential_grid_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = lt(1),
       .help = "share of basic grids with no households"},
      {.key = "structure.household_cv",
       .type = T::kFloat,
       .unit = "-",
       .min = ge(0),
       .max = le(3),
       .help = "coefficient of variation of households over residential grids"},
      {.key = "structure.grid_activity_cv",
       .type = T::kFloat,
       .unit = "-",
       .min = ge(0),
       .max = le(3),
       .help = "coefficient of variation of case rates over grids"},

      {.key = "streets.*.communities",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(1000),
       .help = "communities (社区) in the street; at most 1,000 (a large street has 30): each is a "
               "mediation centre, numbered in 16 bits district-wide",
       .constraint = "district sum <= 30000"},
      {.key = "streets.*.community_grids",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(20000),
       .help = "community grids (社区级网格); at most 20,000 like basic_grids",
       .constraint = ">= communities"},
      {.key = "streets.*.basic_grids",
       .type = T::kInt,
       .unit = "count",
       .min = ge(1),
       .max = le(20000),
       .help =
           "basic grids (基础网格), one grid worker each; at most 20,000 a street (20 times "
           "Hongqiao's district): each grid is a worker queue and a row of every per-grid tally",
       .constraint = ">= community_grids, district sum <= 1000000"},
      {.key = "streets.*.households",
       .type = T::kFloat,
       .unit = "households",
       .min = ge(0),
       .max = le(1e7),
       .help = "households in the street; at most 10 million: a drill knocks on every door and "
               "counts them per grid in 32 bits"},
      {.key = "streets.*.office_staff",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .help = "street-office staff full-time on cases; at most 100,000 (far beyond any "
               "office; headcounts are 32-bit integers that get added up)"},

      {.key = "street_office.shift",
       .type = T::kShift,
       .unit = "hours",
       .help = "duty hours of every street office"},

      {.key = "departments.*.staff",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .help = "department staff full-time on cases; at most 100,000 (far beyond any "
               "office; headcounts are 32-bit integers that get added up)"},
      {.key = "departments.*.shift",
       .type = T::kShift,
       .unit = "hours",
       .help = "duty hours of the department"},
      {.key = "departments.*.whistle_fail_probability",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.05",
       .help = "a first-whistle result of this department fails on-site verification"},

      {.key = "categories.*.settle_in_grid",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .help = "probability the grid worker settles a case on the spot"},
      {.key = "categories.*.settle_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .help = "grid worker's time to settle a case on the spot"},
      {.key = "categories.*.handler",
       .type = T::kString,
       .unit = "-",
       .help = "who handles a dispatched case: the grid's street office or a department",
       .constraint = "street|<department>"},
      {.key = "categories.*.time_limit_days",
       .type = T::kFloat,
       .unit = "working days",
       .min = gt(0),
       .max = le(3660),
       .help = "handling time limit after dispatch; at most 3,660 (the longest horizon): the "
               "deadline is found by walking the calendar day by day"},
      {.key = "categories.*.staff_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .help = "handler's staff time per case (on-duty hours)"},
      {.key = "categories.*.lead_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .help = "lead time after the staff work (parts, contractors, owners)"},
      {.key = "categories.*.heating_season_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1000),
       .default_toml = "1.0",
       .help = "arrival multiplier of the category inside the heating season; at most 1,000 (a "
               "year still has per_year cases: more only empties the rest of the year)"},
      {.key = "categories.*.multi_department_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.0",
       .help = "share of dispatched cases that need more than one department (a whistle source)"},
      {.key = "categories.*.whistle_departments",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .help = "who comes when a case is whistled, first one leads; empty: the handler",
       .constraint = "a+b+...: street|<department>"},

      {.key = "sources.*.per_year",
       .type = T::kFloat,
       .unit = "cases/year",
       .min = ge(0),
       .max = le(1e8),
       .help = "expected cases in 365 days; at most 100 million (84 times Hongqiao's 1.19 "
               "million): a year of it needs 2 to 20 GB, see `gridplan check`",
       .constraint = "run sum <= 1e9"},
      {.key = "sources.*.via_grid_worker",
       .type = T::kBool,
       .unit = "-",
       .help = "true: the grid worker sees the case first; false: straight to filing"},
      {.key = "sources.*.found_by_worker",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: found by the grid worker on patrol (needs via_grid_worker)"},
      {.key = "sources.*.grid_weight",
       .type = T::kChoice,
       .unit = "-",
       .help = "how cases spread over grids: by grid activity or by households",
       .choices = {"activity", "households"}},
      {.key = "sources.*.working_day_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .help = "relative rate on working days (only ratios matter: a year has per_year cases); "
               "at most 1e6 keeps the normalising sums finite"},
      {.key = "sources.*.rest_day_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .help = "relative rate on rest days; at most 1e6 like working_day_factor"},
      {.key = "sources.*.hour_factors",
       .type = T::kFloats24,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .help = "relative rate in each hour of the day, 00-01 first; at most 1e6 like "
               "working_day_factor",
       .constraint = "not all 0"},
      {.key = "sources.*.to_mediation",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: walk-in disputes, straight to the community mediation centre"},
      {.key = "sources.*.category_shares",
       .type = T::kShares,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .help = "category name -> share of the source's cases; missing categories get 0",
       .constraint = "sum 1"},

      {.key = "grid_worker.shift",
       .type = T::kShift,
       .unit = "hours",
       .help = "duty hours of every grid worker"},
      {.key = "grid_worker.patrol_hours",
       .type = T::kFloat,
       .unit = "hours/day",
       .min = ge(0),
       .max = le(24),
       .help = "patrol per working day (busy time)",
       .constraint = "<= shift.working_hours"},
      {.key = "grid_worker.report_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .help = "time to report a case up to the platform"},
      {.key = "grid_worker.verify_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .help = "on-site verification of a handled case"},
      {.key = "grid_worker.p_verification_fail",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .help = "probability a check fails and the case goes back to its handler"},

      {.key = "platform.operators_by_hour",
       .type = T::kInts24,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .help = "seat operators on duty in each hour of the day, 00-01 first; at most 100,000 like "
               "office_staff"},
      {.key = "platform.file_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .help = "filing and dispatch time per case"},

      {.key = "mediation.enabled",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "run the three-level mediation centres (MODEL.md section 4)"},
      {.key = "mediation.dispute_category",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"dispute\"",
       .help = "the case category that mediation takes",
       .constraint = "<category>"},
      {.key = "mediation.referral_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.25",
       .help = "share of dispatched dispute-category cases referred to mediation"},
      {.key = "mediation.review_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "9.0",
       .help = "hour of the daily review (日研判) that decides outcomes and escalations"},
      {.key = "mediation.weekly_dispatch",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "weekly dispatch (周调度): rebalance waiting disputes between a street's "
               "community centres every Monday at the review hour"},
      {.key = "mediation.hours",
       .type = T::kShift,
       .unit = "hours",
       .default_toml = "{ working_start_hour = 8.5, working_hours = 8, rest_start_hour = 9, "
                       "rest_hours = 0 }",
       .help = "opening hours of every mediation centre"},
      {.key = "mediation.community.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "1",
       .help = "mediators per community centre; at most 100,000 like office_staff"},
      {.key = "mediation.community.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 2.0 }",
       .help = "mediators' time per dispute at a community centre"},
      {.key = "mediation.community.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 5.0 }",
       .help = "from the first session to the outcome at a community centre"},
      {.key = "mediation.community.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .help = "probability a community centre resolves a dispute"},
      {.key = "mediation.street.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "2",
       .help = "general mediators per street centre; at most 100,000 like office_staff"},
      {.key = "mediation.street.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 3.0 }",
       .help = "mediators' time per dispute at a street centre"},
      {.key = "mediation.street.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 7.0 }",
       .help = "from the first session to the outcome at a street centre"},
      {.key = "mediation.street.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .help = "probability a street centre resolves a dispute"},
      {.key = "mediation.district.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "3",
       .help = "mediators at the district centre; at most 100,000 like office_staff"},
      {.key = "mediation.district.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 4.0 }",
       .help = "mediators' time per dispute at the district centre"},
      {.key = "mediation.district.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 10.0 }",
       .help = "from the first session to the outcome at the district centre"},
      {.key = "mediation.district.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.4",
       .help = "probability the district centre resolves a dispute"},
      {.key = "mediation.dispute_types.*.share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .help = "share of disputes of this type",
       .constraint = "sum 1"},
      {.key = "mediation.dispute_types.*.profession",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .help = "profession the street centre needs for it (waits for its rota day)",
       .constraint = "\"\"|<rota entry>"},
      {.key = "mediation.dispute_types.*.resolve_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .default_toml = "1.0",
       .help = "multiplies every level's p_resolve for this type (capped at 1)"},
      {.key = "mediation.dispute_types.*.room",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .help = "specialist room of the street centres that takes it",
       .constraint = "\"\"|<room>"},
      {.key = "mediation.rota.*.weekdays",
       .type = T::kString,
       .unit = "-",
       .help = "days of the week the profession sits at street centres, e.g. \"mon+tue\"",
       .constraint = "mon|tue|wed|thu|fri|sat|sun joined by +"},
      {.key = "mediation.rota.*.on_rest_days",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: present on its weekdays even when they are holidays or rest days"},
      {.key = "mediation.rooms.*.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .help = "mediators of this specialist room at each street centre; at most 100,000 like "
               "office_staff; at most 15 rooms (a centre numbers its pools in 4 bits)"},

      {.key = "emergency_teams.*.per_grid",
       .type = T::kFloat,
       .unit = "persons",
       .min = ge(0),
       .max = le(1000),
       .default_toml = "0.0",
       .help = "people of this group per basic grid of the area; at most 1,000: every person is "
               "simulated (mobilisation, walks, each knock)"},
      {.key = "emergency_teams.*.per_community",
       .type = T::kFloat,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "0.0",
       .help = "people per community, spread over its grids; at most 100,000: every person is "
               "simulated"},
      {.key = "emergency_teams.*.duty",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = "\"none\"",
       .help = "when they count as on duty for mobilisation",
       .choices = {"grid_worker", "office", "none"}},
      {.key = "emergency_teams.*.delay_on_duty_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 10.0 }",
       .help = "mobilisation delay when on duty"},
      {.key = "emergency_teams.*.delay_day_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 30.0 }",
       .help = "mobilisation delay off duty in the daytime"},
      {.key = "emergency_teams.*.delay_night_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .default_toml = "{ dist = \"fixed\", value = 60.0 }",
       .help = "mobilisation delay off duty at night"},
      {.key = "emergency_teams.*.distance_m",
       .type = T::kDistribution,
       .unit = "metres",
       .default_toml = "{ dist = \"fixed\", value = 500.0 }",
       .help = "distance to walk to their grid once mobilised"},
      {.key = "emergency_teams.*.walk_speed_m_per_min",
       .type = T::kFloat,
       .unit = "m/min",
       .min = gt(0),
       .default_toml = "70.0",
       .help = "walking speed"},
      {.key = "emergency.night_start_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "22.0",
       .help = "night begins (mobilisation delays)"},
      {.key = "emergency.night_end_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "6.0",
       .help = "night ends"},
      {.key = "emergency.drills.*.date",
       .type = T::kDate,
       .unit = "date",
       .help = "day of the drill (outside the run's days it does not happen: `check` warns)"},
      {.key = "emergency.drills.*.start_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .help = "hour the emergency is declared"},
      {.key = "emergency.drills.*.area",
       .type = T::kString,
       .unit = "-",
       .help = "affected area, e.g. \"street:heyuan\" or \"community:12+grid:305\"",
       .constraint = "street:<name>|community:<index>|grid:<index> joined by +"},
      {.key = "emergency.drills.*.visit_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .help = "time per household visit, walking between doors included"},
      {.key = "emergency.drills.*.p_not_home",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .help = "a knock finds nobody at home"},
      {.key = "emergency.drills.*.revisit_after_minutes",
       .type = T::kFloat,
       .unit = "minutes",
       .min = ge(0),
       .default_toml = "30.0",
       .help = "a household not at home may be tried again after this"},
      {.key = "emergency.drills.*.max_attempts",
       .type = T::kInt,
       .unit = "knocks",
       .min = ge(1),
       .max = le(100),
       .default_toml = "3",
       .help = "knocks before falling back to a phone call; at most 100 (each knock is an event)"},
      {.key = "emergency.drills.*.phone_success",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.8",
       .help = "the phone or WeChat fallback reaches the household"},
      {.key = "emergency.drills.*.pause_routine",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "grid workers of the area leave routine cases"},
      {.key = "emergency.drills.*.pause_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = ge(0),
       .max = le(8784),
       .default_toml = "3.0",
       .help = "how long routine work pauses; at most a leap year (8,784 h): the pause is sent as "
               "whole minutes in 32 bits"},
      {.key = "emergency.drills.*.target_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = gt(0),
       .max = le(168),
       .default_toml = "3.0",
       .help = "the coverage target's time (\"within three hours\"); at most a week: the coverage "
               "curve has a row per minute and grid up to at least this time"},

      {.key = "whistle.enabled",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "run the two-whistle process (MODEL.md section 3)"},
      {.key = "whistle.overdue_rule",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "whistle a dispatched case overdue by more than first_after_hours"},
      {.key = "whistle.first_after_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = ge(0),
       .default_toml = "240.0",
       .help = "hours past the time limit before the street whistles"},
      {.key = "whistle.repeat_rule",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "whistle when one grid and category produce repeat_count dispatched cases"},
      {.key = "whistle.repeat_count",
       .type = T::kInt,
       .unit = "cases",
       .min = ge(2),
       .max = le(1000),
       .default_toml = "5",
       .help = "dispatched cases of one grid and category that whistle; at most 1,000: their "
               "times are kept per grid and category (8 bytes each)"},
      {.key = "whistle.repeat_window_days",
       .type = T::kFloat,
       .unit = "days",
       .min = gt(0),
       .default_toml = "30.0",
       .help = "window of the repeat rule"},
      {.key = "whistle.multi_department_rule",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "whistle cases that need more than one department"},
      {.key = "whistle.report_within_hours",
       .type = T::kFloat,
       .unit = "hours",
       .min = gt(0),
       .default_toml = "24.0",
       .help = "departments must report (报到) within this"},
      {.key = "whistle.report_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 2.0 }",
       .help = "time from the whistle to a department's report on site"},
      {.key = "whistle.lead_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 1.0 }",
       .help = "lead time of a whistled case after the priority staff work"},
      {.key = "whistle.leaders",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(1),
       .max = le(100000),
       .default_toml = "2",
       .help = "district leaders who take second whistles; at most 100,000 like office_staff"},
      {.key = "whistle.leaders_shift",
       .type = T::kShift,
       .unit = "hours",
       .default_toml = "{ working_start_hour = 8.5, working_hours = 8, rest_start_hour = 9, "
                       "rest_hours = 0 }",
       .help = "duty hours of the district leaders"},
      {.key = "whistle.leaders_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 2.0 }",
       .help = "district leaders' staff time per second whistle"},
      {.key = "whistle.leaders_lead_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 1.0 }",
       .help = "lead time after the leaders' work"},
      {.key = "whistle.leaders_fail_probability",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.01",
       .help = "a second-whistle result fails verification (the leaders step in again)"},
      {.key = "whistle.street_office_fail_probability",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.05",
       .help = "a first-whistle result of a street office fails verification"},
      {.key = "whistle.street_evaluation_weight",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .help = "weight of the streets' evaluation in a department's annual score"},
      {.key = "whistle.score_on_time_weight",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.6",
       .help = "street score: weight of the on-time rate"},
      {.key = "whistle.score_report_weight",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.2",
       .help = "street score: weight of whistle reports made in time"},
      {.key = "whistle.score_verify_weight",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.2",
       .help = "street score: weight of whistle results passing verification"},
  };
}

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

const std::vector<Parameter>& parameters() {
  static const std::vector<Parameter> table = build_parameters();
  return table;
}

const std::vector<EntryLimit>& entry_limits() {
  static const std::vector<EntryLimit> limits = {
      {"streets", 1000, "each street is a logical process and a 16-bit office number"},
      {"departments", 1000, "each department is a logical process and a 16-bit office number"},
      {"categories", 255, "a replayed case carries its category in 8 bits"},
      {"sources", 255, "a case stores its source in 8 bits"},
      {"mediation.dispute_types", 127, "a case stores its dispute type in 8 bits"},
      {"mediation.rooms", 15, "a street centre numbers its mediator pools in 4 bits"},
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
                    p.default_toml.empty() ? "required" : std::string(p.default_toml),
                    std::string(p.help)});
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
      << limits_text() << '\n';
  for (const Row& r : rows)
    out << pad(r.key, w[0] + 2) << pad(r.type, w[1] + 2) << pad(r.unit, w[2] + 2)
        << pad(r.range, w[3] + 2) << pad(r.fallback, w[4] + 2) << r.help << '\n';
  return out.str();
}

}  // namespace gridplan::io::schema
