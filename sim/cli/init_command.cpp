// `gridplan init NAME --from SCENARIO`: the starting files of a new district (io/district_init).
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/district_init.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

int init_command(const Invocation& invocation) {
  std::string from;
  bool force = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")("from", po::value<std::string>(&from),
                                                     "the scenario to start from (required)")(
      "force", po::bool_switch(&force), "replace NAME.toml and NAME-grids.csv if they exist");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan init NAME --from SCENARIO [--force]\n\n"
      "Writes NAME.toml, SCENARIO's text with [structure] register = \"NAME-grids.csv\", and\n"
      "NAME-grids.csv, the grid register of the district SCENARIO generates (one row per basic\n"
      "grid: street, community, community grid, households, activity). Edit both to describe a\n"
      "new district; the streets' counts in NAME.toml must agree with the register. Refuses an\n"
      "existing file unless --force and never writes over SCENARIO; a scenario with include is\n"
      "refused (its text is copied from one file). Exits with 2 on bad input.";
  if (!parse_options(invocation, usage, options, "NAME", vm)) return kExitOk;
  if (!vm.count("NAME")) throw UsageError("needs NAME (see --help)");
  if (from.empty()) throw UsageError("needs --from SCENARIO (see --help)");
  require_input_file(from);
  const io::InitFiles files = io::init_district(vm["NAME"].as<std::string>(), from, force);
  std::cout << "wrote " << files.scenario << " and " << files.grids << '\n';
  return kExitOk;
}

}  // namespace gridplan::cli
