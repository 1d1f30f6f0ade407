// `gridplan staff`: the staffing with the fewest staff-hours that meets a service target with a
// stated confidence (docs/experiments.md, "Staffing"). Operators by hour of day are sized by the
// iterative staffing algorithm on a replay of their queue, then trimmed one staff-hour at a time;
// offices, mediators and the grid workers' shift by marginal allocation over whole-model runs.
// Every plan is confirmed with fresh replications of the whole model.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/io/recorded_log.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// A target as a planner says it: "filing_wait_p95 <= 10min each hour",
/// "on_time_rate >= 0.90 each office", "dispute_days_mean <= 15".
struct StaffingTarget {
  enum class Scope { kWhole, kEachHour, kEachOffice };
  std::string metric;   ///< filing_wait_mean|p95|p99 (hours), an office metric, or a KPI
  bool at_most = true;  ///< "<=" (else ">=")
  double value = 0;     ///< in the metric's unit (hours for times, days for *_days_*)
  Scope scope = Scope::kWhole;
  std::string text;  ///< as written
};

/// Parses a target; throws std::invalid_argument naming what is wrong, with an example.
StaffingTarget parse_staffing_target(const std::string& text);

/// What to search.
struct StaffQuery {
  std::string scenario_path;
  std::vector<std::string> sets;  ///< --set overrides
  /// "operators", "offices", "office:NAME", "mediators" or "shift".
  std::string pool;
  StaffingTarget target;
  int replications = 10;          ///< replications the search uses (0 .. R-1)
  int confirm_replications = 20;  ///< fresh replications confirming the plan (R .. R+C-1)
  /// First replication used (tests check a plan on other fresh ones).
  int first_replication = 0;
  double confidence = 0.95;  ///< of the one-sided bound each constraint must meet
  int threads = 0;           ///< 0: all cores
  /// Operators only: a single square-root-staffing pass (Erlang C hour by hour on the measured
  /// load) instead of the iterative algorithm and the local search, for comparison.
  bool single_pass = false;
  /// Only judge the scenario's own staffing, on the confirmation's replications (R .. R+C-1).
  bool check_only = false;
  /// Replay this event log in every run (read once for the scenario: plans change staff only,
  /// never what a log row means). With its bootstrap, replication r resamples the log's days.
  std::shared_ptr<const io::RecordedLog> replay;
  /// Called with each line of progress.
  std::function<void(const std::string&)> progress;
  /// Polled between runs: true stops the search (the answer is then incomplete).
  std::function<bool()> stop;
};

/// One constraint of a plan: an hour, an office or the whole run.
struct ConstraintValue {
  std::string name;  ///< "working 08-09", "street:xigu", "whole run"
  double mean = 0;   ///< over the replications
  double bound = 0;  ///< one-sided confidence bound in the direction of the target
  bool meets = false;
};

/// One plan tried.
struct PlanTried {
  int id = 0;
  std::string phase;       ///< "scenario", "isa", "trim", "add", "confirm", ...
  std::vector<int> staff;  ///< by knob
  double staff_hours = 0;  ///< over the horizon
  int replications = 0;
  bool whole_model = true;  ///< false: judged on the replayed operators' queue
  std::vector<ConstraintValue> constraints;
  bool meets() const;
  const ConstraintValue* worst(bool at_most) const;  ///< least margin (or most violated)
};

/// The answer.
struct StaffAnswer {
  bool found = false;
  std::vector<std::string> knobs;      ///< what each staff entry is ("working 08-09", ...)
  std::vector<int> scenario_staff;     ///< the scenario's own, by knob
  std::vector<double> hours_per_unit;  ///< staff-hours over the horizon of one unit of a knob
  std::vector<PlanTried> plans;        ///< every plan tried, in order
  int chosen = -1;                     ///< index in plans of the confirmed plan
  int runs = 0;                        ///< whole-model runs used
  double wall_seconds = 0;
  int days = 0;  ///< the horizon
  /// Working and rest days in the horizon (operators' staff-hours per day of each type).
  int working_days = 0, rest_days = 0;
  std::string plan_toml;  ///< the chosen plan's keys, as TOML tables
  /// Knobs whose constraint more staff did not move (lead times, not staff, hold them back):
  /// left at their staff, and the target not met there.
  std::vector<std::string> beyond_staff;
  std::string scenario_name;

  const PlanTried& plan() const { return plans.at(static_cast<std::size_t>(chosen)); }
  double scenario_staff_hours() const;
  /// "staffing" (plans), "staffing/constraints" and "staffing/plan" for HDF5.
  std::vector<kernel::Table> tables(const StaffQuery& query) const;
  /// A scenario that includes `include_path` (the searched scenario, relative to where the text
  /// will be written) and sets the chosen plan: run it, or include it.
  std::string fragment(const StaffQuery& query, const std::string& include_path) const;
};

/// Runs the search. Throws io::ScenarioError for a bad scenario and std::invalid_argument for an
/// unknown pool or office, or a target the pool cannot be sized for (with what it can).
StaffAnswer search_staffing(const StaffQuery& query);

}  // namespace gridplan::experiment
