// The gridplan command-line program: one function per subcommand, the exit codes they return and
// the helpers they share (option parsing, error messages). Only sim/cli writes to the terminal.
#pragma once

#include <boost/program_options.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::cli {

/// Process exit codes of every subcommand. After Ctrl-C, `run` writes nothing and `sweep` writes
/// the runs done so far.
enum ExitCode : int {
  kExitOk = 0,            ///< success
  kExitFailure = 1,       ///< a runtime failure, e.g. an output file that cannot be written
  kExitBadInput = 2,      ///< a bad scenario, option, argument or missing input file
  kExitInterrupted = 130  ///< stopped by Ctrl-C (SIGINT)
};

/// A bad option, argument or missing input file; main() prints it and exits with kExitBadInput.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a subcommand is given: its arguments (after the subcommand name) and the whole command
/// line, joined, for provenance.
struct Invocation {
  std::vector<std::string> args;
  std::string command_line;
};

/// `gridplan run`: loads a scenario, runs it, writes an HDF5 file and prints the KPIs.
int run_command(const Invocation& invocation);
/// `gridplan export-events`: writes a scenario's generated arrivals as an event log (CSV).
int export_events_command(const Invocation& invocation);
/// `gridplan check`: loads and validates a scenario only.
int check_command(const Invocation& invocation);
/// `gridplan show`: prints a result file's provenance, KPIs, tables or one table.
int show_command(const Invocation& invocation);
/// `gridplan params`: prints the reference of every scenario key.
int params_command(const Invocation& invocation);
/// `gridplan sweep`: replications of parameter points in parallel, with a /summary.
int sweep_command(const Invocation& invocation);
/// `gridplan compare`: paired differences of two scenarios' KPIs over replications.
int compare_command(const Invocation& invocation);
/// `gridplan merge`: combines the slices of a sweep run with --shard i/n into one file.
int merge_command(const Invocation& invocation);

/// Prints a /summary table: for each KPI one line, for each point "mean ± half-width", with
/// the points' swept values (from /points, which may be empty) above.
void print_summary(std::ostream& out, const kernel::Table& summary, const kernel::Table& points);
/// Prints a /comparison table: one line per KPI with both means, B - A and its interval.
void print_comparison(std::ostream& out, const kernel::Table& comparison);
/// `value` with as many decimals as two significant digits of `half_width` need (without a
/// usable half-width: integers without decimals, others with four significant digits).
std::string format_number(double value, double half_width);
/// "12.34 ± 0.56"; "12.34 ± n/a" without a half-width; "n/a" for NaN.
std::string format_with_half_width(double mean, double half_width);

/// The current time as ISO 8601 UTC, for provenance.
std::string utc_now_iso8601();

/// A result file's provenance: this program, the command line, now, and the scenario with its
/// overrides.
io::Provenance scenario_provenance(const Invocation& invocation, const model::Scenario& scenario,
                                   const std::vector<std::string>& sets);

/// `gridplan staff-emergency`: the smallest emergency team that meets the drill's target.
int staff_emergency_command(const Invocation& invocation);

/// Prints "gridplan: error: MESSAGE" on stderr.
void print_error(const std::string& message);

/// Throws UsageError naming `path` unless it is an existing regular file.
void require_input_file(const std::string& path);

/// Parses `invocation.args` against `options` (which must hold --help) plus at most one
/// positional argument stored under `positional_name` (none if empty). Returns false after
/// printing `usage` and the options on stdout if --help was given. Throws UsageError on a bad
/// option or a missing positional argument.
/// As parse_options, for commands taking up to `max_files` positional files (-1: any number),
/// stored in `files`; the caller checks how many it needs.
bool parse_file_options(const Invocation& invocation, const std::string& usage,
                        const boost::program_options::options_description& options,
                        const std::string& positional_name, int max_files,
                        std::vector<std::string>& files, boost::program_options::variables_map& vm);

bool parse_options(const Invocation& invocation, const std::string& usage,
                   const boost::program_options::options_description& options,
                   const std::string& positional_name, boost::program_options::variables_map& vm);

}  // namespace gridplan::cli
