// `gridplan staff-emergency`: the smallest scaling of emergency team groups for which the drill
// covers the target share of households in time in enough replications (docs/model.md,
// "Emergency drills").
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "gridplan/experiment/emergency_staffing.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "stop_signals.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

// --within beyond a week means nothing: the search's runs end the day after the drill.
constexpr double kMaxWithinHours = 168;

/// "3h", "90min" or a plain number of hours, in (0, kMaxWithinHours].
double parse_hours(const std::string& text) {
  const std::string expected =
      "--within " + text + ": expected a time > 0 and at most 168h (a week), e.g. 3h or 180min";
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    throw UsageError(expected);
  }
  const std::string unit = text.substr(used);
  if (unit == "min") v /= 60.0;
  if ((!unit.empty() && unit != "h" && unit != "min") || !(v > 0 && v <= kMaxWithinHours))
    throw UsageError(expected);  // !(...) also refuses nan
  return v;
}

/// A number as typed: "2", "nan", "1e+300".
std::string shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

/// Fails at once, before any run, if `value` of `option` is not a share in (0, 1].
void require_share(const char* option, double value) {
  if (!(value > 0 && value <= 1))
    throw UsageError(std::string(option) + " " + shown(value) +
                     ": expected a share in (0, 1], e.g. 0.95");
}

}  // namespace

int staff_emergency_command(const Invocation& invocation) {
  experiment::StaffingQuery q;
  std::string within = "3h";
  std::vector<std::string> groups;
  bool quiet = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "target", po::value<double>(&q.target)->default_value(0.95),
      "share of the area's households to cover")(
      "within", po::value<std::string>(&within)->default_value("3h"),
      "time after the emergency is declared, e.g. 3h or 150min")(
      "drill", po::value<std::string>(&q.drill),
      "drill to size the team for, by name (default: the scenario's first)")(
      "group", po::value<std::vector<std::string>>(&groups)->composing(),
      "team group to scale (repeatable; default: volunteers and cadres)")(
      "replications", po::value<int>(&q.replications)->default_value(20),
      "replications per scale tried")("required-share",
                                      po::value<double>(&q.required_share)->default_value(0.95),
                                      "share of replications that must meet the target")(
      "threads", po::value<int>(&q.threads)->default_value(0), "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>(&q.sets)->composing(),
      "override a scenario key: --set dotted.key=value; repeatable")(
      "out", po::value<std::string>(),
      "HDF5 file for the curve searched "
      "(default output/<scenario>-staffing.h5)")("quiet", po::bool_switch(&quiet),
                                                 "print only the answer");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan staff-emergency SCENARIO [options]\n\n"
      "Searches the smallest scaling of the team groups (volunteers and cadres by default) for\n"
      "which the drill (--drill NAME, default the scenario's first) covers --target of the\n"
      "households within --within in at least --required-share of the replications (common\n"
      "random numbers across scales).";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  q.scenario_path = vm["SCENARIO"].as<std::string>();
  require_input_file(q.scenario_path);
  q.within_hours = parse_hours(within);
  require_share("--target", q.target);
  require_share("--required-share", q.required_share);
  if (!groups.empty()) q.groups = groups;
  if (q.replications < 1) throw UsageError("--replications must be at least 1");
  if (q.threads < 0) throw UsageError("--threads must be >= 0 (0: all cores)");
  const model::Scenario scenario = io::load_scenario(q.scenario_path, q.sets);
  const std::string out =
      output_path(vm.count("out") ? std::optional(vm["out"].as<std::string>()) : std::nullopt,
                  scenario.name + "-staffing.h5", scenario_inputs(q.scenario_path, scenario));
  experiment::StaffingAnswer answer;
  try {
    answer = experiment::search_emergency_staffing(q, [&](const experiment::StaffingPoint& p) {
      if (!quiet)
        std::cerr << "  scale " << p.scale << ": " << p.people << " people, target met in "
                  << 100.0 * p.share_meeting << "% of replications (mean coverage "
                  << p.coverage_mean << ")\n";
    });
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (stop_requested()) return report_stopped("nothing written");
  io::write_hdf5(out, scenario_provenance(invocation, scenario, q.sets), {answer.table(q)});
  if (!answer.found) {
    std::cout << "no scale up to " << q.max_scale << " meets the target; curve written to " << out
              << "\n";
    return kExitFailure;
  }
  // Name the drill sized: with several, "the drill" alone would be ambiguous.
  const std::string drill = !q.drill.empty()               ? q.drill
                            : scenario.emergencies.empty() ? ""
                                                           : scenario.emergencies.front().name;
  std::printf(
      "drill %s: smallest scale: %.3f of the baseline groups (%.0f people in the area) covers "
      "%.0f%% of households within %.2f h in %.0f%% of %d replications\n",
      drill.c_str(), answer.scale, answer.people, 100 * q.target, q.within_hours,
      100 * q.required_share, q.replications);
  std::cout << "curve written to " << out << "\n";
  return kExitOk;
}

}  // namespace gridplan::cli
