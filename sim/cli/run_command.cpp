// `gridplan run`: one scenario run from the command line: load and override the scenario, run it
// with a progress line and Ctrl-C handling, write the HDF5 file, print the KPIs.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/run.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/simgrid_engine.hpp"
#include "gridplan/kernel/time.hpp"
#include "gridplan/model/governance_model.hpp"
#include "kpi_table_printer.hpp"
#include "memory_guard.hpp"
#include "progress_line.hpp"
#include "replay_options.hpp"
#include "stop_signals.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

/// The options of `gridplan run`.
struct RunOptions {
  std::string scenario_path;
  std::vector<std::string> sets;   ///< --set, then --seed, --days, --service-target as --set
  std::optional<std::string> out;  ///< --out, if given
  bool trace = false;
  bool quiet = false;
  bool force = false;  ///< run even if the memory estimate exceeds the machine's
  std::string engine;
  std::string simgrid_platform;  ///< --simgrid-platform: where to write the SimGrid platform XML
  ReplayCommandOptions replay;   ///< --replay: an event log instead of generated arrivals
  int threads = 1;               ///< --threads: a city's districts on this many threads
};

const char* const kUsage =
    "Usage: gridplan run SCENARIO [options]\n\n"
    "Runs SCENARIO (a TOML file) once, writes the results to an HDF5 file (default\n"
    "output/<scenario>-<seed>.h5) and prints the KPIs. Ctrl-C (or SIGTERM, SIGHUP) stops the\n"
    "run; nothing is written.";

/// Fills `opt`; false if --help was printed. --seed and --days become overrides, so that the
/// loader validates them like any scenario key.
bool parse_run_options(const Invocation& invocation, RunOptions& opt) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "seed", po::value<std::int64_t>(), "random seed N: same as --set scenario.seed=N")(
      "days", po::value<int>(), "simulate N days: same as --set scenario.days=N")(
      "set", po::value<std::vector<std::string>>(&opt.sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "service-target", po::value<std::string>(),
      "filing-wait target MINUTES: same as --set platform.service_target_minutes=MINUTES")(
      "out", po::value<std::string>(), "output file (its directory must exist)")(
      "trace", po::bool_switch(&opt.trace), "also write one row per case (/cases)")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "force", po::bool_switch(&opt.force),
      "run even if the estimated peak memory exceeds this machine's (see gridplan check)")(
      "threads", po::value<int>(&opt.threads)->default_value(1),
      "run a city's districts on N threads (the parallel engine; a district runs on one)")(
      "engine", po::value<std::string>(&opt.engine)->default_value("native"),
      "simulation engine: native or simgrid")(
      "simgrid-platform", po::value<std::string>(&opt.simgrid_platform),
      "also write the SimGrid platform of this scenario (XML, platform DTD 4.1) to FILE.xml");
  opt.replay.add_to(options, "the run");
  po::variables_map vm;
  if (!parse_options(invocation, kUsage, options, "SCENARIO", vm)) return false;
  opt.scenario_path = vm["SCENARIO"].as<std::string>();
  if (vm.count("out")) opt.out = vm["out"].as<std::string>();
  if (vm.count("seed"))
    opt.sets.push_back(io::option_override("--seed", "scenario.seed",
                                           std::to_string(vm["seed"].as<std::int64_t>())));
  if (vm.count("days"))
    opt.sets.push_back(
        io::option_override("--days", "scenario.days", std::to_string(vm["days"].as<int>())));
  if (vm.count("service-target"))
    opt.sets.push_back(io::option_override("--service-target", "platform.service_target_minutes",
                                           vm["service-target"].as<std::string>()));
  if (opt.threads < 1 || opt.threads > 1024) throw UsageError("--threads must be in [1, 1024]");
  opt.replay.take(vm);
  return true;
}

/// The paths `run` writes, checked before the run so that a bad one fails at once: the result
/// file, the replay's rejected rows and the SimGrid platform, none an input nor another of them.
struct RunOutputs {
  std::string result;
  std::string rejected_rows;  ///< with --skip-bad-rows
  std::string platform;       ///< with --simgrid-platform
};

RunOutputs output_paths(const RunOptions& opt, const model::Scenario& scenario) {
  io::InputFiles inputs = scenario_inputs(opt.scenario_path, scenario);
  if (opt.replay.given()) inputs.add(opt.replay.log);
  RunOutputs paths;
  paths.result =
      output_path(opt.out, scenario.name + "-" + std::to_string(scenario.seed) + ".h5", inputs);
  std::vector<std::pair<std::string, std::string>> named{{"--out", paths.result}};
  if (opt.replay.skip_bad_rows) {
    paths.rejected_rows = io::rejected_path(opt.replay.log);
    io::check_output_path(paths.rejected_rows, inputs, "the rejected rows of --skip-bad-rows");
    named.emplace_back("the rejected rows of --skip-bad-rows", paths.rejected_rows);
  }
  if (!opt.simgrid_platform.empty()) {
    paths.platform = opt.simgrid_platform;
    io::check_output_path(paths.platform, inputs, "--simgrid-platform");
    named.emplace_back("--simgrid-platform", paths.platform);
  }
  for (std::size_t i = 0; i < named.size(); ++i)
    for (std::size_t j = i + 1; j < named.size(); ++j)
      if (fs::weakly_canonical(named[i].second) == fs::weakly_canonical(named[j].second))
        throw io::OutputPathError("cannot write " + named[j].second + " (" + named[j].first +
                                  "): it is also " + named[i].first);
  return paths;
}

