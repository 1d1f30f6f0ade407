// gridplan's entry point: picks the subcommand and turns every failure into a message on stderr
// and an exit code (0 ok, 1 runtime failure, 2 bad input, 128 + signal when stopped).
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "stop_signals.hpp"

namespace {

using gridplan::cli::Invocation;

/// One subcommand: its name, its synopsis with every option, and what runs it.
struct Command {
  const char* name;
  const char* synopsis;
  int (*run)(const Invocation&);
};

const std::array<Command, 13> kCommands{{
    {"run",
     "run SCENARIO [--seed N] [--days N] [--set KEY=VALUE]... [--service-target MINUTES] "
     "[--out FILE] [--trace] [--quiet] "
     "[--force] [--engine NAME] [--replay LOG.csv [--skip-bad-rows] [--replay-scale F] "
     "[--replay-surge FROM,TO,F] [--replay-bootstrap]]\n      run a scenario (or replay an event "
     "log through it), write an HDF5 result file and print the KPIs",
     gridplan::cli::run_command},
    {"export-events",
     "export-events SCENARIO --out LOG.csv [--seed N] [--days N] [--set KEY=VALUE]... "
     "[--replication N] [--quiet] [--force]\n      write the arrivals the scenario generates as an "
     "event log "
     "for run --replay",
     gridplan::cli::export_events_command},
    {"check",
     "check SCENARIO [--set KEY=VALUE]... [--trace] [--force]\n      validate a scenario without "
     "running it",
     gridplan::cli::check_command},
    {"show",
     "show FILE.h5 [--table NAME [--all]] [--verbose]\n      print a result file's provenance, "
     "KPIs and "
     "tables",
     gridplan::cli::show_command},
    {"export",
     "export FILE.h5 --table NAME [--columns A,B] [--where 'COLUMN OP VALUE'] [--units] "
     "[--out FILE.csv]\n      write one table of a result file as CSV (stdout by default)",
     gridplan::cli::export_command},
    {"report",
     "report FILE.h5 [MORE.h5 ...] [--out FILE.html] [--quiet] [--verbose]\n      one "
     "self-contained HTML page (opens offline) of a run, sweep, comparison or staffing file: "
     "provenance, KPIs with 95% intervals, charts",
     gridplan::cli::report_command},
    {"params", "params\n      print the reference of every scenario parameter",
     gridplan::cli::params_command},
    {"sweep",
     "sweep SCENARIO [--replications N] [--threads N] [--grid KEY=V1,V2,...]... "
     "[--set KEY=VALUE]... [--service-target MINUTES] [--sweep FILE.toml] [--days N] "
     "[--warmup-days D] [--independent] "
     "[--out FILE] [--resume] [--shard I/N] [--engine NAME] [--quiet] [--force]\n      run "
     "replications "
     "of parameter points in parallel (or on MPI ranks under mpirun) and write runs, /points "
     "and /summary (confidence intervals)",
     gridplan::cli::sweep_command},
    {"merge",
     "merge SLICE.h5... --out FILE [--warmup-days D] [--quiet] [--verbose]\n      combine the "
     "slices of "
     "`sweep --shard I/N` into the file of the whole sweep",
     gridplan::cli::merge_command},
    {"compare",
     "compare A.h5 B.h5 | SWEEP.h5 --points I,J [--out FILE] [--quiet] [--allow-different] "
     "[--verbose]\n      paired "
     "differences B - A per KPI over replications, with 95% intervals",
     gridplan::cli::compare_command},
    {"staff-emergency",
     "staff-emergency SCENARIO [--target 0.95] [--within 3h] [--group NAME]... [--replications N] "
     "[--confidence 0.95]\n"
     "      the smallest emergency team whose lower confidence bound of the mean coverage "
     "within the time reaches the target",
     gridplan::cli::staff_emergency_command},
    {"staff",
     "staff SCENARIO --pool operators|offices|office:NAME|mediators|shift --target EXPR\n"
     "      [--replications R] [--confidence 0.95] [--threads N] [--out FILE]\n"
     "      the staffing with the fewest staff-hours that meets a service target",
     gridplan::cli::staff_command},
    {"init",
     "init NAME --from SCENARIO [--force]\n      write NAME.toml (SCENARIO's text) and "
     "NAME-grids.csv (its district as a grid register), a starting point for a new district",
     gridplan::cli::init_command},
}};

void print_usage(std::ostream& out) {
  out << "gridplan " << GRIDPLAN_VERSION
      << ": discrete-event simulation and capacity planning for city grid governance\n\n"
         "Usage: gridplan COMMAND [options]\n\nCommands:\n";
  for (const Command& c : kCommands) out << "  gridplan " << c.synopsis << '\n';
  out << "\nOptions:\n  -h [ --help ]   this message; `gridplan COMMAND --help` details one "
         "command\n"
         "  --version       print the version and git revision\n";
}

/// The command line as typed, for provenance; arguments with blanks are single-quoted.
std::string join_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.find_first_of(" \t\n'\"") != std::string::npos) arg = "'" + arg + "'";
    line += (i ? " " : "") + arg;
  }
  return line;
}

/// Runs the command, mapping exceptions to exit codes.
int dispatch(const Command& command, const Invocation& invocation) {
  using namespace gridplan::cli;
  try {
    return command.run(invocation);
  } catch (const gridplan::io::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const UsageError& e) {
    print_error(std::string(command.name) + ": " + e.what());
    return kExitBadInput;
  } catch (const gridplan::io::OutputPathError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const gridplan::io::EventLogError& e) {
    print_error(e.what());  // a bad log or, without --skip-bad-rows, a bad row: nothing written
    return kExitBadInput;
  } catch (const gridplan::io::WriteStopped&) {
    return report_stopped("nothing written");
  } catch (const gridplan::io::BadResultFile& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    print_error(e.what());
    return kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gridplan::cli;
  install_stop_signals();
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitBadInput;
  }
  const std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  if (name == "--version") {
    std::cout << "gridplan " << GRIDPLAN_VERSION << " (" << GRIDPLAN_GIT_REVISION << ")\n";
    return kExitOk;
  }
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    const int code =
        dispatch(c, Invocation{{argv + 2, argv + argc}, join_command_line(argc, argv)});
    // A stop that came as the command finished: its output is whole, but the caller asked to
    // stop, and a script must see that.
    if (code == kExitOk && stop_requested())
      return report_stopped("the command had finished; its output is complete");
    return code;
  }
  print_error("unknown command '" + name +
              "' (commands: run, export-events, check, show, export, report, params, sweep, merge, "
              "compare, "
              "staff, staff-emergency, init; see --help)");
  return kExitBadInput;
}
