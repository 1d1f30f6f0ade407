// Offices, mediators and the grid workers' shift: marginal allocation on whole-model runs (Fox,
// "Discrete optimization via marginal analysis", Management Science 13(3), 1966). With a target
// for each office every office's constraint moves with its own staff, so the offices that miss
// each take one more (then two, four: a doubling step) at once, and offices with room each give
// up staff in halving steps; with one target for the whole run, each step adds the unit that buys
// the most of the target per staff-hour. Fresh replications confirm the plan
// (docs/experiments.md, "Staffing").
#include <algorithm>
#include <cmath>

#include "staffing_internal.hpp"

namespace gridplan::experiment::staffing {

namespace {

constexpr int kMaxSteps = 40;

// The constraint index of each knob (its office), or -1 for a target over the whole run.
std::vector<int> constraint_of_knob(const Pool& pool, const std::vector<ConstraintValue>& c,
                                    const StaffingTarget& target) {
  std::vector<int> idx(pool.knobs.size(), -1);
  if (target.scope != StaffingTarget::Scope::kEachOffice) return idx;
  for (std::size_t k = 0; k < pool.knobs.size(); ++k)
    for (std::size_t i = 0; i < c.size(); ++i)
      if (c[i].name == pool.knobs[k].name) idx[k] = static_cast<int>(i);
  return idx;
}

// Only the constraints the pool's knobs can move: the pool's own offices, or the whole run.
std::vector<ConstraintValue> relevant(const Pool& pool, std::vector<ConstraintValue> c,
                                      const StaffingTarget& target) {
  if (target.scope != StaffingTarget::Scope::kEachOffice) return c;
  std::vector<ConstraintValue> out;
  for (auto& x : c)
    for (const auto& k : pool.knobs)
      if (x.name == k.name) out.push_back(std::move(x));
  return out;
}

bool meets(const std::vector<ConstraintValue>& c) {
  return std::all_of(c.begin(), c.end(), [](const auto& x) { return x.meets; });
}

}  // namespace

void search_by_marginal_allocation(const StaffQuery& q, const Pool& pool, Replicator& runner,
                                   StaffAnswer& answer) {
  const int first = q.first_replication, R = q.replications;
  const std::size_t K = pool.knobs.size();
  const bool each = q.target.scope == StaffingTarget::Scope::kEachOffice;
  const auto eval = [&](const std::vector<int>& plan, const std::string& phase, int from, int n) {
    auto c =
        relevant(pool, judge_runs(runner.run(plan, from, n), q.target, q.confidence), q.target);
    record_plan(q, answer, phase, plan, n, true, c);
    return c;
  };
  const auto done = [&] { return runner.stopped(); };
  std::vector<int> s = answer.scenario_staff;
  std::vector<ConstraintValue> c = eval(s, "scenario", first, R);
  // Every evaluation lists the same constraints in the same order: index them once.
  const std::vector<int> knob_constraint = constraint_of_knob(pool, c, q.target);
  const auto at = [&](const std::vector<ConstraintValue>& cs, std::size_t k) -> const auto& {
    return each ? cs.at(static_cast<std::size_t>(knob_constraint[k])) : cs.at(0);
  };
  const auto gain = [&](const ConstraintValue& before, const ConstraintValue& after) {
    return q.target.at_most ? before.bound - after.bound : after.bound - before.bound;
  };
  // A knob whose constraint staff cannot fix (more staff buys almost nothing: the time goes
  // elsewhere, e.g. lead times) is given up on, back at the scenario's staff, and named in the
  // answer.
  std::vector<char> hopeless(K, 0);
  const double negligible = 1e-3 * std::max(std::fabs(q.target.value), 1e-6);
  const auto feasible = [&](const std::vector<ConstraintValue>& cs) {
    if (!each) return hopeless[0] || meets(cs);
    for (std::size_t k = 0; k < K; ++k)
      if (!hopeless[k] && !at(cs, k).meets) return false;
    return true;
  };

  // Add until every constraint holds.
  std::vector<int> step(K, 1);
  for (int round = 0; round < kMaxSteps && !feasible(c) && !done(); ++round) {
    if (each) {
      std::vector<int> cand = s;
      for (std::size_t k = 0; k < K; ++k)
        if (!hopeless[k] && !at(c, k).meets) cand[k] += step[k];
      auto cc = eval(cand, "add", first, R);
      for (std::size_t k = 0; k < K; ++k) {
        if (cand[k] == s[k]) continue;
        if (gain(at(c, k), at(cc, k)) < negligible || cand[k] > 4 * answer.scenario_staff[k] + 10) {
          hopeless[k] = 1;
          cand[k] = answer.scenario_staff[k];  // what it bought is not worth its cost
        } else {
          step[k] = at(cc, k).meets ? 1 : 2 * step[k];
        }
      }
      if (cand != s) {
        s = cand;
        c = std::move(cc);
      }
      continue;
    }
    // One target for the whole run: the unit with the most gain per staff-hour.
    std::size_t best = K;
    double best_rate = 0;
    std::vector<ConstraintValue> best_c;
    for (std::size_t k = 0; k < K && !done(); ++k) {
      std::vector<int> cand = s;
      ++cand[k];
      auto cc = eval(cand, "try-add", first, R);
      const double rate = gain(c[0], cc[0]) / pool.knobs[k].hours_per_unit;
      if (best == K || rate > best_rate) best = k, best_rate = rate, best_c = cc;
    }
    if (best == K || best_rate * pool.knobs[best].hours_per_unit < negligible) {
      hopeless.assign(K, 1);
      break;
    }
    ++s[best];
    c = best_c;
  }
  // Remove while every constraint still holds: halving steps, every knob with room at once when
  // each office has its own target, one knob at a time (dearest first) otherwise.
  for (std::size_t k = 0; k < K; ++k)
    step[k] = hopeless[k] ? 0 : std::max(1, (s[k] - pool.knobs[k].min) / 4);
  if (each) {
    for (int round = 0; round < kMaxSteps && feasible(c) && !done(); ++round) {
      std::vector<int> cand = s;
      for (std::size_t k = 0; k < K; ++k) {
        step[k] = std::min(step[k], s[k] - pool.knobs[k].min);
        cand[k] -= step[k];
      }
      if (cand == s) break;
      auto cc = eval(cand, "trim", first, R);
      std::vector<int> next = s;
      for (std::size_t k = 0; k < K; ++k)
        if (cand[k] != s[k]) {
          if (at(cc, k).meets)
            next[k] = cand[k];
          else
            step[k] /= 2;
        }
      s = next;
      c = next == cand ? cc : eval(s, "trim", first, R);
    }
  } else {
    std::vector<std::size_t> order(K);
    for (std::size_t k = 0; k < K; ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
      return pool.knobs[a].hours_per_unit > pool.knobs[b].hours_per_unit;
    });
    for (std::size_t k : order)
      while (step[k] > 0 && meets(c) && !done()) {
        if (s[k] - step[k] < pool.knobs[k].min) {
          step[k] /= 2;
          continue;
        }
        std::vector<int> cand = s;
        cand[k] -= step[k];
        auto cc = eval(cand, "trim", first, R);
        if (meets(cc))
          s = cand, c = cc;
        else
          step[k] /= 2;
      }
  }
  // Confirmation on fresh replications; a miss gets one more unit where it is (the cheapest
  // knob for a whole-run target).
  std::size_t cheapest = 0;
  for (std::size_t k = 1; k < K; ++k)
    if (pool.knobs[k].hours_per_unit < pool.knobs[cheapest].hours_per_unit) cheapest = k;
  for (int round = 0; round < 6 && !done(); ++round) {
    c = eval(s, "confirm", first + R, q.confirm_replications);
    answer.chosen = static_cast<int>(answer.plans.size()) - 1;
    answer.found = meets(c);
    if (feasible(c)) break;
    if (!each) {
      ++s[cheapest];
      continue;
    }
    for (std::size_t k = 0; k < K; ++k)
      if (!hopeless[k] && !at(c, k).meets) ++s[k];
  }
  for (std::size_t k = 0; k < K; ++k)
    if (hopeless[k]) answer.beyond_staff.push_back(pool.knobs[k].name);
}

}  // namespace gridplan::experiment::staffing
