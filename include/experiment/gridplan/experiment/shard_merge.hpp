// Merging the slices of one sweep (gridplan sweep --shard i/n, e.g. a Slurm job array) into the
// file the same sweep writes in one process (docs/experiments.md, "Cluster: MPI, shards and
// merge").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::experiment {

/// What a merge wrote.
struct MergeResult {
  std::size_t inputs = 0;  ///< files merged
  std::size_t points = 0;  ///< parameter points of the sweep
  std::size_t runs = 0;    ///< runs in the merged file (all of the sweep's)
};

/// Merges the result files `inputs` of slices of one sweep into `out_path`: every run's tables
/// in run order, then /points, /summary and /sweep computed as a one-process sweep does, so the
/// datasets are the ones that sweep writes. The provenance is the first input's, with the
/// version, revision, command line and creation time of `provenance`. `warmup_days` replaces
/// the inputs' warm-up, which must otherwise agree.
///
/// Reads each input once, with io::read_result_file (in a child process: a file that crashes
/// the HDF5 library is one more bad file). Throws io::BadResultFile naming the file if an input
/// cannot be read or its sweep tables are inconsistent (/sweep, /shard and /points sizes, run
/// ids out of range or repeated, a run's point or replication not the one its id implies, a run
/// table row of a run /runs lacks); SweepError naming the files if an input is not a sweep's
/// result file, if two inputs belong to different sweeps (fingerprint), if a run is in two
/// inputs, or if runs are missing (listing them). Writes nothing then.
MergeResult merge_shards(const std::vector<std::string>& inputs, const std::string& out_path,
                         const io::Provenance& provenance, std::optional<int> warmup_days);

/// "0, 3, 5-9": ascending run ids as a short list of ranges.
std::string format_runs(const std::vector<std::size_t>& runs);

}  // namespace gridplan::experiment
