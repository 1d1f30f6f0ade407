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
#include "progress_line.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) {
  g_interrupted = 1;
}

/// Catches SIGINT while alive; the handler resets itself, so a second Ctrl-C kills at once. A
/// SIGINT ignored on entry (a background job of a script) stays ignored.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    sigaction(SIGINT, nullptr, &previous_);
    if (previous_.sa_handler == SIG_IGN) return;
    struct sigaction action {};
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
  }
  ~InterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  bool interrupted() const { return g_interrupted != 0; }

 private:
  struct sigaction previous_ {};
};

/// The options of `gridplan run`.
struct RunOptions {
  std::string scenario_path;
  std::vector<std::string> sets;  ///< --set, then --seed and --days as their --set equivalents
  std::string out;
  bool trace = false;
  bool quiet = false;
  std::string engine;
  std::string simgrid_platform;  ///< --simgrid-platform: where to write the SimGrid platform XML
  std::string replay;            ///< --replay: an event log instead of generated arrivals
  bool skip_bad_rows = false;
  std::optional<double> replay_scale;
  std::string replay_surge;  ///< "FROM,TO,F"
  bool replay_bootstrap = false;
};

const char* const kUsage =
    "Usage: gridplan run SCENARIO [options]\n\n"
    "Runs SCENARIO (a TOML file) once, writes the results to an HDF5 file (default\n"
    "output/<scenario>-<seed>.h5) and prints the KPIs. Ctrl-C stops the run; nothing is written.";

/// Fills `opt`; false if --help was printed. --seed and --days become overrides, so that the
/// loader validates them like any scenario key.
bool parse_run_options(const Invocation& invocation, RunOptions& opt) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "seed", po::value<std::int64_t>(), "random seed N: same as --set scenario.seed=N")(
      "days", po::value<int>(), "simulate N days: same as --set scenario.days=N")(
      "set", po::value<std::vector<std::string>>(&opt.sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "out", po::value<std::string>(&opt.out), "output file (its directory must exist)")(
      "trace", po::bool_switch(&opt.trace), "also write one row per case (/cases)")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "engine", po::value<std::string>(&opt.engine)->default_value("native"),
      "simulation engine: native or simgrid")(
      "simgrid-platform", po::value<std::string>(&opt.simgrid_platform),
      "also write the SimGrid platform of this scenario (XML, platform DTD 4.1) to FILE.xml")(
      "replay", po::value<std::string>(&opt.replay),
      "replay the cases of event log LOG.csv (docs/event-log.md) instead of generating arrivals")(
      "skip-bad-rows", po::bool_switch(&opt.skip_bad_rows),
      "with --replay: set bad rows aside in LOG.rejected.csv (counted in /runs) instead of "
      "stopping at the first")(
      "replay-scale", po::value<double>(),
      "with --replay: each row gives floor(F) cases, plus one with probability frac(F)")(
      "replay-surge", po::value<std::string>(&opt.replay_surge),
      "with --replay: FROM,TO,F multiplies rows with FROM <= time < TO by F (FROM, TO: dates, "
      "local times or seconds)")(
      "replay-bootstrap", po::bool_switch(&opt.replay_bootstrap),
      "with --replay: day d of the run replays a log day drawn at random (per seed and "
      "replication)");
  po::variables_map vm;
  if (!parse_options(invocation, kUsage, options, "SCENARIO", vm)) return false;
  opt.scenario_path = vm["SCENARIO"].as<std::string>();
  if (vm.count("seed"))
    opt.sets.push_back("scenario.seed=" + std::to_string(vm["seed"].as<std::int64_t>()));
  if (vm.count("days")) opt.sets.push_back("scenario.days=" + std::to_string(vm["days"].as<int>()));
  if (vm.count("replay-scale")) opt.replay_scale = vm["replay-scale"].as<double>();
  if (opt.replay.empty() &&
      (opt.skip_bad_rows || opt.replay_scale || !opt.replay_surge.empty() || opt.replay_bootstrap))
    throw UsageError("--skip-bad-rows and --replay-* need --replay LOG.csv");
  return true;
}

/// The output file: --out, whose directory must exist, or output/<name>-<seed>.h5 (creating
/// output/). Checked before the run so that a bad path fails at once and writes nothing.
std::string output_path(const RunOptions& opt, const model::Scenario& scenario) {
  if (opt.out.empty()) {
    fs::create_directories("output");
    return "output/" + scenario.name + "-" + std::to_string(scenario.seed) + ".h5";
  }
  fs::path directory = fs::path(opt.out).parent_path();
  if (directory.empty()) directory = ".";
  std::error_code ec;
  const auto status = fs::status(directory, ec);
  if (!fs::exists(status))
    throw std::runtime_error("cannot write " + opt.out + ": directory " + directory.string() +
                             " does not exist");
  if (!fs::is_directory(status))
    throw std::runtime_error("cannot write " + opt.out + ": " + directory.string() +
                             " is not a directory");
  if (fs::is_directory(opt.out, ec))
    throw std::runtime_error("cannot write " + opt.out + ": it is a directory");
  return opt.out;
}

