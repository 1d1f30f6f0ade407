// `gridplan sweep`: many replications of many parameter points of one scenario, run in parallel,
// with a progress line, Ctrl-C that keeps every finished run, --resume, and a /summary.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/sweep_file.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/experiment/sweep_runner.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

volatile std::sig_atomic_t g_sweep_interrupted = 0;

extern "C" void on_sweep_sigint(int) {
  g_sweep_interrupted = 1;
}

/// Catches SIGINT while alive; the handler resets itself, so a second Ctrl-C kills at once
/// (finished runs are safe in the parts directory). A SIGINT ignored on entry stays ignored.
class SweepInterruptGuard {
 public:
  SweepInterruptGuard() {
    g_sweep_interrupted = 0;
    sigaction(SIGINT, nullptr, &previous_);
    if (previous_.sa_handler == SIG_IGN) return;
    struct sigaction action {};
    action.sa_handler = on_sweep_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
  }
  ~SweepInterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }
  SweepInterruptGuard(const SweepInterruptGuard&) = delete;
  SweepInterruptGuard& operator=(const SweepInterruptGuard&) = delete;
  bool interrupted() const { return g_sweep_interrupted != 0; }

 private:
  struct sigaction previous_ {};
};

/// "42 s", "3 min 20 s", "1 h 05 min".
std::string format_duration(double seconds) {
  char text[32];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  else if (seconds < 3600)
    std::snprintf(text, sizeof text, "%.0f min %02.0f s", std::floor(seconds / 60),
                  std::fmod(seconds, 60.0));
  else
    std::snprintf(text, sizeof text, "%.0f h %02.0f min", std::floor(seconds / 3600),
                  std::floor(std::fmod(seconds, 3600.0) / 60));
  return text;
}

/// The sweep's one status line on a terminal: "runs 12/40   14.2 runs/min   2 min 10 s left".
class SweepProgressLine {
 public:
  explicit SweepProgressLine(std::ostream& out) : out_(out) {}
  ~SweepProgressLine() { clear(); }
  SweepProgressLine(const SweepProgressLine&) = delete;
  SweepProgressLine& operator=(const SweepProgressLine&) = delete;

  /// Redraws the line; rates count only the runs of this invocation.
  void update(const experiment::SweepProgress& p) {
    const double minutes = std::chrono::duration<double>(Clock::now() - started_).count() / 60.0;
    const std::size_t here = p.done - p.resumed;
    char line[160];
    int n = std::snprintf(line, sizeof line, "runs %zu/%zu", p.done, p.total);
    if (here > 0 && minutes > 0) {
      const double rate = here / minutes;
      n += std::snprintf(line + n, sizeof line - n, "   %.1f runs/min", rate);
      if (p.done < p.total)
        std::snprintf(line + n, sizeof line - n, "   %s left",
                      format_duration(60.0 * (p.total - p.done) / rate).c_str());
    }
    out_ << '\r' << line << "\033[K" << std::flush;
    drawn_ = true;
  }
  void clear() {
    if (drawn_) out_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  Clock::time_point started_ = Clock::now();
  bool drawn_ = false;
};

/// The options of `gridplan sweep`.
struct SweepCommandOptions {
  std::string scenario_path;
  std::string sweep_file;
  std::vector<std::string> grids;
  std::vector<std::string> sets;
  std::string out;
  int threads = 0;
  bool resume = false;
  bool independent = false;
  bool quiet = false;
  std::size_t stop_after = 0;
};

const char* const kUsage =
    "Usage: gridplan sweep SCENARIO [options]\n\n"
    "Runs every parameter point (the cartesian product of the --grid values, the first key\n"
    "varying slowest) R times, in parallel, and writes all runs' tables plus /points and\n"
    "/summary (mean, standard deviation and Student t 95% interval per point and KPI) to one\n"
    "HDF5 file. Replication r of every point uses the same random streams (common random\n"
    "numbers) unless --independent. Finished runs are kept in FILE.parts/ as they finish:\n"
    "Ctrl-C lets the runs in flight finish, writes the file with what is done and keeps the\n"
    "parts, and --resume completes it. `gridplan show FILE` prints the summary.";

/// Fills `opt` and `spec`; false if --help was printed.
bool parse_sweep_options(const Invocation& invocation, SweepCommandOptions& opt,
                         experiment::SweepSpec& spec, int& warmup_days) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")("replications", po::value<int>(),
                                                     "runs per parameter point (default 10)")(
      "threads", po::value<int>(&opt.threads),
      "worker threads (default: the number of cores); the file does not depend on it")(
      "grid", po::value<std::vector<std::string>>(&opt.grids)->composing(),
      "sweep a key: --grid key=v1,v2,... or key=start:stop:step (TOML values; commas inside "
      "[] or {} do not split); repeatable")(
      "set", po::value<std::vector<std::string>>(&opt.sets)->composing(),
      "override a key for every point: --set dotted.key=value; repeatable")(
      "days", po::value<int>(), "simulate N days: same as --set scenario.days=N")(
      "sweep", po::value<std::string>(&opt.sweep_file),
      "sweep file (TOML): [parameters] with value arrays or \"start:stop:step\" ranges, "
      "replications, days, warmup_days, independent, set = [...]; options given here win")(
      "warmup-days", po::value<int>(),
      "leave the first D days out of the daily_* summary rows (from /timeseries/daily)")(
      "independent", po::bool_switch(&opt.independent),
      "give every run its own random streams (no common random numbers)")(
      "out", po::value<std::string>(&opt.out),
      "output file (default output/<scenario>-sweep.h5; its directory must exist)")(
      "resume", po::bool_switch(&opt.resume),
      "keep the finished runs of an interrupted sweep of the same definition and run the rest")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "stop-after", po::value<std::size_t>(&opt.stop_after),
      "start at most N runs, then stop as if interrupted (a trial run, or a test of --resume)");
  po::variables_map vm;
  if (!parse_options(invocation, kUsage, options, "SCENARIO", vm)) return false;
  opt.scenario_path = vm["SCENARIO"].as<std::string>();

  experiment::SweepFile file;
  if (!opt.sweep_file.empty()) {
    require_input_file(opt.sweep_file);
    file = experiment::read_sweep_file(opt.sweep_file);
  }
  spec.sets = file.sets;
  if (file.days) spec.sets.push_back("scenario.days=" + std::to_string(*file.days));
  spec.sets.insert(spec.sets.end(), opt.sets.begin(), opt.sets.end());
  if (vm.count("days"))
    spec.sets.push_back("scenario.days=" + std::to_string(vm["days"].as<int>()));
  spec.axes = file.axes;
  for (const std::string& grid : opt.grids)
    spec.axes.push_back(experiment::parse_grid_option(grid));
  spec.replications =
      vm.count("replications") ? vm["replications"].as<int>() : file.replications.value_or(10);
  spec.independent = opt.independent || file.independent.value_or(false);
  warmup_days =
      vm.count("warmup-days") ? vm["warmup-days"].as<int>() : file.warmup_days.value_or(0);
  if (warmup_days < 0) throw UsageError("--warmup-days must be >= 0");
  if (vm.count("threads") && opt.threads < 1) throw UsageError("--threads must be >= 1");
  if (!vm.count("threads")) opt.threads = std::max(1u, std::thread::hardware_concurrency());
  return true;
}

