// Operators by hour of day. The iterative staffing algorithm (Feldman, Mandelbaum, Massey and
// Whitt, Management Science 54(2), 2008) on the operators' queue replayed from recorded filing
// jobs: staff each hour by the square-root rule on the mean number in system the current roster
// gives, s = ceil(m + beta sqrt(m)), until the roster stops changing; raise beta in the hours that
// miss the target and repeat. Then remove staff-hours while every hour's bound holds, and confirm
// with fresh replications of the whole model (docs/experiments.md, "Staffing").
#include <algorithm>
#include <cmath>
#include <numeric>

#include "gridplan/model/governance_model.hpp"
#include "staffing_internal.hpp"

namespace gridplan::experiment::staffing {

using kernel::kHour;

namespace {

constexpr int kBuckets = model::kServiceBuckets;

model::OperatorRoster roster_of(const std::vector<int>& plan) {
  model::OperatorRoster r{};
  for (int b = 0; b < kBuckets; ++b) r[b / 24][b % 24] = plan[static_cast<std::size_t>(b)];
  return r;
}

kernel::Calendar calendar_of(const model::Scenario& sc) {
  return kernel::Calendar(sc.start_date, sc.holidays, sc.working_weekends, sc.days + 400);
}

std::string bucket_name(int b) {
  char s[24];
  std::snprintf(s, sizeof s, "%s %02d-%02d", b < 24 ? "working" : "rest", b % 24, b % 24 + 1);
  return s;
}

// One replication's value of the target's metric over a bucket's waits (seconds), in hours.
double metric_of(std::vector<float>& waits, const std::string& metric) {
  if (waits.empty()) return NAN;
  if (metric == "filing_wait_mean")
    return std::accumulate(waits.begin(), waits.end(), 0.0) / waits.size() / kHour;
  return model::quantile_nearest_rank(waits, metric == "filing_wait_p99" ? 0.99 : 0.95) / kHour;
}

struct RosterEvaluation {
  std::vector<ConstraintValue> constraints;
  std::array<double, kBuckets> in_system{};  ///< mean number waiting or being filed
  std::array<double, kBuckets> arrivals{};   ///< cases filed per second
  std::array<double, kBuckets> filed{};      ///< cases filed, over the replications
};

// Filing time per bucket summed over every recorded job: the same for any roster.
std::array<double, kBuckets> work_by_bucket(const std::vector<std::vector<model::FilingJob>>& logs,
                                            const model::Scenario& sc) {
  const kernel::Calendar calendar = calendar_of(sc);
  std::array<double, kBuckets> work{};
  for (const auto& log : logs)
    for (const auto& j : log) work[model::service_bucket(calendar, j.joined)] += j.work;
  return work;
}

RosterEvaluation evaluate(const std::vector<std::vector<model::FilingJob>>& logs,
                          const std::vector<int>& plan, const model::Scenario& sc,
                          const StaffingTarget& target, double confidence, Replicator& runner) {
  const kernel::Calendar calendar = calendar_of(sc);
  const double horizon = sc.days * kernel::kDay;
  const model::OperatorRoster roster = roster_of(plan);
  const int n = static_cast<int>(logs.size());
  std::vector<model::FilingQueueReplay> replays(logs.size());
  runner.each(n, [&](int r) {
    replays[r] = model::replay_filing_queue(logs[r], roster, calendar, horizon);
  });
  RosterEvaluation e;
  std::array<double, kBuckets> area{}, seconds{};
  for (int b = 0; b < kBuckets; ++b) {
    std::vector<double> values;
    for (auto& rp : replays) {
      values.push_back(metric_of(rp.waits[b], target.metric));
      area[b] += rp.in_system_area[b];
      seconds[b] += rp.seconds[b];
      e.filed[b] += static_cast<double>(rp.waits[b].size());
    }
    e.constraints.push_back(judge(bucket_name(b), values, target, confidence));
    e.in_system[b] = seconds[b] > 0 ? area[b] / seconds[b] : 0;
    e.arrivals[b] = seconds[b] > 0 ? e.filed[b] / seconds[b] : 0;
  }
  return e;
}

bool all_meet(const std::vector<ConstraintValue>& c) {
  return std::all_of(c.begin(), c.end(), [](const auto& x) { return x.meets; });
}

// Erlang C: the probability that a case waits in an M/M/c queue with offered load a < c.
double erlang_c(int c, double a) {
  double b = 1;  // Erlang B by its recursion, stable for large c
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return c * b / (c - a * (1 - b));
}

// The fewest servers for which an M/M/c queue meets the target: P(W > T) at most 1 - q for a
// quantile target, E[W] <= T for the mean (T in hours).
int erlang_c_servers(double lambda, double mean_work, const StaffingTarget& t) {
  if (lambda <= 0 || mean_work <= 0) return 1;
  const double a = lambda * mean_work, limit = t.value * kHour;
  for (int c = std::max(1, static_cast<int>(std::floor(a)) + 1);; ++c) {
    const double pw = erlang_c(c, a), drain = c / mean_work - lambda;
    if (t.metric == "filing_wait_mean"
            ? pw / drain <= limit
            : pw * std::exp(-drain * limit) <= (t.metric == "filing_wait_p99" ? 0.01 : 0.05))
      return c;
  }
}

}  // namespace

std::vector<ConstraintValue> judge_hours(const std::vector<std::vector<model::FilingJob>>& logs,
                                         const std::vector<int>& roster,
                                         const model::Scenario& scenario,
                                         const StaffingTarget& target, double confidence,
                                         Replicator& runner) {
  return evaluate(logs, roster, scenario, target, confidence, runner).constraints;
}

void search_operators(const StaffQuery& q, const Pool& pool, Replicator& runner,
                      StaffAnswer& answer) {
  const int first = q.first_replication, R = q.replications;
  std::vector<int> s = answer.scenario_staff;
  std::vector<std::vector<model::FilingJob>> logs;
  runner.run(s, first, R, &logs);
  const auto eval = [&](const std::vector<int>& plan, const std::string& phase) {
    RosterEvaluation e = evaluate(logs, plan, pool.base, q.target, q.confidence, runner);
    record_plan(q, answer, phase, plan, R, false, e.constraints);
    return e;
  };
  RosterEvaluation e = eval(s, "scenario");
  const auto done = [&] { return runner.stopped(); };

  if (q.single_pass) {
    // Stationary, hour by hour: Erlang C on each hour's measured arrival rate and filing time.
    const auto work = work_by_bucket(logs, pool.base);
    for (int b = 0; b < kBuckets; ++b) {
      const double mean_work = e.filed[b] > 0 ? work[b] / e.filed[b] : 0;
      s[b] = std::max(pool.knobs[b].min, erlang_c_servers(e.arrivals[b], mean_work, q.target));
    }
    e = eval(s, "sipp");
  } else {
    // ISA: a fixed point of the square-root rule on the load the roster itself produces.
    std::array<double, kBuckets> beta;
    beta.fill(0.5);
    for (int outer = 0; outer < 40 && !done(); ++outer) {
      std::vector<std::vector<int>> seen = {s};
      for (int it = 0; it < 20 && !done(); ++it) {
        std::vector<int> next = s;
        for (int b = 0; b < kBuckets; ++b) {
          const double m = e.in_system[b];
          next[b] = std::max(pool.knobs[b].min,
                             static_cast<int>(std::ceil(m + beta[b] * std::sqrt(m) - 1e-9)));
        }
        if (next == s) break;
        // A roster seen before closes a cycle (a thin roster's queue asks for a thick one, whose
        // short queue asks for the thin one again): take the larger of the cycle, hour by hour.
        if (const auto at = std::find(seen.begin(), seen.end(), next); at != seen.end()) {
          for (auto it2 = at; it2 != seen.end(); ++it2)
            for (int b = 0; b < kBuckets; ++b) next[b] = std::max(next[b], (*it2)[b]);
          if (next != s) e = eval(next, "isa");
          s = next;
          break;
        }
        s = next;
        seen.push_back(s);
        e = eval(s, "isa");
      }
      if (all_meet(e.constraints)) break;
      for (int b = 0; b < kBuckets; ++b)
        if (!e.constraints[b].meets) beta[b] += 0.5;
    }
    // Local search: drop one staff-hour at a time while every hour's bound still holds. First
    // in batches (every hour that can lose one, then back where an hour or the next one
    // misses), then one at a time, tightest hours last.
    std::vector<char> frozen(kBuckets, 0);
    while (all_meet(e.constraints) && !done()) {
      std::vector<int> cand = s;
      int dropped = 0;
      for (int b = 0; b < kBuckets; ++b)
        if (!frozen[b] && cand[b] > pool.knobs[b].min) --cand[b], ++dropped;
      if (dropped == 0) break;
      RosterEvaluation ce = eval(cand, "trim");
      while (!all_meet(ce.constraints) && !done()) {
        bool restored = false;
        for (int b = 0; b < kBuckets; ++b) {
          if (ce.constraints[b].meets) continue;
          // The miss may come from this hour or the backlog of the one before.
          for (int k : {b, (b / 24) * 24 + (b % 24 + 23) % 24})
            if (cand[k] < s[k]) cand[k] = s[k], frozen[k] = 1, restored = true;
        }
        if (!restored) {  // a miss from further back: keep the last roster, try one at a time
          cand = s;
          std::fill(frozen.begin(), frozen.end(), 1);
          break;
        }
        ce = eval(cand, "trim");
      }
      if (cand == s) break;
      s = cand;
      e = ce;
    }
    std::vector<int> order(kBuckets);
    std::iota(order.begin(), order.end(), 0);
    const auto margin = [&](int b) {
      const auto& c = e.constraints[b];
      return std::isnan(c.bound) ? HUGE_VAL : std::fabs(q.target.value - c.bound);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return margin(a) > margin(b); });
    for (int b : order) {
      if (done() || s[b] <= pool.knobs[b].min) continue;
      std::vector<int> cand = s;
      --cand[b];
      RosterEvaluation ce = eval(cand, "trim-one");
      if (all_meet(ce.constraints)) s = cand, e = ce;
    }
  }
  // Confirmation on fresh whole-model replications; an hour that misses gets one more operator.
  for (int round = 0; round < 6 && !done(); ++round) {
    auto c = judge_whole_model(q, pool, runner, s, first + R, q.confirm_replications);
    const bool ok = all_meet(c);
    record_plan(q, answer, "confirm", s, q.confirm_replications, true, c);
    answer.chosen = static_cast<int>(answer.plans.size()) - 1;
    answer.found = ok;
    if (ok || q.single_pass) break;
    for (int b = 0; b < kBuckets; ++b)
      if (!c[b].meets) ++s[b];
  }
}

}  // namespace gridplan::experiment::staffing
