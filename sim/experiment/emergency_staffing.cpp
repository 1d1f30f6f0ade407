// Bisection over the team scale: each probe runs the drill in every replication in parallel
// (TBB) with common random numbers, and a scale meets the target when the one-sided lower
// confidence bound of its mean coverage reaches it (monotone in practice: with the same streams,
// more people cover more).
#include "gridplan/experiment/emergency_staffing.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "gridplan/experiment/run.hpp"
#include "gridplan/experiment/statistics.hpp"
#include "gridplan/io/did_you_mean.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::experiment {
namespace {

std::string number(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  const std::string t = s.str();
  return t.find_first_of(".e") == std::string::npos ? t + ".0" : t;
}

// A number as a reader wants it in a description or message: 0.95, 3, 1.5.
std::string shown(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// Coverage of `drill`'s area `within_hours` after its start, from /emergency/coverage.
double coverage_at(const RunOutput& out, double within_hours, const std::string& drill) {
  for (const auto& t : out.tables) {
    if (t.name != "emergency/coverage") continue;
    const auto& name = t.column("drill").str;
    const auto& grid = t.column("grid").i64;
    const auto& minute = t.column("minute").i64;
    const auto& share = t.column("coverage").f64;
    const auto limit = static_cast<std::int64_t>(std::floor(within_hours * 60 + 1e-9));
    double best = 0;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (name[i] == drill && grid[i] == -1 && minute[i] <= limit) best = share[i];
    return best;
  }
  throw std::invalid_argument("drill '" + drill + "' did not run");
}

double people_in(const RunOutput& out, const std::string& drill) {
  for (const auto& t : out.tables)
    if (t.name == "emergency/grids") {
      const auto& name = t.column("drill").str;
      const auto& people = t.column("people").i64;
      double n = 0;
      for (std::size_t i = 0; i < t.rows(); ++i)
        if (name[i] == drill) n += static_cast<double>(people[i]);
      return n;
    }
  return 0;
}

// The drill the query names (the first if none), or std::invalid_argument with a suggestion.
const model::EmergencySpec& chosen_drill(const model::Scenario& sc, const std::string& name) {
  if (name.empty()) return sc.emergencies.front();
  std::vector<std::string> names;
  for (const auto& e : sc.emergencies) {
    if (e.name == name) return e;
    names.push_back(e.name);
  }
  throw std::invalid_argument("--drill " + name + ": no [emergency.drills." + name +
                              "] in the scenario" + io::did_you_mean(name, names));
}

// Checks what the bound needs before any run.
void check_query(const StaffingQuery& q) {
  if (q.replications < 2)
    throw std::invalid_argument(
        "need at least 2 replications: the confidence bound of the mean "
        "coverage needs a standard deviation");
  if (!(q.confidence > 0 && q.confidence < 1))
    throw std::invalid_argument("confidence " + shown(q.confidence) +
                                ": expected a value in (0, 1)");
}

// Runs the query's drill at a given scale of its groups, in every replication in parallel.
class Prober {
 public:
  explicit Prober(const StaffingQuery& q)
      : q_(q),
        base_(io::load_scenario(q.scenario_path, q.sets)),
        // An arena, not a process-wide limit: the caller's other TBB work keeps its own threads.
        arena_(q.threads > 0 ? q.threads : oneapi::tbb::task_arena::automatic) {
    if (base_.emergencies.empty())
      throw std::invalid_argument("the scenario has no emergency drill");
    const model::EmergencySpec& drill = chosen_drill(base_, q.drill);
    drill_ = drill.name;
    for (const auto& name : q.groups) {
      const auto it = std::find_if(base_.teams.begin(), base_.teams.end(),
                                   [&](const auto& g) { return g.name == name; });
      if (it == base_.teams.end())
        throw std::invalid_argument("no team group '" + name + "' in [emergency_teams]");
      groups_.push_back(&*it);
    }
    // No routine cases, and the run ends the day after the drill (earlier drills still run: they
    // draw from their own streams, so they do not change this drill's figures).
    sets_ = q.sets;
    for (const auto& s : base_.sources) sets_.push_back("sources." + s.name + ".per_year=0");
    const long drill_day = drill.date.to_days() - base_.start_date.to_days();
    sets_.push_back("scenario.days=" + std::to_string(std::max<long>(1, drill_day + 2)));
  }

  StaffingPoint operator()(double scale) {
    std::vector<std::string> o = sets_;
    for (const auto* g : groups_) {
      o.push_back("emergency_teams." + g->name + ".per_grid=" + number(g->per_grid * scale));
      o.push_back("emergency_teams." + g->name +
                  ".per_community=" + number(g->per_community * scale));
    }
    const model::Scenario sc = io::load_scenario(q_.scenario_path, o);
    std::vector<double> coverage(static_cast<std::size_t>(q_.replications));
    double people = 0;
    arena_.execute([&] {
      oneapi::tbb::parallel_for(0, q_.replications, [&](int r) {
        RunRequest req;
        req.scenario = sc;
        req.replication = static_cast<std::uint64_t>(r);
        const RunOutput out = run_scenario(req);
        coverage[static_cast<std::size_t>(r)] = coverage_at(out, q_.within_hours, drill_);
        if (r == 0) people = people_in(out, drill_);
      });
    });
    // In replication order, so the figures do not depend on the threads.
    RunningStats stats;
    double meeting = 0;
    for (double c : coverage) {
      stats.add(c);
      meeting += c >= q_.target;
    }
    const double sd = stats.stddev();
    return StaffingPoint{
        .scale = scale,
        .people = people,
        .share_meeting = meeting / q_.replications,
        .coverage_mean = stats.mean(),
        .coverage_stddev = sd,
        .coverage_lower_bound = mean_lower_bound(stats.mean(), sd, q_.replications, q_.confidence),
    };
  }

 private:
  const StaffingQuery& q_;
  model::Scenario base_;
  oneapi::tbb::task_arena arena_;
  std::string drill_;
  std::vector<const model::TeamGroupSpec*> groups_;
  std::vector<std::string> sets_;
};

}  // namespace

double mean_lower_bound(double mean, double stddev, int n, double confidence) {
  return mean - one_sided_half_width(stddev, n, confidence);
}

StaffingPoint evaluate_emergency_staffing(const StaffingQuery& q, double scale) {
  check_query(q);
  Prober prober(q);
  return prober(scale);
}

StaffingAnswer search_emergency_staffing(
    const StaffingQuery& q, const std::function<void(const StaffingPoint&)>& on_point) {
  check_query(q);
  Prober prober(q);
  StaffingAnswer answer;
  const auto probe = [&](double scale) {
    const StaffingPoint p = prober(scale);
    answer.curve.push_back(p);
    if (on_point) on_point(p);
    return p.meets(q);
  };
  const auto sort_curve = [&] {
    std::sort(answer.curve.begin(), answer.curve.end(),
              [](const auto& a, const auto& b) { return a.scale < b.scale; });
  };
  // Bracket: grow the scale until the target is met, then bisect.
  double lo = 0, hi = 1;
  while (!probe(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > q.max_scale) {
      sort_curve();
      return answer;  // not found within max_scale
    }
  }
  if (lo == 0 && probe(0)) hi = 0;  // the other groups alone suffice
  while (hi - lo > q.resolution) {
    const double mid = 0.5 * (lo + hi);
    (probe(mid) ? hi : lo) = mid;
  }
  sort_curve();
  answer.found = true;
  answer.scale = hi;
  for (const auto& p : answer.curve)
    if (p.scale == hi) {
      answer.people = p.people;
      answer.coverage_mean = p.coverage_mean;
      answer.coverage_lower_bound = p.coverage_lower_bound;
    }
  return answer;
}

kernel::Table StaffingAnswer::table(const StaffingQuery& q) const {
  kernel::Table t;
  t.name = "staffing";
  t.description = "emergency team scales tried by staff-emergency: coverage of the area " +
                  shown(q.within_hours) + " h after the emergency over " +
                  std::to_string(q.replications) +
                  " replications (common random numbers); a scale meets the target " +
                  shown(q.target) + " when the one-sided " + shown(q.confidence) +
                  " lower confidence bound of the mean coverage (Student t, R - 1 degrees of "
                  "freedom) reaches it";
  auto& scale = t.add_f64("scale", "1", "multiplier of the scaled groups' team sizes").f64;
  auto& people = t.add_f64("people", "persons", "team members in the area").f64;
  auto& share =
      t.add_f64("share_meeting", "1",
                "share of replications whose coverage reaches the target (information; not the "
                "criterion)")
          .f64;
  auto& cov = t.add_f64("coverage_mean", "1", "mean coverage at the target time").f64;
  auto& sd = t.add_f64("coverage_stddev", "1",
                       "sample standard deviation of the coverage over replications (R - 1)")
                 .f64;
  auto& bound = t.add_f64("coverage_lower_bound", "1",
                          "coverage_mean - t(confidence, R - 1) * coverage_stddev / sqrt(R)")
                    .f64;
  auto& ok = t.add_i64("meets", "", "1 if coverage_lower_bound reaches the target").i64;
  for (const auto& p : curve) {
    scale.push_back(p.scale);
    people.push_back(p.people);
    share.push_back(p.share_meeting);
    cov.push_back(p.coverage_mean);
    sd.push_back(p.coverage_stddev);
    bound.push_back(p.coverage_lower_bound);
    ok.push_back(p.meets(q) ? 1 : 0);
  }
  return t;
}

}  // namespace gridplan::experiment
