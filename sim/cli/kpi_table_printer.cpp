// Formats result tables for the terminal: aligned columns, units beside values, numbers rounded
// by what they measure (counts, rates in [0, 1], hours).
#include "kpi_table_printer.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

/// Column width of a text in terminal cells (UTF-8 continuation bytes take none).
std::size_t cells_of(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

/// Pads `text` to `width` terminal cells, on the left (right-aligned) or the right.
std::string pad(const std::string& text, std::size_t width, bool right_align) {
  const std::size_t used = cells_of(text);
  if (used >= width) return text;
  const std::string fill(width - used, ' ');
  return right_align ? fill + text : text + fill;
}

/// Whether a column names its row (repeated in every block of a wide table).
bool is_key_column(const Column& c) {
  static const char* const kKeys[] = {"run",    "point", "replication", "name",       "kpi",
                                      "day",    "hour",  "street",      "department", "grid",
                                      "office", "drill", "phase"};
  for (const char* key : kKeys)
    if (c.name == key) return true;
  return false;
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

void print_rows(std::ostream& out, const Table& table, std::size_t max_rows, std::size_t width) {
  const std::size_t rows = std::min(table.rows(), max_rows);
  const std::size_t count = table.columns.size();
  std::vector<std::vector<std::string>> cells(count);
  std::vector<std::size_t> widths(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Column& c = table.columns[i];
    widths[i] = std::max(cells_of(c.name), cells_of(c.unit) + 2);
    for (std::size_t r = 0; r < rows; ++r) {
      cells[i].push_back(format_cell(c, r));
      widths[i] = std::max(widths[i], cells_of(cells[i].back()));
    }
  }
  // The blocks of columns: all of them if they fit (or no width is given), else the key
  // columns followed by as many others as fit, at least one.
  std::vector<std::vector<std::size_t>> blocks;
  std::size_t total = 0, keys = 0;
  for (std::size_t i = 0; i < count; ++i) total += (i ? 2 : 0) + widths[i];
  if (width == 0 || total <= width || count < 2) {
    blocks.emplace_back();
    for (std::size_t i = 0; i < count; ++i) blocks.back().push_back(i);
  } else {
    std::size_t key_width = 0;
    while (keys + 1 < count && is_key_column(table.columns[keys]) &&
           key_width + 2 + widths[keys] <= width / 2) {
      key_width += (keys ? 2 : 0) + widths[keys];
      ++keys;
    }
    if (keys == 0) key_width = widths[keys++];
    for (std::size_t i = keys; i < count;) {
      blocks.emplace_back();
      for (std::size_t k = 0; k < keys; ++k) blocks.back().push_back(k);
      std::size_t used = key_width;
      do used += 2 + widths[i], blocks.back().push_back(i++);
      while (i < count && used + 2 + widths[i] <= width);
    }
  }
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::vector<std::size_t>& block = blocks[b];
    if (blocks.size() > 1)
      out << (b ? "\n" : "") << "(columns " << block[keys] + 1 << "-" << block.back() + 1 << " of "
          << count << ")\n";
    auto print_line = [&](auto text_of) {
      std::string line;
      for (std::size_t j = 0; j < block.size(); ++j) {
        const std::size_t i = block[j];
        const bool is_text = table.columns[i].type == Column::Type::kString;
        line += (j ? "  " : "") + pad(text_of(i), widths[i], !is_text);
      }
      out << line.erase(line.find_last_not_of(' ') + 1) << '\n';
    };
    print_line([&](std::size_t i) { return table.columns[i].name; });
    print_line([&](std::size_t i) {
      const std::string& unit = table.columns[i].unit;
      return unit.empty() ? std::string() : "[" + unit + "]";
    });
    for (std::size_t r = 0; r < rows; ++r) print_line([&](std::size_t i) { return cells[i][r]; });
  }
  if (rows < table.rows())
    out << "(" << rows << " of " << table.rows() << " rows shown; --all prints every row)\n";
}

std::size_t terminal_width() {
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n >= 20) return static_cast<std::size_t>(n);
  }
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col >= 20)
    return size.ws_col;
  return 100;
}

}  // namespace gridplan::cli
