// A 64-bit checksum of a table's contents, written beside each dataset and checked on reading.
// HDF5's default file format keeps a dataset's shape and chunk index without a checksum: a
// flipped bit there can make a table read back shorter, or with another chunk's rows, without an
// error. The digest is computed from the table itself (row count, column names, units and types,
// every value), so the reader checks what it got, whatever HDF5 did on the way.
#pragma once

#include <cstdint>

#include "gridplan/kernel/table.hpp"

namespace gridplan::io {

/// The checksum of `table`'s row count, description, column names, units, descriptions, types
/// and values (strings without trailing NULs, as HDF5's null-padded strings read back); not of
/// its name, which is where it is. Not cryptographic: any change of a single value changes it.
/// The texts count because HDF5 keeps them (variable-length strings) without a checksum, and
/// commands copy units into their output (merge's /summary).
std::uint64_t table_digest(const kernel::Table& table);

}  // namespace gridplan::io