/// Writes the platform the SimGrid engine generates for this scenario's LPs (it needs only their
/// names, so a model is built but not run). Any engine may run afterwards.
void write_simgrid_platform(const std::string& path, const model::Scenario& scenario) {
  model::GovernanceModel model(scenario, 0, false);
  std::vector<std::string> names;
  for (const kernel::LogicalProcess* lp : model.lps()) names.push_back(lp->name());
  const std::string xml = kernel::simgrid_platform_xml(names);
  std::ofstream out(path, std::ios::binary);
  out << xml;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

/// Seconds since the scenario start of a surge bound: seconds, or a local date or time.
double surge_bound(const std::string& text, const model::Scenario& scenario) {
  double t = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), t);
  if (!text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size()) return t;
  if (io::parse_local_time(text, scenario.start_date, t)) return t;
  throw UsageError("--replay-surge: " + text +
                   " is neither seconds nor a local date or time (YYYY-MM-DD[THH:MM[:SS]])");
}

/// The replay settings of the command line.
io::ReplayOptions replay_options(const RunOptions& opt, const model::Scenario& scenario) {
  require_input_file(opt.replay);
  io::ReplayOptions r;
  r.path = opt.replay;
  r.skip_bad_rows = opt.skip_bad_rows;
  r.bootstrap = opt.replay_bootstrap;
  const auto factor_ok = [](double f) { return std::isfinite(f) && f >= 0 && f <= 1000; };
  if (opt.replay_scale) {
    r.scale = *opt.replay_scale;
    if (!factor_ok(r.scale)) throw UsageError("--replay-scale must be in [0, 1000]");
  }
  if (!opt.replay_surge.empty()) {
    const std::string& s = opt.replay_surge;
    const auto a = s.find(','), b = a == std::string::npos ? a : s.find(',', a + 1);
    if (b == std::string::npos || s.find(',', b + 1) != std::string::npos)
      throw UsageError("--replay-surge takes FROM,TO,F, e.g. 2023-11-15,2023-12-15,1.3");
    r.surge = true;
    r.surge_from_s = surge_bound(s.substr(0, a), scenario);
    r.surge_to_s = surge_bound(s.substr(a + 1, b - a - 1), scenario);
    const std::string f = s.substr(b + 1);
    const auto parsed = std::from_chars(f.data(), f.data() + f.size(), r.surge_factor);
    if (f.empty() || parsed.ec != std::errc() || parsed.ptr != f.data() + f.size() ||
        !factor_ok(r.surge_factor) || !factor_ok(r.scale * r.surge_factor))
      throw UsageError("--replay-surge: the factor F must be a number in [0, 1000]");
    if (!(r.surge_from_s < r.surge_to_s))
      throw UsageError("--replay-surge: FROM must come before TO");
  }
  return r;
}

/// The current time as ISO 8601 UTC, e.g. "2024-05-01T08:30:00Z".
io::Provenance make_provenance(const Invocation& invocation, const RunOptions& opt,
                               const model::Scenario& scenario) {
  return scenario_provenance(invocation, scenario, opt.sets);
}

/// Runs the request, with a progress line if stderr is a terminal; an unknown engine is bad
/// input.
experiment::RunOutput execute(experiment::RunRequest& request, bool quiet) {
  std::optional<ProgressLine> progress;
  if (!quiet && isatty(STDERR_FILENO))
    progress.emplace(std::cerr, request.scenario.start_date, request.scenario.days * kernel::kDay);
  request.progress = [&progress](double sim_seconds, std::uint64_t cases) {
    if (progress) progress->update(sim_seconds, cases);
    return g_interrupted == 0;
  };
  try {
    return experiment::run_scenario(request);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

void print_summary(const experiment::RunOutput& output, const model::Scenario& scenario,
                   const std::string& path) {
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
    if (rejected > 0)
      std::cout << "; " << rejected << " bad rows set aside in "
                << io::rejected_path(table.column("replay_log").str.at(0));
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
  request.engine = opt.engine;
  request.trace = opt.trace;
  if (!opt.replay.empty()) request.replay = replay_options(opt, request.scenario);
  try {
    kernel::make_engine(opt.engine);  // an unknown or unbuilt engine fails before any work
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const std::string path = output_path(opt, request.scenario);
  if (!opt.simgrid_platform.empty()) write_simgrid_platform(opt.simgrid_platform, request.scenario);

  InterruptGuard guard;
  experiment::RunOutput output;
  try {
    output = execute(request, opt.quiet);
  } catch (const io::EventLogError& e) {
    print_error(e.what());  // a bad log or, without --skip-bad-rows, a bad row: nothing written
    return kExitBadInput;
  }
  if (output.interrupted || guard.interrupted()) {
    print_error("interrupted: nothing written");
    return kExitInterrupted;
  }
  io::write_hdf5(path, make_provenance(invocation, opt, request.scenario), output.tables);
  if (!opt.quiet) print_summary(output, request.scenario, path);
  return kExitOk;
}

}  // namespace gridplan::cli
