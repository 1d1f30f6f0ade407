// HDF5 result files: tables become chunked, gzip-compressed compound datasets with units and
// descriptions; files are written under a temporary name and renamed when complete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::io {

/// Who wrote a file, from what: stored as attributes of `/` and `/scenario`.
struct Provenance {
  std::string version;
  std::string git_revision;
  std::string command_line;
  std::string created;  ///< ISO 8601 UTC
  std::string scenario_name;
  std::string scenario_text;  ///< the full TOML text
  std::string overrides;      ///< the --set overrides, one per line
  std::uint64_t seed = 0;
  int horizon_days = 0;
};

/// Writes `tables` (each at "/" + table.name) to `path` via `path + ".tmp"` and a rename.
/// Throws std::runtime_error naming the path on failure, leaving no file behind.
void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<kernel::Table>& tables);

/// Reads the table at "/" + name back, with units and descriptions. Throws std::runtime_error.
kernel::Table read_hdf5_table(const std::string& path, const std::string& name);

/// The names of every table in the file (e.g. "kpi", "timeseries/daily"), in file order.
std::vector<std::string> list_hdf5_tables(const std::string& path);

/// Reads the provenance attributes back.
Provenance read_provenance(const std::string& path);

}  // namespace gridplan::io
