// `gridplan check` and `gridplan params`: validate a scenario without running it (with its
// warnings and the run's estimated cost), and print the reference of every scenario key.
#include <cmath>
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/run_estimate.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "memory_guard.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

/// "1 drill", "2 drills", "12 categories".
std::string counted(long n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "9 streets, 104 communities, 990 basic grids, 215000 households, 7 departments, 6 sources,
/// 12 categories, 1 drill, 365 days": what was loaded, to be checked by eye.
std::string describe(const model::Scenario& scenario) {
  long communities = 0, basic_grids = 0;
  double households = 0;
  for (const model::StreetSpec& street : scenario.streets) {
    communities += street.communities;
    basic_grids += street.basic_grids;
    households += street.households;
  }
  const auto n = [](const auto& entries) { return static_cast<long>(entries.size()); };
  return counted(n(scenario.streets), "street", "streets") + ", " +
         counted(communities, "community", "communities") + ", " +
         counted(basic_grids, "basic grid", "basic grids") + ", " +
         counted(std::llround(households), "household", "households") + ", " +
         counted(n(scenario.departments), "department", "departments") + ", " +
         counted(n(scenario.sources), "source", "sources") + ", " +
         counted(n(scenario.categories), "category", "categories") + ", " +
         counted(n(scenario.emergencies), "drill", "drills") + ", " +
         counted(scenario.days, "day", "days");
}

}  // namespace

int check_command(const Invocation& invocation) {
  std::vector<std::string> sets;
  bool trace = false, force = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "set", po::value<std::vector<std::string>>(&sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "trace", po::bool_switch(&trace), "estimate a run with --trace (a /cases row per case)")(
      "force", po::bool_switch(&force),
      "accept a scenario whose estimated memory exceeds this machine's");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan check SCENARIO [options]\n\n"
      "Loads and validates SCENARIO (with the overrides) without running it. Prints what it\n"
      "holds and the run's estimated cases, events and peak memory (io/run_estimate.cpp: a\n"
      "linear model fitted to the baseline), and warns on stderr about what is legal but\n"
      "probably not meant (a drill outside the run's days, a section of the baseline left out).\n"
      "Exits with 2 if the estimated memory exceeds this machine's (or GRIDPLAN_MEMORY_BYTES, for\n"
      "a container's limit), unless --force; run, sweep and export-events refuse it too.";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  const std::string path = vm["SCENARIO"].as<std::string>();
  require_input_file(path);
  io::ScenarioWarnings warnings;
  const model::Scenario scenario = io::load_scenario(path, sets, &warnings);
  print_warnings(warnings);
  refuse_oversized_run(scenario, trace, 1, force);
  const io::RunEstimate estimate = io::estimate_run(scenario, trace);
  const double memory = io::usable_memory_bytes();
  if (memory > 0 && estimate.worst_bytes > memory)
    std::cerr << "gridplan: warning: if cases pile up in queues (an understaffed office or grid "
                 "worker), the run may need up to "
              << io::format_bytes(estimate.worst_bytes) << ", but " << io::describe_memory(memory)
              << '\n';
  std::cout << path << ": ok (" << describe(scenario) << ")\n";
  std::cout << "estimate: " << io::describe_estimate(estimate);
  if (memory > 0) std::cout << "; " << io::describe_memory(memory);
  std::cout << '\n';
  return kExitOk;
}

int params_command(const Invocation& invocation) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan params\n\n"
      "Prints every scenario key: name, type, unit, range (with the rules that tie it to other\n"
      "keys), default and meaning, from the parameter table the loader fills scenarios from.";
  if (!parse_options(invocation, usage, options, "", vm)) return kExitOk;
  std::cout << io::parameter_reference();
  return kExitOk;
}

}  // namespace gridplan::cli
