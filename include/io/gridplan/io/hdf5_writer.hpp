// HDF5 result files: tables become chunked, gzip-compressed compound datasets with units and
// descriptions, written through io::OutputFile (a temporary beside the final path, renamed when
// complete), whole or as their rows arrive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
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
  /// The event log replayed (--replay), if any: as given, its size, SHA-256 and what-ifs.
  std::string replay_log;
  std::uint64_t replay_log_bytes = 0;
  std::string replay_log_sha256;
  std::string replay_options;  ///< e.g. "--replay-scale 1.2 --replay-bootstrap"; "" for none
};

/// Writes `tables` (each at "/" + table.name) to `path` through an OutputFile. Throws
/// std::runtime_error naming the path on failure, leaving no file behind. The caller checks the
/// path first (check_output_path).
void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<kernel::Table>& tables);

/// write_hdf5 of `tables`, then of `sources`, whose rows are made and written a few chunks at
/// a time, so that a source's table is never held whole. Sources have numeric columns only (a
/// string column's width would need every row first): std::invalid_argument otherwise.
void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<kernel::Table>& tables,
                const std::vector<kernel::TableSource>& sources);

/// What a table written in pieces must declare before its first row: its columns, its rows
/// and the width of each string column (HDF5's strings are fixed-length).
struct TableShape {
  kernel::Table columns;            ///< name, description and columns; no rows
  std::size_t rows = 0;             ///< rows of the whole table
  std::vector<std::size_t> widths;  ///< bytes of each string column (>= 1), 0 for a number
};

/// The shape of `table` as it is: its rows, and its longest string in each string column.
TableShape shape_of(const kernel::Table& table);

/// Adds `more`, a later piece of the same table, to `shape`: rows summed, each width the
/// larger. Throws std::invalid_argument if the column names or types differ.
void widen(TableShape& shape, const TableShape& more);

/// The shape of every table of `path` (in file order) from its metadata: no rows are read.
/// A string column's width is the one stored, which write_hdf5 makes the longest value's.
/// Throws BadResultFile. Reads in this process: for files gridplan wrote itself.
std::vector<TableShape> read_table_shapes(const std::string& path);

/// A result file written as its rows arrive, with at most one chunk of each table in memory:
/// each table is opened with its shape, then its rows are appended in order, in pieces. The
/// datasets equal those write_hdf5 makes of the whole tables (same chunks, same bytes). Like
/// write_hdf5, it writes through an OutputFile: until commit() the file is a temporary, which
/// the destructor removes. Errors name the path: std::invalid_argument for tables that do not
/// fit (the caller's mistake), std::runtime_error for a failed write. One thread at a time.
class ResultWriter {
 public:
  ResultWriter(const std::string& path, const Provenance& provenance);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  /// Creates table shape.columns.name (tables list in the order opened).
  void open(const TableShape& shape);
  /// Appends `piece`'s rows to its table (by name): its columns must be the table's, its strings
  /// no wider than the widths, and the rows no more than the shape's.
  void append(const kernel::Table& piece);
  /// Checks that every table has all its rows, finishes the file and renames it into place.
  void commit();

 private:
  struct State;
  std::string path_;
  std::unique_ptr<State> state_;
};

/// An input file that is not a usable gridplan result file: missing, not a regular file, empty,
/// not HDF5, damaged (an HDF5 error, or a crash of the library while reading it: see
/// read_result_file), or without a table or column the command needs. The message names the
/// file and says why, on one line; the CLI exits with 2 (bad input).
class BadResultFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Whether a failed read prints HDF5's own error stack on stderr (off by default: the
/// BadResultFile message carries HDF5's innermost reason). Process-wide; `--verbose`.
void set_hdf5_diagnostics(bool on);
bool hdf5_diagnostics();

/// Reads the table at "/" + name back, with units and descriptions, checking every structural
/// fact (type classes, field count, sizes, string widths, rows against storage). Throws
/// BadResultFile naming the file and the table. Reads in this process: see read_result_file.
kernel::Table read_hdf5_table(const std::string& path, const std::string& name);

/// The names of every table in the file (e.g. "kpi", "timeseries/daily"), in file order.
/// Throws BadResultFile.
std::vector<std::string> list_hdf5_tables(const std::string& path);

/// Reads the provenance attributes back. Throws BadResultFile.
Provenance read_provenance(const std::string& path);

/// A result file read whole for a command: its provenance, the names of all its tables and
/// the tables that were asked for.
struct ResultFile {
  std::string path;
  Provenance provenance;
  std::vector<std::string> names;     ///< every table of the file, in file order
  std::vector<kernel::Table> tables;  ///< the tables read, in file order

  /// Whether the file has table `name` (read or not).
  bool lists(const std::string& name) const;
  /// Table `name` if it was read, else nullptr.
  const kernel::Table* find(const std::string& name) const;
  /// Table `name`; throws BadResultFile if it was not read (the file lacks it).
  const kernel::Table& table(const std::string& name) const;
  /// Column `name` of `table` (a table of this file), which must have `type`; throws
  /// BadResultFile naming the file, the table and the column otherwise.
  const kernel::Column& column(const kernel::Table& table, const std::string& name,
                               kernel::Column::Type type) const;
  /// Throws BadResultFile unless `table` has `rows` rows.
  void require_rows(const kernel::Table& table, std::size_t rows) const;
  /// Throws BadResultFile "PATH: not a usable gridplan result file: PROBLEM".
  [[noreturn]] void bad(const std::string& problem) const;
};

/// Reads `path`'s provenance, table list and the tables `wanted` accepts (every table if
/// `wanted` is empty) in a child process (fork), which sends them back through a pipe: the HDF5
/// library crashes on some damaged files (unchecksummed global heap and link storage), and
/// then the child dies, not the command. This process never opens the file with HDF5. Throws
/// BadResultFile for a bad file (including "reading it crashed the HDF5 library"),
/// std::runtime_error if the child could not be started or was killed (e.g. out of memory).
/// For single-threaded callers: only the calling thread exists in the child.
ResultFile read_result_file(const std::string& path,
                            const std::function<bool(const std::string&)>& wanted = {});

}  // namespace gridplan::io
