// `gridplan staff`: the staffing with the fewest staff-hours that meets a service target with a
// stated confidence (docs/experiments.md, "Staffing"). Writes /staffing (every plan tried) and a
// scenario that includes the searched one and sets the plan.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "gridplan/experiment/staffing.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "replay_options.hpp"
#include "stop_signals.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// What the staff-hours of a plan mean to a planner: per day for operators, per week otherwise.
std::string cost_text(const experiment::StaffAnswer& a, const std::vector<int>& staff,
                      bool operators) {
  char s[160];
  if (operators) {
    double working = 0, rest = 0;
    for (int h = 0; h < 24; ++h) working += staff[h], rest += staff[24 + h];
    std::snprintf(s, sizeof s, "%.0f operator-hours per working day, %.0f per rest day", working,
                  rest);
  } else {
    double hours = 0;
    for (std::size_t k = 0; k < staff.size(); ++k) hours += staff[k] * a.hours_per_unit[k];
    std::snprintf(s, sizeof s, "%.0f staff-hours a week", hours * 7 / std::max(1, a.days));
  }
  return s;
}

void print_answer(const experiment::StaffQuery& q, const experiment::StaffAnswer& a) {
  const bool operators = q.pool == "operators";
  const auto& p = a.plan();
  std::printf("%s %s: %s\n", q.check_only ? "check of" : "plan for", q.pool.c_str(),
              a.found ? "meets the target" : "DOES NOT meet the target");
  std::printf("  target     %s, one-sided bound at confidence %.2f, %d fresh replications\n",
              q.target.text.c_str(), q.confidence, p.replications);
  std::printf("  cost       %s\n  scenario   %s\n", cost_text(a, p.staff, operators).c_str(),
              cost_text(a, a.scenario_staff, operators).c_str());
  if (const auto* w = p.worst(q.target.at_most))
    std::printf("  tightest   %s: mean %.4g, bound %.4g (target %.4g)\n", w->name.c_str(), w->mean,
                w->bound, q.target.value);
  if (operators) {
    for (int type = 0; type < 2; ++type) {
      std::printf("  %-8s  ", type == 0 ? "working" : "rest");
      for (int h = 0; h < 24; ++h) std::printf("%3d", p.staff[type * 24 + h]);
      std::printf("   (operators 00-01 ... 23-24)\n");
    }
  } else {
    for (std::size_t k = 0; k < a.knobs.size(); ++k) {
      const int d = p.staff[k] - a.scenario_staff[k];
      std::printf("  %-32s %4d -> %4d  (%+d)", a.knobs[k].c_str(), a.scenario_staff[k], p.staff[k],
                  d);
      for (const auto& c : p.constraints)
        if (c.name == a.knobs[k]) std::printf("  bound %.4g%s", c.bound, c.meets ? "" : " MISSES");
      if (std::find(a.beyond_staff.begin(), a.beyond_staff.end(), a.knobs[k]) !=
          a.beyond_staff.end())
        std::printf("  (more staff did not move it: not staff-bound)");
      std::printf("\n");
    }
  }
  std::printf("  searched   %zu plans, %d whole-model runs, %.0f s\n", a.plans.size(), a.runs,
              a.wall_seconds);
}

}  // namespace

