// `gridplan staff-emergency`: the smallest scaling of emergency team groups for which the
// one-sided lower confidence bound of the drill's mean coverage in time reaches the target
// (docs/experiments.md, "Sizing the emergency team").
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

/// --required-share (a share of replications meeting the target) was replaced by a confidence
/// bound of the mean coverage: say so rather than "unrecognised option".
void refuse_required_share(const Invocation& invocation) {
  for (const auto& arg : invocation.args)
    if (arg == "--required-share" || arg.starts_with("--required-share="))
      throw UsageError(
          "--required-share is no longer an option: a scale meets the target when the one-sided "
          "lower confidence bound of the mean coverage reaches --target; use --confidence "
          "(default 0.95) to set its level");
}

}  // namespace

int staff_emergency_command(const Invocation& invocation) {
  experiment::StaffingQuery q;
  std::string within = "3h";
  std::vector<std::string> groups;
  bool quiet = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "target", po::value<double>(&q.target)->default_value(0.95, "0.95"),
      "share of the area's households to cover")(
      "within", po::value<std::string>(&within)->default_value("3h"),
      "time after the emergency is declared, e.g. 3h or 150min")(
      "drill", po::value<std::string>(&q.drill),
      "drill to size the team for, by name (default: the scenario's first)")(
      "group", po::value<std::vector<std::string>>(&groups)->composing(),
      "team group to scale (repeatable; default: volunteers and cadres)")(
      "replications", po::value<int>(&q.replications)->default_value(20),
      "replications per scale tried (at least 2)")(
      "confidence", po::value<double>(&q.confidence)->default_value(0.95, "0.95"),
      "level of the one-sided lower confidence bound of the mean coverage that must reach the "
      "target")("threads", po::value<int>(&q.threads)->default_value(0),
                "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>(&q.sets)->composing(),
      "override a scenario key: --set dotted.key=value; repeatable")(
      "out", po::value<std::string>(),
      "HDF5 file for the curve searched "
      "(default output/<scenario>-staffing.h5)")(
      "quiet", po::bool_switch(&quiet),
      "print only the answer (not the search, nor where the curve went)");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan staff-emergency SCENARIO [options]\n\n"
      "Searches the smallest scaling of the team groups (volunteers and cadres by default) for\n"
      "which the drill (--drill NAME, default the scenario's first) covers --target of the\n"
      "households within --within, judged on the mean coverage over --replications: a scale\n"
      "meets the target when the one-sided lower confidence bound of the mean,\n"
      "mean - t(confidence, R - 1) * sd / sqrt(R) (Student t), reaches --target. The\n"
      "replications use common random numbers across scales.";
  refuse_required_share(invocation);
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  q.scenario_path = vm["SCENARIO"].as<std::string>();
  require_input_file(q.scenario_path);
  q.within_hours = parse_hours(within);
  require_share("--target", q.target);
  if (!(q.confidence >= 0.5 && q.confidence < 1))
    throw UsageError("--confidence " + shown(q.confidence) +
                     ": expected a confidence level in [0.5, 1), e.g. 0.95");
  if (!groups.empty()) q.groups = groups;
  if (q.replications < 2)
    throw UsageError(
        "--replications must be at least 2: the confidence bound needs a standard deviation");
  if (q.threads < 0) throw UsageError("--threads must be >= 0 (0: all cores)");
  const model::Scenario scenario = io::load_scenario(q.scenario_path, q.sets);
  refuse_city(scenario, q.scenario_path, "staff-emergency");
  const std::string out =
      output_path(vm.count("out") ? std::optional(vm["out"].as<std::string>()) : std::nullopt,
                  scenario.name + "-staffing.h5", scenario_inputs(q.scenario_path, scenario));
  experiment::StaffingAnswer answer;
  try {
    answer = experiment::search_emergency_staffing(q, [&](const experiment::StaffingPoint& p) {
      if (!quiet)
        std::cerr << "  scale " << p.scale << ": " << p.people << " people, mean coverage "
                  << p.coverage_mean << ", lower bound " << p.coverage_lower_bound
                  << (p.meets(q) ? " meets" : " misses") << " the target (met in "
                  << 100.0 * p.share_meeting << "% of replications)\n";
    });
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (stop_requested()) return report_stopped("nothing written");
  io::write_hdf5(out, scenario_provenance(invocation, scenario, q.sets), {answer.table(q)});
  if (!answer.found) {
    std::cout << "no scale up to " << q.max_scale << " meets the target";
    if (!quiet) std::cout << "; curve written to " << out;
    std::cout << "\n";
    return kExitFailure;
  }
  // Name the drill sized: with several, "the drill" alone would be ambiguous.
  const std::string drill = !q.drill.empty()               ? q.drill
                            : scenario.emergencies.empty() ? ""
                                                           : scenario.emergencies.front().name;
  std::printf(
      "drill %s: smallest scale: %.3f of the baseline groups (%.0f people in the area) covers "
      "%g%% of households within %.2f h: mean coverage %.4f over %d replications, one-sided "
      "%g%% lower confidence bound %.4f >= %g\n",
      drill.c_str(), answer.scale, answer.people, 100 * q.target, q.within_hours,
      answer.coverage_mean, q.replications, 100 * q.confidence, answer.coverage_lower_bound,
      q.target);
  if (!quiet) std::cout << "curve written to " << out << "\n";
  return kExitOk;
}

}  // namespace gridplan::cli
