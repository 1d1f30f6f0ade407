// `gridplan merge`: the slices of one sweep, run as separate jobs with --shard i/n (a Slurm job
// array, GNU parallel, ssh), combined into the file the same sweep writes in one process.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/experiment/shard_merge.hpp"
#include "gridplan/experiment/sweep_plan.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;

const char* const kUsage =
    "Usage: gridplan merge SLICE.h5... --out FILE [options]\n\n"
    "Combines the result files of `gridplan sweep ... --shard i/n` (one per i) into the file the\n"
    "same sweep writes in one process: every run's tables in run order, /points, /summary and\n"
    "/sweep. Refuses slices of different sweeps, slices that overlap, missing runs, and files\n"
    "that are not readable, consistent gridplan sweep files (damaged, truncated, not HDF5):\n"
    "exit code 2, nothing written.";

/// The options of `gridplan merge`.
struct MergeOptions {
  std::vector<std::string> files;
  std::string out;
  std::optional<int> warmup_days;
  bool quiet = false;
  bool verbose = false;
};

/// Parses the command line; false if --help was printed.
bool parse_merge_options(const Invocation& invocation, MergeOptions& opt) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")("out", po::value<std::string>(&opt.out),
                                                     "the merged file (its directory must exist)")(
      "warmup-days", po::value<int>(),
      "days left out of the daily_* summary rows (default: the slices' own, which must agree)")(
      "quiet", po::bool_switch(&opt.quiet), "print nothing but errors")(
      "verbose", po::bool_switch(&opt.verbose),
      "print HDF5's own diagnostics (its error stack) if a slice cannot be read");
  po::variables_map vm;
  if (!parse_file_options(invocation, kUsage, options, "SLICE", -1, opt.files, vm)) return false;
  if (opt.files.empty()) throw UsageError("no slice to merge (see --help)");
  if (!vm.count("out")) throw UsageError("missing --out FILE (see --help)");
  if (vm.count("warmup-days")) {
    opt.warmup_days = vm["warmup-days"].as<int>();
    if (*opt.warmup_days < 0) throw UsageError("--warmup-days must be >= 0");
  }
  io::InputFiles slices;
  for (const std::string& file : opt.files) {
    require_input_file(file);
    slices.add(file);
  }
  io::check_output_path(opt.out, slices);
  return true;
}

}  // namespace

int merge_command(const Invocation& invocation) {
  MergeOptions opt;
  if (!parse_merge_options(invocation, opt)) return kExitOk;
  io::set_hdf5_diagnostics(opt.verbose);
  io::Provenance provenance;
  provenance.version = GRIDPLAN_VERSION;
  provenance.git_revision = GRIDPLAN_GIT_REVISION;
  provenance.command_line = invocation.command_line;
  provenance.created = utc_now_iso8601();
  experiment::MergeResult result;
  try {
    result = experiment::merge_shards(opt.files, opt.out, provenance, opt.warmup_days);
  } catch (const experiment::SweepError& e) {
    throw UsageError(e.what());
  }
  if (!opt.quiet)
    std::cout << "Merged " << result.inputs << " files: " << result.points << " points, "
              << result.runs << " runs\nWrote " << opt.out << "\n(gridplan show " << opt.out
              << " prints the summary)\n";
  return kExitOk;
}

}  // namespace gridplan::cli
