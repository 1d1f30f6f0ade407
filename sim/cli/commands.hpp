// The gridplan command-line program: one function per subcommand, the exit codes they return and
// the helpers they share (option parsing, error messages). Only sim/cli writes to the terminal.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::cli {

/// Process exit codes of every subcommand. A stop signal gives 128 + the signal (130 SIGINT,
/// 143 SIGTERM, 129 SIGHUP; stop_signals.hpp): `run` then writes nothing and `sweep` writes the
/// runs done so far.
enum ExitCode : int {
  kExitOk = 0,        ///< success
  kExitFailure = 1,   ///< a runtime failure, e.g. an output file that cannot be written
  kExitBadInput = 2,  ///< a bad scenario, option, argument, input file or output path
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
/// `gridplan export`: one table of a result file as CSV, on stdout or to --out.
int export_command(const Invocation& invocation);
/// A table as CSV (RFC 4180, LF line ends): the `columns` named (all if empty), the rows where
/// `where` ("COLUMN OP VALUE", none if empty) holds, a units line if `units`. Throws UsageError
/// for an unknown column or a bad --where.
std::string table_as_csv(const kernel::Table& table, const std::vector<std::string>& columns,
                         const std::string& where, bool units);
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
/// `gridplan staff`: the staffing of a pool with the fewest staff-hours that meets a target.
int staff_command(const Invocation& invocation);
/// `gridplan report`: one self-contained HTML page of result files (KPIs, charts).
int report_command(const Invocation& invocation);
/// `gridplan init`: a new district's scenario and grid register from an existing scenario.
int init_command(const Invocation& invocation);

/// Prints "gridplan: error: MESSAGE" on stderr.
void print_error(const std::string& message);
/// Prints each as "gridplan: warning: WARNING" on stderr.
void print_warnings(const std::vector<std::string>& warnings);

/// The scenario file and every file it includes: what no output of the command may replace.
io::InputFiles scenario_inputs(const std::string& path, const model::Scenario& scenario);

/// The checked output path (io::check_output_path): `out` if --out was given (even empty,
/// which is refused), else output/`default_name`, creating output/.
std::string output_path(const std::optional<std::string>& out, const std::string& default_name,
                        const io::InputFiles& inputs);

/// Throws UsageError naming `path` unless it is an existing regular file.
void require_input_file(const std::string& path);

/// Throws UsageError if `scenario` (read from `path`) is a city: `command` takes a district.
void refuse_city(const model::Scenario& scenario, const std::string& path,
                 const std::string& command);

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
