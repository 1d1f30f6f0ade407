// `gridplan sweep`: many replications of many parameter points of one scenario, run in parallel,
// with a progress line, Ctrl-C that keeps every finished run, --resume, and a /summary.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/mpi_sweep.hpp"  // declarations only; defined with MPI
#include "gridplan/experiment/process_sweep.hpp"
#include "gridplan/experiment/sweep_file.hpp"
#include "gridplan/experiment/sweep_plan.hpp"
#include "gridplan/experiment/sweep_runner.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/engine.hpp"
#include "memory_guard.hpp"
#include "stop_signals.hpp"
#include "sweep_progress_line.hpp"
#include "sweep_setup.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

const char* const kUsage =
    "Usage: gridplan sweep SCENARIO [options]\n\n"
    "Runs every parameter point (the cartesian product of the --grid values, the first key\n"
    "varying slowest) R times, in parallel, and writes all runs' tables plus /points and\n"
    "/summary (mean, standard deviation and Student t 95% interval per point and KPI) to one\n"
    "HDF5 file. Replication r of every point uses the same random streams (common random\n"
    "numbers) unless --independent. Finished runs are kept in FILE.parts/ as they finish:\n"
    "Ctrl-C lets the runs in flight finish, writes the file with what is done and keeps the\n"
    "parts, and --resume completes it. `gridplan show FILE` prints the summary.\n\n"
    "Under mpirun (mpirun -np N gridplan sweep ...) the runs are spread over the N ranks, each\n"
    "on --threads threads, and rank 0 writes the file. --shard i/n runs the runs with\n"
    "run % n == i only (a job of a Slurm array); `gridplan merge` combines the slices.\n\n"
    "With --replay LOG.csv every run replays the log (read once, shared by the threads); the\n"
    "replications differ in the model's own draws or, with --replay-bootstrap, in the days\n"
    "drawn from the log.";

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
      "service-target", po::value<std::string>(),
      "filing-wait target MINUTES: same as --set platform.service_target_minutes=MINUTES")(
      "sweep", po::value<std::string>(&opt.sweep_file),
      "sweep file (TOML): [parameters] with value arrays or \"start:stop:step\" ranges, "
      "replications, days, warmup_days, independent, set = [...]; options given here win")(
      "warmup-days", po::value<int>(),
      "leave the first D days out of the daily_* summary rows (from /timeseries/daily)")(
      "independent", po::bool_switch(&opt.independent),
      "give every run its own random streams (no common random numbers)")(
      "out", po::value<std::string>(),
      "output file (default output/<scenario>-sweep.h5; its directory must exist)")(
      "resume", po::bool_switch(&opt.resume),
      "keep the finished runs of an interrupted sweep of the same definition and run the rest")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "force", po::bool_switch(&opt.force),
      "run even if the estimated peak memory exceeds this machine's (see gridplan check)")(
      "stop-after", po::value<std::size_t>(&opt.stop_after),
      "start at most N runs, then stop as if interrupted (a trial run, or a test of --resume)")(
      "shard", po::value<std::string>(&opt.shard),
      "I/N: run only the runs with run % N == I and write them with /shard, for gridplan merge")(
      "engine", po::value<std::string>(&opt.engine)->default_value("native"),
      "simulation engine: native, or simgrid (each run in its own process, at most --threads "
      "at once)");
  opt.replay.add_to(options, "every run");
  po::variables_map vm;
  if (!parse_options(invocation, kUsage, options, "SCENARIO", vm)) return false;
  opt.scenario_path = vm["SCENARIO"].as<std::string>();
  if (vm.count("out")) opt.out = vm["out"].as<std::string>();
  opt.replay.take(vm);

  experiment::SweepFile file;
  if (!opt.sweep_file.empty()) {
    require_input_file(opt.sweep_file);
    file = experiment::read_sweep_file(opt.sweep_file);
  }
  spec.sets = file.sets;
  if (file.days) spec.sets.push_back("scenario.days=" + std::to_string(*file.days));
  spec.sets.insert(spec.sets.end(), opt.sets.begin(), opt.sets.end());
  if (vm.count("days"))
    spec.sets.push_back(
        io::option_override("--days", "scenario.days", std::to_string(vm["days"].as<int>())));
  if (vm.count("service-target"))
    spec.sets.push_back(io::option_override("--service-target", "platform.service_target_minutes",
                                            vm["service-target"].as<std::string>()));
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

