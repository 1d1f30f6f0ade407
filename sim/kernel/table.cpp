// Table::append: concatenation of runs' tables, column by column.
#include "gridplan/kernel/table.hpp"

namespace gridplan::kernel {

void Table::append(const Table& other) {
  if (columns.empty()) {
    *this = other;
    return;
  }
  if (other.columns.size() != columns.size())
    throw std::invalid_argument("table '" + name + "': appending a table with other columns");
  // Check every column before touching any, so a failed append leaves the table unchanged.
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name != other.columns[i].name || columns[i].type != other.columns[i].type)
      throw std::invalid_argument("table '" + name + "': column mismatch at '" + columns[i].name +
                                  "'");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    Column& c = columns[i];
    const Column& o = other.columns[i];
    c.f64.insert(c.f64.end(), o.f64.begin(), o.f64.end());
    c.i64.insert(c.i64.end(), o.i64.begin(), o.i64.end());
    c.str.insert(c.str.end(), o.str.begin(), o.str.end());
  }
}

}  // namespace gridplan::kernel
