// A staffing answer as result tables (every plan tried, its constraints, the chosen plan) and as a
// scenario fragment to include.
#include <cmath>
#include <sstream>

#include "staffing_internal.hpp"

namespace gridplan::experiment {

std::vector<kernel::Table> StaffAnswer::tables(const StaffQuery& q) const {
  kernel::Table plans_t;
  plans_t.name = "staffing/plans";
  plans_t.description = "gridplan staff --pool " + q.pool + " --target \"" + q.target.text +
                        "\": every plan tried, in order; bounds are one-sided at confidence " +
                        std::to_string(q.confidence);
  auto& id = plans_t.add_i64("plan", "", "plan number, in the order tried").i64;
  auto& phase = plans_t
                    .add_str("phase",
                             "scenario, isa, sipp, trim, trim-one, add, try-add, "
                             "confirm or check")
                    .str;
  auto& hours = plans_t.add_f64("staff_hours", "hours", "staff-hours on duty over the horizon").f64;
  auto& reps = plans_t.add_i64("replications", "runs", "replications it was judged on").i64;
  auto& whole = plans_t
                    .add_i64("whole_model", "",
                             "1: judged on whole-model runs; 0: on the "
                             "operators' queue replayed")
                    .i64;
  auto& ok = plans_t.add_i64("meets", "", "1 if every constraint's bound meets the target").i64;
  auto& chosen_col = plans_t.add_i64("chosen", "", "1 for the plan answered").i64;
  auto& tight = plans_t.add_str("tightest", "the constraint with the least margin").str;
  auto& tight_b = plans_t.add_f64("tightest_bound", "", "its bound, in the target's unit").f64;
  kernel::Table cons;
  cons.name = "staffing/constraints";
  cons.description = "every constraint of every plan tried: mean over replications and bound";
  auto& c_plan = cons.add_i64("plan", "", "plan number (/staffing/plans)").i64;
  auto& c_name = cons.add_str("constraint", "hour (day type and hour), office or whole run").str;
  auto& c_mean = cons.add_f64("mean", "", "mean over the replications, in the target's unit").f64;
  auto& c_bound = cons.add_f64("bound", "", "one-sided confidence bound of the mean").f64;
  auto& c_target = cons.add_f64("target", "", "the target").f64;
  auto& c_ok = cons.add_i64("meets", "", "1 if the bound meets the target").i64;
  for (const PlanTried& p : plans) {
    id.push_back(p.id);
    phase.push_back(p.phase);
    hours.push_back(p.staff_hours);
    reps.push_back(p.replications);
    whole.push_back(p.whole_model ? 1 : 0);
    ok.push_back(p.meets() ? 1 : 0);
    chosen_col.push_back(p.id == chosen ? 1 : 0);
    const ConstraintValue* w = p.worst(q.target.at_most);
    tight.push_back(w ? w->name : "");
    tight_b.push_back(w ? w->bound : NAN);
    for (const ConstraintValue& c : p.constraints) {
      c_plan.push_back(p.id);
      c_name.push_back(c.name);
      c_mean.push_back(c.mean);
      c_bound.push_back(c.bound);
      c_target.push_back(q.target.value);
      c_ok.push_back(c.meets ? 1 : 0);
    }
  }
  kernel::Table plan_t;
  plan_t.name = "staffing/answer";
  plan_t.description = "the plan answered against the scenario's, knob by knob";
  auto& knob = plan_t.add_str("knob", "hour of a day type, office, centre or shift").str;
  auto& before = plan_t.add_i64("scenario", "persons", "the scenario's (hours for shift)").i64;
  auto& after = plan_t.add_i64("plan", "persons", "the plan's (hours for shift)").i64;
  auto& unit_hours =
      plan_t.add_f64("hours_per_unit", "hours", "staff-hours over the horizon of one unit").f64;
  for (std::size_t k = 0; k < knobs.size(); ++k) {
    knob.push_back(knobs[k]);
    before.push_back(scenario_staff[k]);
    after.push_back(chosen >= 0 ? plan().staff[k] : scenario_staff[k]);
    unit_hours.push_back(hours_per_unit[k]);
  }
  std::vector<kernel::Table> out;
  out.push_back(std::move(plans_t));
  out.push_back(std::move(cons));
  out.push_back(std::move(plan_t));
  return out;
}

std::string StaffAnswer::fragment(const StaffQuery& q, const std::string& include_path) const {
  std::ostringstream s;
  s << "# gridplan staff --pool " << q.pool << " --target \"" << q.target.text << "\"\n";
  if (chosen >= 0)
    s << "# " << (found ? "meets" : "DOES NOT MEET") << " the target at confidence " << q.confidence
      << " on " << plan().replications << " fresh replications; " << plan().staff_hours
      << " staff-hours over " << days << " days against the scenario's " << scenario_staff_hours()
      << "\n";
  for (const auto& set : q.sets) s << "# searched with --set " << set << " (not repeated here)\n";
  s << "include = \"" << include_path << "\"\n\n[scenario]\nname = \"" << scenario_name
    << "-staffed\"\n\n"
    << plan_toml;
  return s.str();
}

}  // namespace gridplan::experiment
