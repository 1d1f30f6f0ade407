// Bisection over the team scale: each probe runs the drill in every replication in parallel
// (TBB) with common random numbers, so "meets the target" is monotone in practice.
#include "gridplan/experiment/emergency_staffing.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "gridplan/experiment/run.hpp"
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

}  // namespace

StaffingAnswer search_emergency_staffing(
    const StaffingQuery& q, const std::function<void(const StaffingPoint&)>& on_point) {
  const model::Scenario base = io::load_scenario(q.scenario_path, q.sets);
  if (base.emergencies.empty()) throw std::invalid_argument("the scenario has no emergency drill");
  const model::EmergencySpec& drill = chosen_drill(base, q.drill);
  std::vector<const model::TeamGroupSpec*> groups;
  for (const auto& name : q.groups) {
    const auto it = std::find_if(base.teams.begin(), base.teams.end(),
                                 [&](const auto& g) { return g.name == name; });
    if (it == base.teams.end())
      throw std::invalid_argument("no team group '" + name + "' in [emergency_teams]");
    groups.push_back(&*it);
  }
  // No routine cases, and the run ends the day after the drill (earlier drills still run: they
  // draw from their own streams, so they do not change this drill's figures).
  std::vector<std::string> sets = q.sets;
  for (const auto& s : base.sources) sets.push_back("sources." + s.name + ".per_year=0");
  const long drill_day = drill.date.to_days() - base.start_date.to_days();
  sets.push_back("scenario.days=" + std::to_string(std::max<long>(1, drill_day + 2)));

  // An arena, not a process-wide limit: the caller's other TBB work keeps its own threads.
  oneapi::tbb::task_arena arena(q.threads > 0 ? q.threads : oneapi::tbb::task_arena::automatic);

  StaffingAnswer answer;
  const auto probe = [&](double scale) {
    std::vector<std::string> o = sets;
    for (const auto* g : groups) {
      o.push_back("emergency_teams." + g->name + ".per_grid=" + number(g->per_grid * scale));
      o.push_back("emergency_teams." + g->name +
                  ".per_community=" + number(g->per_community * scale));
    }
    const model::Scenario sc = io::load_scenario(q.scenario_path, o);
    std::vector<double> coverage(static_cast<std::size_t>(q.replications));
    double people = 0;
    arena.execute([&] {
      oneapi::tbb::parallel_for(0, q.replications, [&](int r) {
        RunRequest req;
        req.scenario = sc;
        req.replication = static_cast<std::uint64_t>(r);
        const RunOutput out = run_scenario(req);
        coverage[static_cast<std::size_t>(r)] = coverage_at(out, q.within_hours, drill.name);
        if (r == 0) people = people_in(out, drill.name);
      });
    });
    double meeting = 0, mean = 0;
    for (double c : coverage) {
      meeting += c >= q.target;
      mean += c;
    }
    StaffingPoint p{scale, people, meeting / q.replications, mean / q.replications};
    answer.curve.push_back(p);
    if (on_point) on_point(p);
    return p.share_meeting >= q.required_share;
  };
  // Bracket: grow the scale until the target is met, then bisect.
  double lo = 0, hi = 1;
  while (!probe(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > q.max_scale) {
      std::sort(answer.curve.begin(), answer.curve.end(),
                [](const auto& a, const auto& b) { return a.scale < b.scale; });
      return answer;  // not found within max_scale
    }
  }
  if (lo == 0 && probe(0)) hi = 0;  // the other groups alone suffice
  while (hi - lo > q.resolution) {
    const double mid = 0.5 * (lo + hi);
    (probe(mid) ? hi : lo) = mid;
  }
  std::sort(answer.curve.begin(), answer.curve.end(),
            [](const auto& a, const auto& b) { return a.scale < b.scale; });
  answer.found = true;
  answer.scale = hi;
  for (const auto& p : answer.curve)
    if (p.scale == hi) answer.people = p.people;
  return answer;
}

kernel::Table StaffingAnswer::table(const StaffingQuery& q) const {
  kernel::Table t;
  t.name = "staffing";
  t.description = "emergency team scales tried by staff-emergency: coverage of the area " +
                  std::to_string(q.within_hours) + " h after the emergency, over " +
                  std::to_string(q.replications) + " replications (target " +
                  std::to_string(q.target) + " in " + std::to_string(q.required_share) +
                  " of them)";
  auto& scale = t.add_f64("scale", "1", "multiplier of the scaled groups' team sizes").f64;
  auto& people = t.add_f64("people", "persons", "team members in the area").f64;
  auto& share = t.add_f64("share_meeting", "1", "replications meeting the target").f64;
  auto& cov = t.add_f64("coverage_mean", "1", "mean coverage at the target time").f64;
  auto& ok = t.add_i64("meets", "", "1 if share_meeting reaches the required share").i64;
  for (const auto& p : curve) {
    scale.push_back(p.scale);
    people.push_back(p.people);
    share.push_back(p.share_meeting);
    cov.push_back(p.coverage_mean);
    ok.push_back(p.share_meeting >= q.required_share ? 1 : 0);
  }
  return t;
}

}  // namespace gridplan::experiment
