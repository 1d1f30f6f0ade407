// A 64-bit checksum of a table's contents, written beside each dataset and checked on reading.
// HDF5's default file format keeps a dataset's shape and chunk index without a checksum: a
// flipped bit there can make a table read back shorter, or with another chunk's rows, without an
// error. The digest is computed from the table itself (row count, column names, units and types,
// every value), so the reader checks what it got, whatever HDF5 did on the way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "gridplan/kernel/table.hpp"

namespace gridplan::io {

/// The checksum of `table`'s row count, description, column names, units, descriptions, types
/// and values (strings without trailing NULs, as HDF5's null-padded strings read back); not of
/// its name, which is where it is. Not cryptographic: any change of a single value changes it.
/// The texts count because HDF5 keeps them (variable-length strings) without a checksum, and
/// commands copy units into their output (merge's /summary). Each column's values are folded
/// apart from the others', so that a table written in pieces (TableDigest) gets the same value.
std::uint64_t table_digest(const kernel::Table& table);

/// table_digest of a table that arrives in pieces of rows, in order.
class TableDigest {
 public:
  /// `columns`: the table's description and columns (their values are ignored); `rows`: the
  /// rows the whole table will have.
  TableDigest(const kernel::Table& columns, std::size_t rows);
  ~TableDigest();
  TableDigest(TableDigest&&) noexcept;
  TableDigest& operator=(TableDigest&&) noexcept;

  /// Adds rows [from, to) of `piece`, whose columns are the table's, in the same order.
  void add(const kernel::Table& piece, std::size_t from, std::size_t to);
  std::uint64_t value() const;

 private:
  struct Lanes;
  std::unique_ptr<Lanes> lanes_;
};

/// The checksum as gridplan first wrote it (every column's values in one sequence), which a
/// table written in pieces cannot give; files written so still read (hdf5_reader.cpp).
std::uint64_t table_digest_whole(const kernel::Table& table);

}  // namespace gridplan::io
