// Result tables on the terminal: the KPI table with one line per KPI (name, value per run, unit)
// and any table with its columns as columns. Numbers are formatted by unit.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "gridplan/kernel/table.hpp"

namespace gridplan::cli {

/// One cell as text: integers without decimals, rates (unit "1") with 4 decimals, other floats
/// with 2 (whole numbers of a count unit without), NaN as "n/a".
std::string format_cell(const kernel::Column& column, std::size_t row);

/// Prints `table` with one line per column: name, the value in each of the first `max_rows`
/// rows (runs), unit; names left-aligned, values right-aligned.
void print_columns_as_rows(std::ostream& out, const kernel::Table& table, std::size_t max_rows);

/// Prints the first `max_rows` rows of `table` with its columns as columns, a header of names
/// and units, and a note of how many rows were left out.
void print_rows(std::ostream& out, const kernel::Table& table, std::size_t max_rows);

}  // namespace gridplan::cli
