// `gridplan staff-emergency`: the smallest scaling of emergency team groups for which the drill
// covers the target share of households in time in enough replications (MODEL.md section 5).
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "gridplan/experiment/emergency_staffing.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

/// "3h", "90min" or a plain number of hours.
double parse_hours(const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    throw UsageError("--within " + text + ": expected hours, e.g. 3h or 180min");
  }
  const std::string unit = text.substr(used);
  if (unit.empty() || unit == "h") return v;
  if (unit == "min") return v / 60.0;
  throw UsageError("--within " + text + ": expected hours, e.g. 3h or 180min");
}

}  // namespace

int staff_emergency_command(const Invocation& invocation) {
  experiment::StaffingQuery q;
  std::string within = "3h", out;
  std::vector<std::string> groups;
  bool quiet = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "target", po::value<double>(&q.target)->default_value(0.95),
      "share of the area's households to cover")(
      "within", po::value<std::string>(&within)->default_value("3h"),
      "time after the emergency is declared, e.g. 3h or 150min")(
      "group", po::value<std::vector<std::string>>(&groups)->composing(),
      "team group to scale (repeatable; default: volunteers and cadres)")(
      "replications", po::value<int>(&q.replications)->default_value(20),
      "replications per scale tried")("required-share",
                                      po::value<double>(&q.required_share)->default_value(0.95),
                                      "share of replications that must meet the target")(
      "threads", po::value<int>(&q.threads)->default_value(0), "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>(&q.sets)->composing(),
      "override a scenario key: --set dotted.key=value; repeatable")(
      "out", po::value<std::string>(&out),
      "HDF5 file for the curve searched "
      "(default output/<scenario>-staffing.h5)")("quiet", po::bool_switch(&quiet),
                                                 "print only the answer");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan staff-emergency SCENARIO [options]\n\n"
      "Searches the smallest scaling of the team groups (volunteers and cadres by default) for\n"
      "which the scenario's first drill covers --target of the households within --within in\n"
      "at least --required-share of the replications (common random numbers across scales).";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  q.scenario_path = vm["SCENARIO"].as<std::string>();
  require_input_file(q.scenario_path);
  q.within_hours = parse_hours(within);
  if (!groups.empty()) q.groups = groups;
  if (q.replications < 1) throw UsageError("--replications must be at least 1");
  const model::Scenario scenario = io::load_scenario(q.scenario_path, q.sets);
  if (out.empty()) {
    std::filesystem::create_directories("output");
    out = "output/" + scenario.name + "-staffing.h5";
  }
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
  io::write_hdf5(out, scenario_provenance(invocation, scenario, q.sets), {answer.table(q)});
  if (!answer.found) {
    std::cout << "no scale up to " << q.max_scale << " meets the target; curve written to " << out
              << "\n";
    return kExitFailure;
  }
  std::printf(
      "smallest scale: %.3f of the baseline groups (%.0f people in the area) covers "
      "%.0f%% of households within %.2f h in %.0f%% of %d replications\n",
      answer.scale, answer.people, 100 * q.target, q.within_hours, 100 * q.required_share,
      q.replications);
  std::cout << "curve written to " << out << "\n";
  return kExitOk;
}

}  // namespace gridplan::cli
