// A sweep in progress keeps each finished run as its own atomically written HDF5 file
// (OUT.parts/run-NNNNNN.h5), so Ctrl-C or a crash loses no finished run and --resume knows it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// The parts of one sweep: `out_path` + ".parts/", each part tagged with the sweep's fingerprint.
class SweepParts {
 public:
  /// Parts of the sweep that writes `out_path` and has `fingerprint`; touches no file.
  SweepParts(std::string out_path, std::string fingerprint);

  /// The directory, OUT.parts.
  const std::string& directory() const { return directory_; }
  /// Whether the directory exists.
  bool exists() const;
  /// Creates the directory (and nothing else); throws std::runtime_error on failure.
  void create() const;
  /// The file of run `run`: OUT.parts/run-000042.h5.
  std::string path_of(std::size_t run) const;

  /// Writes run `run`'s tables with a one-row "part" table (run, fingerprint) atomically
  /// (temporary file + rename).
  void write(std::size_t run, const io::Provenance& provenance,
             const std::vector<kernel::Table>& tables) const;

  /// The runs below `total` whose parts exist, ascending. Removes leftover temporary files of
  /// an interrupted write, so the caller must hold the directory's io::DirectoryLock. Throws
  /// SweepError if a part belongs to another sweep (fingerprint) or is unreadable, naming the file.
  std::vector<std::size_t> finished_runs(std::size_t total) const;

  /// The tables of run `run`'s part, in the order written, without the "part" table.
  std::vector<kernel::Table> read(std::size_t run) const;
  /// The shapes of those tables (rows and string widths), from the part's metadata.
  std::vector<io::TableShape> shapes(std::size_t run) const;

  /// Deletes the directory and everything in it.
  void remove() const;

 private:
  std::string directory_;
  std::string fingerprint_;
};

}  // namespace gridplan::experiment
