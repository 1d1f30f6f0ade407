// `gridplan compare`: two scenarios (two result files, or two points of one sweep) compared KPI
// by KPI through paired differences over replications, printed and written as /comparison.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/comparison.hpp"
#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

const char* const kUsage =
    "Usage: gridplan compare A.h5 B.h5 [options]\n"
    "       gridplan compare SWEEP.h5 --points I,J [options]\n\n"
    "Compares scenario B with scenario A per KPI: runs are paired by replication (the same\n"
    "random streams, so the pairs share their arrivals), and the mean paired difference B - A\n"
    "gets a Student t 95% interval; it is significant if the interval excludes 0. Prints the\n"
    "table and writes it as /comparison to a new file (default\n"
    "output/compare-<a>-<b>.h5). Both sides need the same replications; two single runs\n"
    "(gridplan run) give the differences without intervals (n/a).\n\n"
    "Refused unless --allow-different (exit code 2): sides of different horizons (--days),\n"
    "seeds, or random-number modes (common random numbers against --independent). Sides of\n"
    "different scenario files or --set overrides are what compare is for (a what-if against\n"
    "its baseline): one line on stderr says so. A file that is not a readable gridplan result\n"
    "file (damaged, truncated, not HDF5) is exit code 2.";

/// The options of `gridplan compare`.
struct CompareOptions {
  std::vector<std::string> files;
  std::string points;
  std::optional<std::string> out;  ///< --out, if given
  bool quiet = false;
  bool allow_different = false;
  bool verbose = false;
};

/// Parses the command line (one or two files); false if --help was printed.
bool parse_compare_options(const Invocation& invocation, CompareOptions& opt) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "points", po::value<std::string>(&opt.points),
      "I,J: compare point J with point I (of one sweep file; with two files, I of A and J of B)")(
      "out", po::value<std::string>(),
      "output file (default output/compare-<a>-<b>.h5; its directory must exist)")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "allow-different", po::bool_switch(&opt.allow_different),
      "compare sides of different horizons, seeds or random-number modes anyway")(
      "verbose", po::bool_switch(&opt.verbose),
      "print HDF5's own diagnostics (its error stack) if a file cannot be read");
  po::variables_map vm;
  if (!parse_file_options(invocation, kUsage, options, "FILE", 2, opt.files, vm)) return false;
  if (vm.count("out")) opt.out = vm["out"].as<std::string>();
  if (opt.files.empty()) throw UsageError("missing A.h5 (see --help)");
  if (opt.files.size() == 1 && opt.points.empty())
    throw UsageError("one file: name the two points to compare with --points I,J");
  return true;
}

/// "3,5" -> {3, 5}.
std::pair<std::int64_t, std::int64_t> parse_points(const std::string& text) {
  const std::size_t comma = text.find(',');
  try {
    std::size_t used_a = 0, used_b = 0;
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    const std::string a = text.substr(0, comma), b = text.substr(comma + 1);
    const long long i = std::stoll(a, &used_a), j = std::stoll(b, &used_b);
    if (used_a != a.size() || used_b != b.size() || i < 0 || j < 0)
      throw std::invalid_argument("bad");
    return {i, j};
  } catch (const std::exception&) {
    throw UsageError("--points " + text + ": expected two point indices, e.g. --points 0,3");
  }
}

std::string stem(const std::string& path) {
  return fs::path(path).stem().string();
}

/// Pads or keeps `text` to `width` characters (left-aligned).
std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// Right-aligned to `width`.
std::string right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace

void print_comparison(std::ostream& out, const kernel::Table& comparison) {
  const auto& kpi = comparison.column("kpi").str;
  const auto& unit = comparison.column("unit").str;
  const auto& n = comparison.column("n").i64;
  const auto& a = comparison.column("mean_a").f64;
  const auto& b = comparison.column("mean_b").f64;
  const auto& d = comparison.column("mean_difference").f64;
  const auto& h = comparison.column("ci95_half_width").f64;
  const auto& sig = comparison.column("significant").i64;
  std::size_t width = 3;
  for (const std::string& name : kpi) width = std::max(width, name.size());
  out << pad("kpi", width) << "  " << right("mean A", 14) << "  " << right("mean B", 14) << "  "
      << right("B - A (95% interval)", 30) << "  " << right("n", 4) << "  significant  unit\n";
  for (std::size_t r = 0; r < comparison.rows(); ++r)
    out << pad(kpi[r], width) << "  " << right(format_number(a[r], h[r]), 14) << "  "
        << right(format_number(b[r], h[r]), 14) << "  "
        << right(format_with_half_width(d[r], h[r]), 30) << "  " << right(std::to_string(n[r]), 4)
        << "  "
        << pad(std::isnan(h[r]) ? "n/a"
               : sig[r]         ? "yes"
                                : "no",
               11)
        << "  " << unit[r] << '\n';
}

