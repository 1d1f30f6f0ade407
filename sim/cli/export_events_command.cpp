// `gridplan export-events`: the arrivals a scenario's generators would produce, as an event log
// (docs/event-log.md) that `gridplan run --replay` turns back into the same run.
#include <iostream>

#include "commands.hpp"
#include "gridplan/experiment/export_events.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "memory_guard.hpp"
#include "stop_signals.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

int export_events_command(const Invocation& invocation) {
  std::vector<std::string> sets;
  std::string out;
  std::uint64_t replication = 0;
  bool quiet = false, with_whistles = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "seed", po::value<std::int64_t>(), "random seed N: same as --set scenario.seed=N")(
      "days", po::value<int>(), "N days of arrivals: same as --set scenario.days=N")(
      "set", po::value<std::vector<std::string>>(&sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "replication", po::value<std::uint64_t>(&replication)->default_value(0),
      "the replication whose arrivals to export (as a sweep's replication index)")(
      "out", po::value<std::string>(&out), "the event log to write (CSV); required")(
      "with-whistles", po::bool_switch(&with_whistles),
      "also run the model and write each case's first whistle time (column whistle, seconds "
      "since the start) and dispute type (column dispute_type)")("quiet", po::bool_switch(&quiet),
                                                                 "print nothing but errors")(
      "force", po::bool_switch(),
      "export even if the run's estimated memory exceeds this machine's");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan export-events SCENARIO --out LOG.csv [options]\n\n"
      "Writes the arrivals SCENARIO's generators produce (time_s, source, category, grid) as an\n"
      "event log. `gridplan run SCENARIO --replay LOG.csv` with the same seed and days then\n"
      "reproduces `gridplan run SCENARIO` exactly.\n\n"
      "With --with-whistles the model is run first (as `gridplan run` on the native engine, so\n"
      "it takes as long), and the log gets two more columns from that run: whistle, the time\n"
      "the case's first whistle was blown (empty if none), and dispute_type, the type it was\n"
      "mediated as (empty if it never reached mediation). Replaying such a log honours them,\n"
      "and still reproduces the run exactly (docs/event-log.md).";
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
  const std::uint64_t rows =
      experiment::export_events(scenario, replication, out, with_whistles, stop_requested);
  if (!quiet)
    std::cout << "Wrote " << rows << " arrivals (" << scenario.name << ", seed " << scenario.seed
              << ", replication " << replication << ", " << scenario.days << " days"
              << (with_whistles ? ", with whistles and dispute types" : "") << ") to " << out
              << '\n';
  return kExitOk;
}

}  // namespace gridplan::cli