int staff_command(const Invocation& invocation) {
  experiment::StaffQuery q;
  std::string target;
  bool quiet = false, as_recorded = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "pool", po::value<std::string>(&q.pool),
      "operators | offices | office:NAME | mediators | shift")(
      "target", po::value<std::string>(&target),
      "e.g. \"filing_wait_p95 <= 10min each hour\", \"on_time_rate >= 0.90 each office\", "
      "\"dispute_days_mean <= 15\"")("replications",
                                     po::value<int>(&q.replications)->default_value(10),
                                     "replications the search judges plans on")(
      "confirm-replications", po::value<int>(&q.confirm_replications)->default_value(20),
      "fresh replications confirming the plan")(
      "confidence", po::value<double>(&q.confidence)->default_value(0.95, "0.95"),
      "confidence of each constraint's one-sided bound")(
      "single-pass", po::bool_switch(&q.single_pass),
      "operators: one square-root (Erlang C) pass hour by hour, for comparison")(
      "check", po::bool_switch(&q.check_only),
      "only judge the scenario's own staffing on --confirm-replications runs")(
      "threads", po::value<int>(&q.threads)->default_value(0), "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>(&q.sets)->composing(),
      "override a scenario key: --set dotted.key=value; repeatable")(
      "out", po::value<std::string>(),
      "HDF5 file of the plans tried (default output/<scenario>-staff-<pool>.h5)")(
      "plan-out", po::value<std::string>(),
      "scenario with the plan (default: --out with .toml for .h5)")(
      "quiet", po::bool_switch(&quiet), "print only the answer")(
      "replay-as-recorded", po::bool_switch(&as_recorded),
      "with --replay: every replication replays the log's days as they are (the bound then "
      "covers the model's own draws only), instead of a bootstrap of its days");
  ReplayCommandOptions replay;
  replay.add_to(options, "every run");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan staff SCENARIO --pool POOL --target EXPR [options]\n\n"
      "Finds the staffing of POOL with the fewest staff-hours whose one-sided confidence bound\n"
      "meets the target in every constraint (each hour, each office or the whole run), over\n"
      "replications with common random numbers, and confirms it on fresh replications.\n\n"
      "With --replay LOG.csv every run replays the recorded cases; replication r resamples\n"
      "the log's days (--replay-bootstrap, the default here), so that the bound covers how the\n"
      "recorded year's days could have fallen.";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  q.scenario_path = vm["SCENARIO"].as<std::string>();
  replay.take(vm);
  if (as_recorded && !replay.given())
    throw UsageError("--replay-as-recorded needs --replay LOG.csv");
  if (as_recorded && replay.bootstrap)
    throw UsageError("--replay-as-recorded and --replay-bootstrap exclude each other");
  if (replay.given() && !as_recorded) replay.bootstrap = true;
  require_input_file(q.scenario_path);
  if (q.pool.empty())
    throw UsageError(
        "--pool is required (operators, offices, office:NAME, "
        "mediators or shift)");
  if (target.empty())
    throw UsageError(
        "--target is required, e.g. \"filing_wait_p95 <= 10min "
        "each hour\"");
  if (!(q.confidence > 0.5 && q.confidence < 1))
    throw UsageError("--confidence: expected a value in (0.5, 1), e.g. 0.95");
  if (q.replications < 2 || q.confirm_replications < 2)
    throw UsageError(
        "--replications and --confirm-replications must be at least 2 (a bound "
        "needs a spread)");
  if (q.threads < 0) throw UsageError("--threads must be >= 0 (0: all cores)");
  try {
    q.target = experiment::parse_staffing_target(target);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--target: ") + e.what());
  }
  const model::Scenario scenario = io::load_scenario(q.scenario_path, q.sets);
  refuse_city(scenario, q.scenario_path, "staff");
  std::string pool_name = q.pool;
  for (char& c : pool_name)
    if (c == ':') c = '-';
  io::InputFiles inputs = scenario_inputs(q.scenario_path, scenario);
  if (replay.given()) inputs.add(replay.log);
  const std::string out =
      output_path(vm.count("out") ? std::optional(vm["out"].as<std::string>()) : std::nullopt,
                  scenario.name + "-staff-" + pool_name + ".h5", inputs);
  std::string plan_out = vm.count("plan-out") ? vm["plan-out"].as<std::string>()
                                              : fs::path(out).replace_extension(".toml").string();
  io::check_output_path(plan_out, inputs, "--plan-out");
  if (fs::weakly_canonical(plan_out) == fs::weakly_canonical(out))
    throw UsageError("--plan-out must differ from --out");
  if (replay.given()) q.replay = load_replay(replay, scenario);
  if (!quiet) q.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  q.stop = [] { return stop_requested(); };
  experiment::StaffAnswer answer;
  try {
    answer = experiment::search_staffing(q);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (stop_requested()) return report_stopped("nothing written");
  io::Provenance provenance = scenario_provenance(invocation, scenario, q.sets);
  if (q.replay) io::record_replay(provenance, *q.replay);
  io::write_hdf5(out, provenance, answer.tables(q));
  if (q.replay) io::write_rejected_rows(*q.replay);
  if (answer.chosen >= 0) {
    const fs::path dir = fs::absolute(plan_out).parent_path();
    const std::string include = fs::relative(fs::absolute(q.scenario_path), dir).generic_string();
    io::OutputFile file(plan_out);
    file.write(answer.fragment(q, include));
    file.commit();
    print_answer(q, answer);
    std::cout << "plans tried written to " << out << "\nplan written to " << plan_out
              << " (gridplan run " << plan_out << ")\n";
  }
  return answer.found ? kExitOk : kExitFailure;
}

}  // namespace gridplan::cli
