// `gridplan check` and `gridplan params`: validate a scenario without running it, and print the
// reference of every scenario key.
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

/// "9 streets, 990 basic grids, 5 sources, 12 categories, 365 days".
std::string describe(const model::Scenario& scenario) {
  long basic_grids = 0;
  for (const model::StreetSpec& street : scenario.streets) basic_grids += street.basic_grids;
  return std::to_string(scenario.streets.size()) + " streets, " + std::to_string(basic_grids) +
         " basic grids, " + std::to_string(scenario.sources.size()) + " sources, " +
         std::to_string(scenario.categories.size()) + " categories, " +
         std::to_string(scenario.days) + " days";
}

}  // namespace

int check_command(const Invocation& invocation) {
  std::vector<std::string> sets;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "set", po::value<std::vector<std::string>>(&sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan check SCENARIO [options]\n\n"
      "Loads and validates SCENARIO (with the overrides) without running it.";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  const std::string path = vm["SCENARIO"].as<std::string>();
  require_input_file(path);
  const model::Scenario scenario = io::load_scenario(path, sets);
  std::cout << path << ": ok (" << describe(scenario) << ")\n";
  return kExitOk;
}

int params_command(const Invocation& invocation) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan params\n\n"
      "Prints every scenario key: name, type, unit, range and meaning.";
  if (!parse_options(invocation, usage, options, "", vm)) return kExitOk;
  std::cout << io::parameter_reference();
  return kExitOk;
}

}  // namespace gridplan::cli