/// Writes the platform the SimGrid engine generates for this scenario's LPs (it needs only their
/// names, so a model is built but not run). Any engine may run afterwards.
void write_simgrid_platform(const std::string& path, const model::Scenario& scenario) {
  model::GovernanceModel model(scenario, 0, false);
  std::vector<std::string> names;
  for (const kernel::LogicalProcess* lp : model.lps()) names.push_back(lp->name());
  io::OutputFile out(path);
  out.write(kernel::simgrid_platform_xml(names));
  out.commit();
}

/// The result file's provenance: the scenario, its overrides and the log replayed.
io::Provenance make_provenance(const Invocation& invocation, const RunOptions& opt,
                               const experiment::RunRequest& request) {
  io::Provenance p = scenario_provenance(invocation, request.scenario, opt.sets);
  if (request.replay) io::record_replay(p, *request.replay);
  return p;
}

/// Runs the request, with a progress line if stderr is a terminal; an unknown engine is bad
/// input.
experiment::RunOutput execute(experiment::RunRequest& request, bool quiet) {
  std::optional<ProgressLine> progress;
  if (!quiet && isatty(STDERR_FILENO))
    progress.emplace(std::cerr, request.scenario.start_date, request.scenario.days * kernel::kDay);
  request.progress = [&progress](double sim_seconds, std::uint64_t cases) {
    if (progress) progress->update(sim_seconds, cases);
    return !stop_requested();
  };
  try {
    return experiment::run_scenario(request);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

void print_summary(const experiment::RunOutput& output, const model::Scenario& scenario,
                   const std::string& path, const std::string& rejected_file) {
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.2f", output.wall_seconds);
  std::cout << scenario.name << ", seed " << scenario.seed << ", " << scenario.days
            << " days: " << output.events << " events in " << wall << " s of wall time\n";
  for (const kernel::Table& table : output.tables)
    if (table.name == "kpi") print_columns_as_rows(std::cout, table, 1);
  for (const kernel::Table& table : output.tables) {
    const auto is_replay_log = [](const kernel::Column& c) { return c.name == "replay_log"; };
    if (table.name != "runs" ||
        std::none_of(table.columns.begin(), table.columns.end(), is_replay_log))
      continue;
    const auto rejected = table.column("replay_rows_rejected").i64.at(0);
    std::cout << "Replayed " << table.column("replay_rows_accepted").i64.at(0) << " rows of "
              << table.column("replay_log").str.at(0);
    if (rejected > 0) std::cout << "; " << rejected << " bad rows set aside in " << rejected_file;
    std::cout << '\n';
  }
  std::cout << "Wrote " << path << '\n';
}

}  // namespace

int run_command(const Invocation& invocation) {
  RunOptions opt;
  if (!parse_run_options(invocation, opt)) return kExitOk;
  experiment::RunRequest request;
  require_input_file(opt.scenario_path);
  request.scenario = io::load_scenario(opt.scenario_path, opt.sets);
  if (request.scenario.city && (opt.replay.given() || !opt.simgrid_platform.empty()))
    refuse_city(request.scenario, opt.scenario_path, "run --replay or --simgrid-platform");
  if (!opt.replay.given()) refuse_oversized_run(request.scenario, opt.trace, 1, opt.force);
  request.engine = opt.engine;
  request.threads = opt.threads;
  request.trace = opt.trace;
  request.trace_on_demand = true;  // written straight from the case rows, never held as columns
  try {
    kernel::make_engine(opt.engine);  // an unknown or unbuilt engine fails before any work
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const RunOutputs paths = output_paths(opt, request.scenario);
  // Read before the run: a bad row (without --skip-bad-rows) stops before any work.
  if (opt.replay.given()) request.replay = load_replay(opt.replay, request.scenario);
  if (!paths.platform.empty()) write_simgrid_platform(paths.platform, request.scenario);

  experiment::RunOutput output = execute(request, opt.quiet);
  // The rejected rows once the run is complete: an interrupted run leaves none.
  std::string rejected;
  if (request.replay && !output.interrupted && !stop_requested())
    rejected = io::write_rejected_rows(*request.replay);
  // What a stop before the result file keeps: files written before or by the run.
  std::string kept;
  for (const std::string& file : {paths.platform, rejected})
    if (!file.empty()) kept += (kept.empty() ? "kept only " : ", ") + file;
  if (output.interrupted || stop_requested())
    return report_stopped(kept.empty() ? "nothing written" : kept);
  if (!output.note.empty() && !opt.quiet) std::cerr << "gridplan: note: " << output.note << '\n';
  io::write_hdf5(paths.result, make_provenance(invocation, opt, request), output.tables,
                 output.sources);
  if (!opt.quiet) print_summary(output, request.scenario, paths.result, rejected);
  return kExitOk;
}

}  // namespace gridplan::cli
