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
/// and units, and a note of how many rows were left out. With `width` > 0, a table wider than
/// `width` characters is printed in blocks of columns that fit, each block repeating the key
/// columns (the leading run, point, name, ... columns; else the first column).
void print_rows(std::ostream& out, const kernel::Table& table, std::size_t max_rows,
                std::size_t width = 0);

/// The terminal's width for stdout: $COLUMNS if set to a number, else the width of the terminal
/// stdout is (ioctl TIOCGWINSZ), else 100 (not a terminal).
std::size_t terminal_width();

}  // namespace gridplan::cli