/// The output file: --out, or output/<name>-sweep.h5; neither the scenario, its includes nor
/// the sweep file.
std::string sweep_output_path(const SweepCommandOptions& opt, const model::Scenario& scenario) {
  io::InputFiles inputs = scenario_inputs(opt.scenario_path, scenario);
  if (!opt.sweep_file.empty()) inputs.add(opt.sweep_file);
  if (opt.replay.given()) inputs.add(opt.replay.log);
  const std::string path = output_path(opt.out, scenario.name + "-sweep.h5", inputs);
  if (opt.replay.skip_bad_rows &&
      fs::weakly_canonical(path) == fs::weakly_canonical(io::rejected_path(opt.replay.log)))
    throw io::OutputPathError("cannot write " + path +
                              " (--out): it is also the rejected rows of --skip-bad-rows");
  return path;
}

/// Checks that the warm-up leaves days in every point.
void check_warmup(const experiment::SweepPlan& plan, int warmup_days) {
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    if (warmup_days >= plan.points[p].scenario.days)
      throw UsageError("--warmup-days " + std::to_string(warmup_days) + " leaves no day of point " +
                       std::to_string(p) + " (" + std::to_string(plan.points[p].scenario.days) +
                       " days)");
}

/// --shard "I/N" -> {I, N}.
experiment::SweepShard parse_shard(const std::string& text) {
  experiment::SweepShard shard;
  char slash = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%d %c %d %c", &shard.index, &slash, &shard.count, &rest) != 3 ||
      slash != '/' || shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
    throw UsageError("--shard " + text + ": expected I/N with 0 <= I < N, e.g. --shard 0/4");
  return shard;
}

/// Removes the hidden "--worker RUN" from `args` (how a child process of an --engine simgrid
/// sweep is told its run); returns the run, if given.
std::optional<std::size_t> take_worker_option(std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--worker") continue;
    if (i + 1 == args.size() || args[i + 1].find_first_not_of("0123456789") != std::string::npos ||
        args[i + 1].empty())
      throw UsageError("--worker needs a run id");
    const std::size_t run = std::stoull(args[i + 1]);
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + i + 2);
    return run;
  }
  return std::nullopt;
}

/// A child process of an --engine simgrid sweep: runs one run and writes its part.
int worker_command(const Invocation& invocation, std::size_t run) {
  // Ctrl-C on a terminal reaches the whole process group: the parent decides (runs in flight,
  // this one included, finish), so the worker does not stop for it.
  std::signal(SIGINT, SIG_IGN);
  SweepSetup setup;
  if (!prepare_sweep(invocation, setup)) return kExitOk;
  io::Provenance provenance;
  provenance.version = GRIDPLAN_VERSION;
  provenance.git_revision = GRIDPLAN_GIT_REVISION;
  provenance.command_line = invocation.command_line;
  try {
    experiment::run_sweep_worker(setup.plan,
                                 sweep_output_path(setup.opt, setup.plan.points.front().scenario),
                                 run, setup.opt.engine, provenance);
  } catch (const experiment::SweepError& e) {
    throw UsageError(e.what());
  }
  return kExitOk;
}

/// The executor for this invocation: MPI ranks, child processes (SimGrid) or threads (empty).
experiment::RunExecutor choose_executor(const Invocation& invocation, const SweepSetup& setup,
                                        experiment::MpiWorld* world) {
  const SweepCommandOptions& opt = setup.opt;
  if (opt.engine == "simgrid") {
    if (world != nullptr)
      throw UsageError(
          "--engine simgrid does not run under mpirun (each run needs a process "
          "of its own): use --shard i/n jobs instead");
    std::vector<std::string> args{"sweep"};
    args.insert(args.end(), invocation.args.begin(), invocation.args.end());
    return experiment::process_executor("/proc/self/exe", args, opt.threads);
  }
#if GRIDPLAN_WITH_MPI
  if (world != nullptr && world->size() > 1)
    return experiment::mpi_executor(*world, opt.threads, opt.engine, [](const std::string& why) {
      std::cerr << "gridplan: warning: a rank did not take part: " << why << '\n';
    });
#endif
  return {};
}

}  // namespace