int compare_command(const Invocation& invocation) {
  CompareOptions opt;
  if (!parse_compare_options(invocation, opt)) return kExitOk;
  io::set_hdf5_diagnostics(opt.verbose);
  io::InputFiles inputs;
  for (const std::string& file : opt.files) {
    require_input_file(file);
    inputs.add(file);
  }
  std::optional<std::int64_t> point_a, point_b;
  if (!opt.points.empty()) {
    const auto [i, j] = parse_points(opt.points);
    point_a = i;
    point_b = j;
  }
  const std::string& file_a = opt.files.front();
  const std::string& file_b = opt.files.back();
  const bool one_file = opt.files.size() == 1;
  const std::string suffix =
      one_file ? stem(file_a) + "-p" + std::to_string(*point_a) + "-p" + std::to_string(*point_b)
               : stem(file_a) + "-" + stem(file_b);
  const std::string out = output_path(opt.out, "compare-" + suffix + ".h5", inputs);
  // Each file read once, in a child process (io::read_result_file): a damaged file is exit 2.
  const io::ResultFile read_a = io::read_result_file(file_a, experiment::is_comparison_input);
  std::optional<io::ResultFile> read_b;
  if (!one_file) read_b = io::read_result_file(file_b, experiment::is_comparison_input);
  experiment::ComparisonSide a, b;
  experiment::Pairing pairing = experiment::Pairing::kByReplication;
  experiment::SideDifferences differences;
  kernel::Table comparison;
  try {
    a = experiment::comparison_side(read_a, point_a);
    b = experiment::comparison_side(one_file ? read_a : *read_b, point_b);
    differences = experiment::check_comparable(a, b, opt.allow_different);
    // Within one sweep of independent streams the replications differ by design: pair by order.
    if (one_file && a.independent_streams) pairing = experiment::Pairing::kByOrder;
    comparison = experiment::compare_paired(a, b, pairing);
  } catch (const experiment::ComparisonError& e) {
    throw UsageError(e.what());
  }
  std::string allowed;
  for (const std::string& r : differences.refused) allowed += (allowed.empty() ? "" : "; ") + r;
  if (!allowed.empty()) comparison.description += "; compared with --allow-different: " + allowed;

  io::Provenance provenance = read_a.provenance;
  provenance.version = GRIDPLAN_VERSION;
  provenance.git_revision = GRIDPLAN_GIT_REVISION;
  provenance.command_line = invocation.command_line;
  provenance.created = utc_now_iso8601();
  provenance.overrides = "A: " + a.label + "\nB: " + b.label;
  io::write_hdf5(out, provenance, {comparison});
  if (!opt.quiet) {
    if (!differences.noted.empty()) {
      std::string noted;
      for (const std::string& n : differences.noted) noted += (noted.empty() ? "" : "; ") + n;
      std::cerr << "gridplan: warning: A and B differ in " << noted
                << ": B - A is the effect of all of it\n";
    }
    if (!allowed.empty())
      std::cerr << "gridplan: warning: compared with --allow-different although " << allowed
                << '\n';
    std::cout << "A: " << a.label << '\n' << "B: " << b.label << '\n';
    if (pairing == experiment::Pairing::kByOrder)
      std::cout << "(independent streams: runs paired by order; the interval is valid but no "
                   "tighter than for two independent samples)\n";
    std::int64_t most_pairs = 0;
    for (const std::int64_t n : comparison.column("n").i64) most_pairs = std::max(most_pairs, n);
    if (most_pairs < 2)
      std::cout << "(one pair of runs: differences without intervals (n/a); an interval needs "
                   "at least 2 replications, e.g. gridplan sweep SCENARIO --replications 5)\n";
    std::cout << '\n';
    print_comparison(std::cout, comparison);
    std::cout << "\nWrote " << out << '\n';
  }
  return kExitOk;
}

}  // namespace gridplan::cli