/// The output file: --out, whose directory must exist, or output/<name>-sweep.h5.
std::string output_path(const std::string& out, const model::Scenario& scenario) {
  if (out.empty()) {
    fs::create_directories("output");
    return "output/" + scenario.name + "-sweep.h5";
  }
  fs::path directory = fs::path(out).parent_path();
  if (directory.empty()) directory = ".";
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw std::runtime_error("cannot write " + out + ": directory " + directory.string() +
                             " does not exist");
  if (fs::is_directory(out, ec)) throw std::runtime_error("cannot write " + out + ": a directory");
  return out;
}

/// Checks that the warm-up leaves days in every point.
void check_warmup(const experiment::SweepPlan& plan, int warmup_days) {
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    if (warmup_days >= plan.points[p].scenario.days)
      throw UsageError("--warmup-days " + std::to_string(warmup_days) + " leaves no day of point " +
                       std::to_string(p) + " (" + std::to_string(plan.points[p].scenario.days) +
                       " days)");
}

}  // namespace

int sweep_command(const Invocation& invocation) {
  SweepCommandOptions opt;
  experiment::SweepSpec spec;
  int warmup_days = 0;
  experiment::SweepPlan plan;
  try {
    if (!parse_sweep_options(invocation, opt, spec, warmup_days)) return kExitOk;
    require_input_file(opt.scenario_path);
    const std::string path = opt.scenario_path;
    plan = experiment::make_sweep_plan(spec, [&path](const std::vector<std::string>& overrides) {
      return io::load_scenario(path, overrides);
    });
  } catch (const experiment::SweepError& e) {
    throw UsageError(e.what());
  }
  check_warmup(plan, warmup_days);
  const std::string out = output_path(opt.out, plan.points.front().scenario);

  experiment::SweepOptions options;
  options.threads = opt.threads;
  options.resume = opt.resume;
  options.warmup_days = warmup_days;
  options.stop_after_runs = opt.stop_after;
  options.provenance.version = GRIDPLAN_VERSION;
  options.provenance.git_revision = GRIDPLAN_GIT_REVISION;
  options.provenance.command_line = invocation.command_line;
  options.provenance.created = utc_now_iso8601();
  std::optional<SweepProgressLine> progress;
  if (!opt.quiet && isatty(STDERR_FILENO)) progress.emplace(std::cerr);
  options.on_run_done = [&progress](const experiment::SweepProgress& p) {
    if (progress) progress->update(p);
  };
  SweepInterruptGuard guard;
  options.stop_requested = [&guard] { return guard.interrupted(); };

  const auto started = std::chrono::steady_clock::now();
  experiment::SweepResult result;
  try {
    result = experiment::run_sweep(plan, out, options);
  } catch (const experiment::SweepError& e) {
    throw UsageError(e.what());
  }
  if (progress) progress->clear();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::size_t ran = result.done - result.resumed;
  if (!result.complete) {
    print_error("interrupted: " + std::to_string(result.done) + " of " +
                std::to_string(result.total) + " runs done" +
                (result.written ? ", written to " + out : ", nothing written") +
                "; the finished runs are kept in " + out +
                ".parts: repeat the command with --resume to complete the sweep");
    return kExitInterrupted;
  }
  if (!opt.quiet) {
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f", seconds);
    std::cout << plan.points.size() << " points x " << spec.replications << " replications ("
              << (spec.independent ? "independent streams" : "common random numbers")
              << "): " << ran << " runs in " << wall << " s on " << opt.threads << " threads";
    if (result.resumed > 0) std::cout << ", " << result.resumed << " resumed";
    std::cout << '\n'
              << (result.written ? "Wrote " : "Already complete: ") << out << "\n(gridplan show "
              << out << " prints the summary)\n";
  }
  return kExitOk;
}

}  // namespace gridplan::cli
