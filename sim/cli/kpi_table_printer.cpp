// Formats result tables for the terminal: aligned columns, units beside values, numbers rounded
// by what they measure (counts, rates in [0, 1], hours).
#include "kpi_table_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace gridplan::cli {

namespace {

using kernel::Column;
using kernel::Table;

/// Units whose values are durations or amounts shown with 2 decimals even when whole.
bool is_measure_unit(const std::string& unit) {
  return unit == "hours" || unit == "days" || unit == "minutes" || unit == "seconds" ||
         unit == "km2";
}

std::string format_f64(double value, const std::string& unit) {
  if (std::isnan(value)) return "n/a";
  char text[64];
  if (unit == "1")
    std::snprintf(text, sizeof text, "%.4f", value);
  else if (!is_measure_unit(unit) && value == std::floor(value) && std::fabs(value) < 1e15)
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

/// Pads `text` to `width`, on the left (right-aligned) or the right.
std::string pad(const std::string& text, std::size_t width, bool right_align) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right_align ? fill + text : text + fill;
}

}  // namespace

std::string format_cell(const Column& column, std::size_t row) {
  switch (column.type) {
    case Column::Type::kInt64:
      return std::to_string(column.i64[row]);
    case Column::Type::kString:
      return column.str[row];
    case Column::Type::kFloat64:
      break;
  }
  return format_f64(column.f64[row], column.unit);
}

void print_columns_as_rows(std::ostream& out, const Table& table, std::size_t max_rows) {
  const std::size_t rows = std::min(table.rows(), max_rows);
  std::size_t name_width = 0, value_width = 0;
  for (const Column& c : table.columns) {
    name_width = std::max(name_width, c.name.size());
    for (std::size_t r = 0; r < rows; ++r)
      value_width = std::max(value_width, format_cell(c, r).size());
  }
  for (const Column& c : table.columns) {
    out << "  " << pad(c.name, name_width, false);
    for (std::size_t r = 0; r < rows; ++r) out << "  " << pad(format_cell(c, r), value_width, true);
    if (!c.unit.empty() && c.unit != "1") out << "  " << c.unit;
    out << '\n';
  }
  if (rows < table.rows())
    out << "  (" << rows << " of " << table.rows() << " rows shown; see --table " << table.name
        << ")\n";
}

void print_rows(std::ostream& out, const Table& table, std::size_t max_rows) {
  const std::size_t rows = std::min(table.rows(), max_rows);
  std::vector<std::vector<std::string>> cells(table.columns.size());
  std::vector<std::size_t> widths(table.columns.size());
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    widths[i] = std::max(c.name.size(), c.unit.size() + 2);
    for (std::size_t r = 0; r < rows; ++r) {
      cells[i].push_back(format_cell(c, r));
      widths[i] = std::max(widths[i], cells[i].back().size());
    }
  }
  auto print_line = [&](auto text_of) {
    std::string line;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const bool is_text = table.columns[i].type == Column::Type::kString;
      line += (i ? "  " : "") + pad(text_of(i), widths[i], !is_text);
    }
    out << line.erase(line.find_last_not_of(' ') + 1) << '\n';
  };
  print_line([&](std::size_t i) { return table.columns[i].name; });
  print_line([&](std::size_t i) {
    const std::string& unit = table.columns[i].unit;
    return unit.empty() ? std::string() : "[" + unit + "]";
  });
  for (std::size_t r = 0; r < rows; ++r) print_line([&](std::size_t i) { return cells[i][r]; });
  if (rows < table.rows()) out << "(" << rows << " of " << table.rows() << " rows shown)\n";
}

}  // namespace gridplan::cli
