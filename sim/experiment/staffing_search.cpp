// search_staffing: load the scenario, pick the pool, run its search, and keep every plan tried.
// The replications of one plan run in parallel (TBB) with common random numbers: replication r
// draws the same arrivals and work for every plan, so plans differ only by their staffing.
#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "gridplan/io/scenario_loader.hpp"
#include "staffing_internal.hpp"

namespace gridplan::experiment {

namespace staffing {

Replicator::Replicator(const StaffQuery& query, const Pool& pool)
    : query_(query),
      pool_(pool),
      arena_(query.threads > 0 ? query.threads : oneapi::tbb::task_arena::automatic) {}

bool Replicator::stopped() const {
  return query_.stop && query_.stop();
}

std::vector<RunOutput> Replicator::run(const std::vector<int>& plan, int first, int n,
                                       std::vector<std::vector<model::FilingJob>>* filing_logs) {
  std::vector<std::string> sets = query_.sets;
  for (auto& s : pool_.sets(plan)) sets.push_back(std::move(s));
  const model::Scenario sc = io::load_scenario(query_.scenario_path, sets);
  std::vector<RunOutput> outs(static_cast<std::size_t>(n));
  if (filing_logs) filing_logs->assign(static_cast<std::size_t>(n), {});
  if (stopped()) return outs;
  arena_.execute([&] {
    oneapi::tbb::parallel_for(0, n, [&](int r) {
      RunRequest req;
      req.scenario = sc;
      req.replication = static_cast<std::uint64_t>(first + r);
      req.run_id = req.replication;
      req.replay = query_.replay;
      if (filing_logs) req.filing_log = &(*filing_logs)[static_cast<std::size_t>(r)];
      req.progress = [this](double, std::uint64_t) { return !stopped(); };
      outs[static_cast<std::size_t>(r)] = run_scenario(req);
    });
  });
  runs_ += n;
  return outs;
}

PlanTried& record_plan(const StaffQuery& query, StaffAnswer& answer, const std::string& phase,
                       const std::vector<int>& staff, int replications, bool whole_model,
                       std::vector<ConstraintValue> constraints) {
  PlanTried p;
  p.id = static_cast<int>(answer.plans.size());
  p.phase = phase;
  p.staff = staff;
  for (std::size_t k = 0; k < staff.size(); ++k)
    p.staff_hours += staff[k] * answer.hours_per_unit[k];
  p.replications = replications;
  p.whole_model = whole_model;
  p.constraints = std::move(constraints);
  answer.plans.push_back(std::move(p));
  PlanTried& added = answer.plans.back();
  if (query.progress) {
    const ConstraintValue* w = added.worst(query.target.at_most);
    char line[320];
    std::snprintf(
        line, sizeof line, "  plan %3d %-8s %10.0f staff-hours  %s%s", added.id, phase.c_str(),
        added.staff_hours, added.meets() ? "meets" : "misses",
        w ? (" (tightest: " + w->name + " bound " + std::to_string(w->bound) + ")").c_str() : "");
    query.progress(line);
  }
  return added;
}

std::vector<ConstraintValue> judge_whole_model(const StaffQuery& q, const Pool& pool,
                                               Replicator& runner, const std::vector<int>& plan,
                                               int first, int n) {
  if (q.target.scope != StaffingTarget::Scope::kEachHour)
    return judge_runs(runner.run(plan, first, n), q.target, q.confidence);
  std::vector<std::vector<model::FilingJob>> logs;
  runner.run(plan, first, n, &logs);
  // The recorded roster's replay is the model's own operators' queue, case for case.
  return judge_hours(logs, plan, pool.base, q.target, q.confidence, runner);
}

}  // namespace staffing

bool PlanTried::meets() const {
  for (const auto& c : constraints)
    if (!c.meets) return false;
  return !constraints.empty();
}

const ConstraintValue* PlanTried::worst(bool at_most) const {
  // The constraint whose bound is closest to (or furthest past) the target: the largest bound
  // for "<=", the smallest for ">=".
  const ConstraintValue* w = nullptr;
  for (const auto& c : constraints)
    if (!std::isnan(c.bound) && (!w || (at_most ? c.bound > w->bound : c.bound < w->bound))) w = &c;
  return w;
}

double StaffAnswer::scenario_staff_hours() const {
  double h = 0;
  for (std::size_t k = 0; k < scenario_staff.size(); ++k)
    h += scenario_staff[k] * hours_per_unit[k];
  return h;
}

StaffAnswer search_staffing(const StaffQuery& q) {
  const auto t0 = std::chrono::steady_clock::now();
  const model::Scenario base = io::load_scenario(q.scenario_path, q.sets);
  const staffing::Pool pool = staffing::make_pool(q, base);
  const bool operators = q.pool == "operators";
  const auto scope = q.target.scope;
  if (operators && scope == StaffingTarget::Scope::kEachOffice)
    throw std::invalid_argument("--pool operators: the target must be about filing waits");
  if (!operators && scope == StaffingTarget::Scope::kEachHour)
    throw std::invalid_argument("--pool " + q.pool + ": 'each hour' targets are for operators");
  if (scope == StaffingTarget::Scope::kEachOffice && q.pool != "offices" &&
      q.pool.rfind("office:", 0) != 0)
    throw std::invalid_argument("--pool " + q.pool + ": 'each office' targets are for offices");
  if (q.replications < 2 || q.confirm_replications < 2)
    throw std::invalid_argument("a bound needs at least 2 replications");

  StaffAnswer answer;
  answer.days = base.days;
  const kernel::Calendar calendar(base.start_date, base.holidays, base.working_weekends,
                                  base.days + 400);
  for (int d = 0; d < base.days; ++d)
    ++(calendar.is_working_day(d) ? answer.working_days : answer.rest_days);
  for (const auto& k : pool.knobs) {
    answer.knobs.push_back(k.name);
    answer.scenario_staff.push_back(k.value);
    answer.hours_per_unit.push_back(k.hours_per_unit);
  }
  staffing::Replicator runner(q, pool);
  if (q.check_only) {
    // The confirmation's replications, so that a hand-made plan meets the same cases as a
    // searched one's confirmation.
    auto c =
        staffing::judge_whole_model(q, pool, runner, answer.scenario_staff,
                                    q.first_replication + q.replications, q.confirm_replications);
    staffing::record_plan(q, answer, "check", answer.scenario_staff, q.confirm_replications, true,
                          std::move(c));
    answer.chosen = 0;
    answer.found = answer.plans[0].meets();
  } else if (operators) {
    staffing::search_operators(q, pool, runner, answer);
  } else {
    staffing::search_by_marginal_allocation(q, pool, runner, answer);
  }
  answer.scenario_name = base.name;
  if (answer.chosen >= 0) answer.plan_toml = pool.fragment(answer.plan().staff);
  answer.runs = runner.runs();
  answer.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return answer;
}

}  // namespace gridplan::experiment
