// Table::append: concatenation of runs' tables, column by column; Table::reorder; a
// TableSource made whole.
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

void Table::reorder(const std::vector<std::string>& names) {
  if (names.size() != columns.size())
    throw std::invalid_argument("table '" + name + "': reordering " +
                                std::to_string(columns.size()) + " columns by " +
                                std::to_string(names.size()) + " names");
  std::vector<std::size_t> order;
  order.reserve(names.size());
  for (const std::string& n : names) {
    std::size_t i = 0;
    while (i < columns.size() && columns[i].name != n) ++i;
    if (i == columns.size())
      throw std::invalid_argument("table '" + name + "': no column '" + n + "' to reorder");
    order.push_back(i);
  }
  // A repeated name leaves some column out: permute refuses it.
  try {
    columns.permute(order);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("table '" + name + "': a column is named twice in the order");
  }
}

Table TableSource::table() const {
  Table t = columns;
  for (Column& c : t.columns) {
    c.f64.reserve(c.type == Column::Type::kFloat64 ? rows : 0);
    c.i64.reserve(c.type == Column::Type::kInt64 ? rows : 0);
    c.str.reserve(c.type == Column::Type::kString ? rows : 0);
  }
  fill(0, rows, t);
  return t;
}

}  // namespace gridplan::kernel