bool prepare_sweep(const Invocation& invocation, SweepSetup& setup) {
  try {
    if (!parse_sweep_options(invocation, setup.opt, setup.spec, setup.warmup_days)) return false;
    require_input_file(setup.opt.scenario_path);
    kernel::make_engine(setup.opt.engine);  // an unknown or unbuilt engine fails before any work
    const std::string path = setup.opt.scenario_path;
    if (setup.opt.replay.given()) {  // surge dates count from the start of the sweep's scenario
      const model::Scenario base = io::load_scenario(path, setup.spec.sets);
      if (base.city) refuse_city(base, path, "sweep --replay");
      setup.spec.replay = setup.opt.replay.resolve(base);
    }
    setup.plan =
        experiment::make_sweep_plan(setup.spec, [&path](const std::vector<std::string>& overrides) {
          return io::load_scenario(path, overrides);
        });
  } catch (const experiment::SweepError& e) {
    throw UsageError(e.what());
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  check_warmup(setup.plan, setup.warmup_days);
  refuse_oversized_sweep(setup.plan, setup.opt.threads, setup.opt.force);
  if (!setup.opt.shard.empty()) setup.shard = parse_shard(setup.opt.shard);
  return true;
}

int run_prepared_sweep(const Invocation& invocation, SweepSetup& setup,
                       experiment::MpiWorld* world) {
  const SweepCommandOptions& opt = setup.opt;
  const experiment::SweepPlan& plan = setup.plan;
  const std::string out = sweep_output_path(opt, plan.points.front().scenario);

  experiment::SweepOptions options;
  options.threads = opt.threads;
  options.engine = opt.engine;
  options.shard = setup.shard;
  options.executor = choose_executor(invocation, setup, world);
  options.resume = opt.resume;
  options.warmup_days = setup.warmup_days;
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
  options.stop_requested = stop_requested;

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
    const std::string kept = std::to_string(result.done) + " of " + std::to_string(result.total) +
                             " runs done" +
                             (result.written ? ", written to " + out : ", nothing written") +
                             "; the finished runs are kept in " + out +
                             ".parts: repeat the command with --resume to complete the sweep";
    if (stop_requested()) return report_stopped(kept);
    // --stop-after: as if interrupted by Ctrl-C.
    print_error("interrupted (--stop-after): " + kept);
    return 128 + SIGINT;
  }
  // The rejected rows once the sweep is complete, as a run writes them once it is (by shard 0
  // of a sharded sweep: every shard reads the same rows).
  std::string rejected;
  if (plan.points.front().log && (!setup.shard || setup.shard->index == 0))
    rejected = io::write_rejected_rows(*plan.points.front().log);
  if (!opt.quiet) {
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f", seconds);
    std::cout << plan.points.size() << " points x " << setup.spec.replications << " replications ("
              << (setup.spec.independent ? "independent streams" : "common random numbers")
              << "): " << ran << " runs";
    if (setup.shard)
      std::cout << " (shard " << setup.shard->index << "/" << setup.shard->count << ")";
    std::cout << " in " << wall << " s on ";
    if (world != nullptr && world->size() > 1) std::cout << world->size() << " ranks x ";
    std::cout << opt.threads << (opt.engine == "simgrid" ? " processes" : " threads");
    if (result.resumed > 0) std::cout << ", " << result.resumed << " resumed";
    if (const auto& log = plan.points.front().log) {
      std::cout << "\nEvery run replayed " << log->rows() << " rows of " << log->identity().path;
      if (log->rejected() > 0)
        std::cout << "; " << log->rejected() << " bad rows set aside"
                  << (rejected.empty() ? " (written by shard 0)" : " in " + rejected);
    }
    std::cout << '\n'
              << (result.written ? "Wrote " : "Already complete: ") << out << "\n(gridplan show "
              << out << " prints the summary)\n";
  }
  return kExitOk;
}

int sweep_command(const Invocation& invocation) {
  Invocation own = invocation;
  if (const std::optional<std::size_t> run = take_worker_option(own.args))
    return worker_command(own, *run);
#if GRIDPLAN_WITH_MPI
  if (experiment::MpiWorld::launched_by_mpirun()) return mpi_sweep_command(own);
#else
  if (experiment::MpiWorld::launcher_ranks() > 1)
    throw UsageError(
        "this gridplan was built without MPI, so under mpirun every rank would run the whole "
        "sweep into the same file: run it without mpirun (or with --shard i/n per job), or "
        "rebuild with libopenmpi-dev installed");
#endif
  SweepSetup setup;
  if (!prepare_sweep(own, setup)) return kExitOk;
  return run_prepared_sweep(own, setup, nullptr);
}

}  // namespace gridplan::cli
