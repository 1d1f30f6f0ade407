// `gridplan compare`: two scenarios (two result files, or two points of one sweep) compared KPI
// by KPI through paired differences over replications, printed and written as /comparison.
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
    "output/compare-<a>-<b>.h5). Both sides need the same replications.";

/// The options of `gridplan compare`.
struct CompareOptions {
  std::vector<std::string> files;
  std::string points;
  std::string out;
  bool quiet = false;
};

/// Parses the command line (one or two files); false if --help was printed.
bool parse_compare_options(const Invocation& invocation, CompareOptions& opt) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "points", po::value<std::string>(&opt.points),
      "I,J: compare point J with point I (of one sweep file; with two files, I of A and J of B)")(
      "out", po::value<std::string>(&opt.out),
      "output file (default output/compare-<a>-<b>.h5; its directory must exist)")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors");
  po::variables_map vm;
  if (!parse_file_options(invocation, kUsage, options, "FILE", 2, opt.files, vm)) return false;
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

/// --out, or output/compare-<a>-<b>.h5 (creating output/).
std::string output_path(const CompareOptions& opt, const std::string& suffix) {
  if (!opt.out.empty()) {
    fs::path directory = fs::path(opt.out).parent_path();
    std::error_code ec;
    if (!directory.empty() && !fs::is_directory(directory, ec))
      throw std::runtime_error("cannot write " + opt.out + ": directory " + directory.string() +
                               " does not exist");
    return opt.out;
  }
  fs::create_directories("output");
  return "output/compare-" + suffix + ".h5";
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
        << "  " << pad(sig[r] ? "yes" : "no", 11) << "  " << unit[r] << '\n';
}

int compare_command(const Invocation& invocation) {
  CompareOptions opt;
  if (!parse_compare_options(invocation, opt)) return kExitOk;
  for (const std::string& file : opt.files) require_input_file(file);
  std::optional<std::int64_t> point_a, point_b;
  if (!opt.points.empty()) {
    const auto [i, j] = parse_points(opt.points);
    point_a = i;
    point_b = j;
  }
  const std::string& file_a = opt.files.front();
  const std::string& file_b = opt.files.back();
  const bool one_file = opt.files.size() == 1;
  experiment::ComparisonSide a, b;
  experiment::Pairing pairing = experiment::Pairing::kByReplication;
  kernel::Table comparison;
  try {
    a = experiment::load_comparison_side(file_a, point_a);
    b = experiment::load_comparison_side(file_b, point_b);
    // Within one sweep of independent streams the replications differ by design: pair by order.
    if (one_file && a.independent_streams) pairing = experiment::Pairing::kByOrder;
    comparison = experiment::compare_paired(a, b, pairing);
  } catch (const experiment::ComparisonError& e) {
    throw UsageError(e.what());
  }

  const std::string suffix =
      one_file ? stem(file_a) + "-p" + std::to_string(*point_a) + "-p" + std::to_string(*point_b)
               : stem(file_a) + "-" + stem(file_b);
  const std::string out = output_path(opt, suffix);
  io::Provenance provenance = io::read_provenance(file_a);
  provenance.version = GRIDPLAN_VERSION;
  provenance.git_revision = GRIDPLAN_GIT_REVISION;
  provenance.command_line = invocation.command_line;
  provenance.created = utc_now_iso8601();
  provenance.overrides = "A: " + a.label + "\nB: " + b.label;
  io::write_hdf5(out, provenance, {comparison});
  if (!opt.quiet) {
    std::cout << "A: " << a.label << '\n' << "B: " << b.label << '\n';
    if (pairing == experiment::Pairing::kByOrder)
      std::cout << "(independent streams: runs paired by order; the interval is valid but no "
                   "tighter than for two independent samples)\n";
    std::cout << '\n';
    print_comparison(std::cout, comparison);
    std::cout << "\nWrote " << out << '\n';
  }
  return kExitOk;
}

}  // namespace gridplan::cli
