// `gridplan export-events`: the arrivals a scenario's generators would produce, as an event log
// (docs/event-log.md) that `gridplan run --replay` turns back into the same run.
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/model/generated_feed.hpp"
#include "memory_guard.hpp"
#include "stop_signals.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

int export_events_command(const Invocation& invocation) {
  std::vector<std::string> sets;
  std::string out;
  std::uint64_t replication = 0;
  bool quiet = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "seed", po::value<std::int64_t>(), "random seed N: same as --set scenario.seed=N")(
      "days", po::value<int>(), "N days of arrivals: same as --set scenario.days=N")(
      "set", po::value<std::vector<std::string>>(&sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "replication", po::value<std::uint64_t>(&replication)->default_value(0),
      "the replication whose arrivals to export (as a sweep's replication index)")(
      "out", po::value<std::string>(&out), "the event log to write (CSV); required")(
      "quiet", po::bool_switch(&quiet), "print nothing but errors")(
      "force", po::bool_switch(),
      "export even if the run's estimated memory exceeds this machine's");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan export-events SCENARIO --out LOG.csv [options]\n\n"
      "Writes the arrivals SCENARIO's generators produce (time_s, source, category, grid) as an\n"
      "event log. `gridplan run SCENARIO --replay LOG.csv` with the same seed and days then\n"
      "reproduces `gridplan run SCENARIO` exactly.";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  if (!vm.count("out")) throw UsageError("--out LOG.csv is required (see --help)");
  if (vm.count("seed"))
    sets.push_back(io::option_override("--seed", "scenario.seed",
                                       std::to_string(vm["seed"].as<std::int64_t>())));
  if (vm.count("days"))
    sets.push_back(
        io::option_override("--days", "scenario.days", std::to_string(vm["days"].as<int>())));
  const std::string path = vm["SCENARIO"].as<std::string>();
  require_input_file(path);
  const model::Scenario scenario = io::load_scenario(path, sets);
  refuse_city(scenario, path, "export-events");
  refuse_oversized_run(scenario, false, 1, vm["force"].as<bool>());
  io::check_output_path(out, scenario_inputs(path, scenario));
  model::GeneratedFeed feed(scenario, replication);
  const std::uint64_t rows = io::write_event_log(out, scenario, feed, stop_requested);
  if (!quiet)
    std::cout << "Wrote " << rows << " arrivals (" << scenario.name << ", seed " << scenario.seed
              << ", replication " << replication << ", " << scenario.days << " days) to " << out
              << '\n';
  return kExitOk;
}

}  // namespace gridplan::cli
