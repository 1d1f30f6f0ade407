// A column-oriented result table with units and descriptions: what observers record and what
// writers (HDF5, terminal) format. It knows nothing of files.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gridplan::kernel {

/// One typed column; exactly one of the value vectors is used, by `type`.
struct Column {
  enum class Type { kFloat64, kInt64, kString };
  std::string name;
  std::string unit;         ///< e.g. "hours", "cases", "1" for a ratio, "" for labels
  std::string description;  ///< one line
  Type type = Type::kFloat64;
  std::vector<double> f64;
  std::vector<std::int64_t> i64;
  std::vector<std::string> str;

  std::size_t size() const {
    return type == Type::kFloat64 ? f64.size() : type == Type::kInt64 ? i64.size() : str.size();
  }
};

/// A named table, e.g. "kpi" or "timeseries/daily" (the HDF5 path without the leading slash).
struct Table {
  std::string name;
  std::string description;
  std::vector<Column> columns;

  Column& add(std::string col_name, Column::Type type, std::string unit, std::string desc) {
    columns.push_back(
        Column{std::move(col_name), std::move(unit), std::move(desc), type, {}, {}, {}});
    return columns.back();
  }
  Column& add_f64(std::string n, std::string unit, std::string desc) {
    return add(std::move(n), Column::Type::kFloat64, std::move(unit), std::move(desc));
  }
  Column& add_i64(std::string n, std::string unit, std::string desc) {
    return add(std::move(n), Column::Type::kInt64, std::move(unit), std::move(desc));
  }
  Column& add_str(std::string n, std::string desc) {
    return add(std::move(n), Column::Type::kString, "", std::move(desc));
  }
  /// The column called `n`; throws std::out_of_range if absent.
  const Column& column(const std::string& n) const {
    for (const auto& c : columns)
      if (c.name == n) return c;
    throw std::out_of_range("table '" + name + "' has no column '" + n + "'");
  }
  Column& column(const std::string& n) {
    return const_cast<Column&>(static_cast<const Table*>(this)->column(n));
  }
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  /// Appends the rows of `other`, which must have the same columns in the same order.
  void append(const Table& other);
};

}  // namespace gridplan::kernel
