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
  for (std::size_t i = 0; i < columns.size(); ++i) {
    Column& c = columns[i];
    const Column& o = other.columns[i];
    if (c.name != o.name || c.type != o.type)
      throw std::invalid_argument("table '" + name + "': column mismatch at '" + c.name + "'");
    c.f64.insert(c.f64.end(), o.f64.begin(), o.f64.end());
    c.i64.insert(c.i64.end(), o.i64.begin(), o.i64.end());
    c.str.insert(c.str.end(), o.str.begin(), o.str.end());
  }
}

}  // namespace gridplan::kernel
