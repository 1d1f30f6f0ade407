// The parameters of case sources and of the first steps of a case: [sources.*], [grid_worker]
// and [platform].
#include <algorithm>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

std::string found_on_patrol_needs_worker(const model::Scenario& sc, std::size_t entry) {
  const model::SourceSpec& s = sc.sources.at(entry);
  if (!s.found_by_worker || s.entry == "grid_worker") return "";
  return "a case found by the grid worker starts at the grid worker: needs entry = \"grid_worker\"";
}

std::string some_hour_produces(const model::Scenario& sc, std::size_t entry) {
  const auto& factors = sc.sources.at(entry).hour_factors;
  if (std::any_of(factors.begin(), factors.end(), [](double f) { return f != 0; })) return "";
  return "all 24 factors are 0: the source would never produce a case (set per_year = 0 instead)";
}

std::string patrol_within_shift(const model::Scenario& sc, std::size_t) {
  const model::GridWorkerSpec& g = sc.grid_worker;
  if (!(g.patrol_hours > g.shift.working_hours)) return "";
  return "must be <= grid_worker.shift working_hours (" + format_number(g.shift.working_hours) +
         "), got " + format_number(g.patrol_hours);
}

}  // namespace

std::vector<Parameter> source_parameters() {
  using T = Type;
  const auto source = [](auto member) { return at(M(Scenario, sources), each, member); };
  const auto worker = [](auto member) { return at(M(Scenario, grid_worker), member); };
  const auto platform = [](auto member) { return at(M(Scenario, platform), member); };
  return {
      {.key = "sources.*.per_year",
       .type = T::kFloat,
       .unit = "cases/year",
       .min = ge(0),
       .max = le(1e8),
       .required = true,
       .help = "expected cases in 365 days; at most 100 million (84 times Hongqiao's 1.19 "
               "million): a year of it needs 2 to 20 GB, see `gridplan check`",
       .constraint = "run sum <= 1e9",
       .field = bind(source(M(SourceSpec, per_year)))},
      {.key = "sources.*.entry",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = R"("grid_worker")",
       .required = true,
       .help = "where a case enters: the grid worker sees it first (patrol), or an operator "
               "files it at the platform on arrival, at any hour, and sends it to the grid "
               "worker (a case the grid settles) or to its office",
       .choices = {"grid_worker", "platform"},
       .field = bind(source(M(SourceSpec, entry)))},
      {.key = "sources.*.found_by_worker",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: found by the grid worker on patrol (needs entry = \"grid_worker\")",
       .field = bind(source(M(SourceSpec, found_by_worker))),
       .rule = found_on_patrol_needs_worker},
      {.key = "sources.*.grid_weight",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = R"("activity")",
       .required = true,
       .help = "how cases spread over grids: by grid activity or by households",
       .choices = {"activity", "households"},
       .field = bind(source(M(SourceSpec, grid_weight)))},
      {.key = "sources.*.working_day_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .default_toml = "1.0",
       .required = true,
       .help = "relative rate on working days (only ratios matter: a year has per_year cases); "
               "at most 1e6 keeps the normalising sums finite",
       .field = bind(source(M(SourceSpec, working_day_factor)))},
      {.key = "sources.*.rest_day_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .default_toml = "1.0",
       .required = true,
       .help = "relative rate on rest days; at most 1e6 like working_day_factor",
       .field = bind(source(M(SourceSpec, rest_day_factor)))},
      {.key = "sources.*.hour_factors",
       .type = T::kFloats24,
       .unit = "factor",
       .min = ge(0),
       .max = le(1e6),
       .required = true,
       .help = "relative rate in each hour of the day, 00-01 first; at most 1e6 like "
               "working_day_factor",
       .constraint = "not all 0",
       .field = bind(source(M(SourceSpec, hour_factors))),
       .rule = some_hour_produces},
      {.key = "sources.*.category_shares",
       .type = T::kShares,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .required = true,
       .help = "category name -> share of the source's cases; missing categories get 0",
       .constraint = "sum 1",
       .field = bind(source(M(SourceSpec, category_shares)))},
      {.key = "sources.*.to_mediation",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: walk-in disputes, straight to the community mediation centre",
       .field = bind(source(M(SourceSpec, to_mediation)))},

      {.key = "grid_worker.shift",
       .type = T::kShift,
       .unit = "hours",
       .required = true,
       .help = "duty hours of every grid worker",
       .field = bind(worker(M(GridWorkerSpec, shift)))},
      {.key = "grid_worker.patrol_hours",
       .type = T::kFloat,
       .unit = "hours/day",
       .min = ge(0),
       .max = le(24),
       .default_toml = "1.0",
       .required = true,
       .help = "patrol per working day (busy time)",
       .constraint = "<= shift.working_hours",
       .field = bind(worker(M(GridWorkerSpec, patrol_hours))),
       .rule = patrol_within_shift},
      {.key = "grid_worker.report_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .required = true,
       .help = "time to report a case up to the platform",
       .field = bind(worker(M(GridWorkerSpec, report_minutes)))},
      {.key = "grid_worker.verify_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .required = true,
       .help = "on-site verification of a handled case",
       .field = bind(worker(M(GridWorkerSpec, verify_minutes)))},
      {.key = "grid_worker.p_verification_fail",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = lt(1),
       .default_toml = "0.02",
       .required = true,
       .help = "probability a check fails and the case goes back to its handler",
       .field = bind(worker(M(GridWorkerSpec, p_verification_fail)))},

      {.key = "platform.operators_by_hour",
       .type = T::kInts24,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .required = true,
       .help = "seat operators on duty in each hour of the day, 00-01 first; at most 100,000 like "
               "office_staff",
       .field = bind(platform(M(PlatformSpec, operators_by_hour)))},
      {.key = "platform.operators_by_hour_rest",
       .type = T::kInts24,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
       .help = "seat operators on duty in each hour of a rest day (weekend or holiday); left out "
               "or all zero: as on working days",
       .field = bind(platform(M(PlatformSpec, operators_by_hour_rest)))},
      {.key = "platform.file_minutes",
       .type = T::kDistribution,
       .unit = "minutes",
       .required = true,
       .help = "filing and dispatch time per case",
       .field = bind(platform(M(PlatformSpec, file_minutes)))},
      {.key = "platform.service_target_minutes",
       .type = T::kFloat,
       .unit = "minutes",
       .min = gt(0),
       .max = le(525600),
       .default_toml = "10.0",
       .help = "target for a case's wait for a seat operator: /service/hourly's "
               "share_within_target counts the waits at most this long",
       .field = bind(platform(M(PlatformSpec, service_target_minutes)))},
  };
}

#undef M

}  // namespace gridplan::io::schema
