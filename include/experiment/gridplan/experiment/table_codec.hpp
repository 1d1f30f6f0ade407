// A run's result tables as one byte string and back, exactly (doubles bit for bit): how an MPI
// rank sends a finished run to rank 0, which writes it like a run of its own.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::experiment {

/// A byte string that is not an encoding of tables (truncated, or another format version).
class TableCodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Encodes `tables` (names, descriptions, columns with units and values). Numbers are stored in
/// this machine's byte order: encoder and decoder must share it (every rank of one cluster does).
std::string encode_tables(const std::vector<kernel::Table>& tables);

/// Decodes what encode_tables wrote; throws TableCodecError on anything else.
std::vector<kernel::Table> decode_tables(const std::string& bytes);

}  // namespace gridplan::experiment
