// What the staffing search's parts share: a pool's knobs, the whole-model replications and the
// one-sided bounds constraints are judged by.
#pragma once

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <functional>
#include <string>
#include <vector>

#include "gridplan/experiment/run.hpp"
#include "gridplan/experiment/staffing.hpp"
#include "gridplan/model/filing_queue.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::experiment::staffing {

/// One number the search may change: a roster hour, an office's staff, a centre's mediators.
struct Knob {
  std::string name;  ///< as reported ("working 08-09", "street:xigu", "community centres")
  int value = 0;     ///< the scenario's
  int min = 0;
  double hours_per_unit = 0;  ///< staff-hours over the horizon of one more unit
};

/// A pool to size: its knobs and how a plan becomes scenario overrides and a TOML fragment.
struct Pool {
  model::Scenario base;
  std::vector<Knob> knobs;
  std::function<std::vector<std::string>(const std::vector<int>&)> sets;
  std::function<std::string(const std::vector<int>&)> fragment;
};

/// Builds the pool the query names. Throws std::invalid_argument for an unknown pool or office.
Pool make_pool(const StaffQuery& query, const model::Scenario& base);

/// The one-sided bound of the mean of `values` at `confidence` in the target's direction (upper
/// for "<=", lower for ">="): mean -/+ t(confidence, n - 1) s / sqrt(n); the mean itself when
/// the values do not vary. NaN values (an hour with no case) are left out.
ConstraintValue judge(const std::string& name, const std::vector<double>& values,
                      const StaffingTarget& target, double confidence);

/// Runs the scenario with a plan's overrides in replications [first, first + n) in parallel and
/// returns each run's output; with `filing_logs`, records every run's filing jobs there.
class Replicator {
 public:
  Replicator(const StaffQuery& query, const Pool& pool);
  std::vector<RunOutput> run(const std::vector<int>& plan, int first, int n,
                             std::vector<std::vector<model::FilingJob>>* filing_logs = nullptr);
  int runs() const { return runs_; }
  bool stopped() const;
  /// Runs `body(i)` for i in [0, n) in parallel in the search's arena.
  template <class F>
  void each(int n, F body) {
    arena_.execute([&] { oneapi::tbb::parallel_for(0, n, body); });
  }

 private:
  const StaffQuery& query_;
  const Pool& pool_;
  oneapi::tbb::task_arena arena_;
  int runs_ = 0;
};

/// Constraint values of a run, one per constraint of the target (whole run or each office), by
/// name; the run must have the tables the target reads.
std::vector<std::pair<std::string, double>> constraint_values(const RunOutput& out,
                                                              const StaffingTarget& target);

/// Judges a plan on whole-model runs: every constraint over the runs.
std::vector<ConstraintValue> judge_runs(const std::vector<RunOutput>& outs,
                                        const StaffingTarget& target, double confidence);

/// Hour-by-hour constraints of a roster (a plan of the operators' pool) from recorded filing
/// jobs, replayed under it, one log per replication.
std::vector<ConstraintValue> judge_hours(const std::vector<std::vector<model::FilingJob>>& logs,
                                         const std::vector<int>& roster,
                                         const model::Scenario& scenario,
                                         const StaffingTarget& target, double confidence,
                                         Replicator& runner);

/// Judges a plan on whole-model runs in replications [first, first + n).
std::vector<ConstraintValue> judge_whole_model(const StaffQuery& query, const Pool& pool,
                                               Replicator& runner, const std::vector<int>& plan,
                                               int first, int n);

/// Operators by hour: the iterative staffing algorithm, the local search and the confirmation.
void search_operators(const StaffQuery& query, const Pool& pool, Replicator& runner,
                      StaffAnswer& answer);
/// Offices, mediators, shift: marginal allocation on whole-model runs, then the confirmation.
void search_by_marginal_allocation(const StaffQuery& query, const Pool& pool, Replicator& runner,
                                   StaffAnswer& answer);

/// Appends a plan to the answer (its cost from the pool's knobs) and reports it.
PlanTried& record_plan(const StaffQuery& query, StaffAnswer& answer, const std::string& phase,
                       const std::vector<int>& staff, int replications, bool whole_model,
                       std::vector<ConstraintValue> constraints);

}  // namespace gridplan::experiment::staffing
