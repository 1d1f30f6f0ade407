#include "gridplan/io/table_digest.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace gridplan::io {
namespace {

using kernel::Column;

constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

/// MurmurHash3's finaliser: a bijection that spreads every input bit over the output.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  return x ^ (x >> 33);
}

/// Folds words into four independent lanes (so that the multiplications overlap), each step a
/// bijection of its lane: a change of any one word changes the result.
class Digest {
 public:
  void add(std::uint64_t word) {
    std::uint64_t& lane = lanes_[count_++ & 3];
    lane = std::rotl((lane ^ word) * kMultiplier, 31);
  }
  void add_bytes(const std::string& text) {
    std::size_t n = text.size();
    while (n > 0 && text[n - 1] == '\0') --n;
    add(n);
    for (std::size_t at = 0; at < n; at += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + at, std::min<std::size_t>(8, n - at));
      add(word);
    }
  }
  std::uint64_t value() const {
    std::uint64_t h = count_;
    for (const std::uint64_t lane : lanes_) h = mix(h ^ lane);
    return h;
  }

 private:
  std::array<std::uint64_t, 4> lanes_ = {1, 2, 3, 4};
  std::uint64_t count_ = 0;
};

/// Adds rows [from, to) of `column` to `d`.
void add_values(Digest& d, const Column& column, std::size_t from, std::size_t to) {
  switch (column.type) {
    case Column::Type::kFloat64:
      for (std::size_t r = from; r < to; ++r) d.add(std::bit_cast<std::uint64_t>(column.f64[r]));
      break;
    case Column::Type::kInt64:
      for (std::size_t r = from; r < to; ++r) d.add(static_cast<std::uint64_t>(column.i64[r]));
      break;
    case Column::Type::kString:
      for (std::size_t r = from; r < to; ++r) d.add_bytes(column.str[r]);
      break;
  }
}

/// A column's name, unit, description and type.
void add_column_header(Digest& d, const Column& column) {
  d.add_bytes(column.name);
  d.add_bytes(column.unit);
  d.add_bytes(column.description);
  d.add(static_cast<std::uint64_t>(column.type));
}

/// Row count, description and each column's header.
void add_header(Digest& d, const kernel::Table& table, std::size_t rows) {
  d.add(rows);
  d.add(table.columns.size());
  d.add_bytes(table.description);
  for (const Column& column : table.columns) add_column_header(d, column);
}

}  // namespace

struct TableDigest::Lanes {
  Digest header;
  std::vector<Digest> columns;
};

TableDigest::TableDigest(const kernel::Table& columns, std::size_t rows)
    : lanes_(std::make_unique<Lanes>()) {
  add_header(lanes_->header, columns, rows);
  lanes_->columns.resize(columns.columns.size());
}

TableDigest::~TableDigest() = default;
TableDigest::TableDigest(TableDigest&&) noexcept = default;
TableDigest& TableDigest::operator=(TableDigest&&) noexcept = default;

void TableDigest::add(const kernel::Table& piece, std::size_t from, std::size_t to) {
  for (std::size_t i = 0; i < lanes_->columns.size(); ++i)
    add_values(lanes_->columns[i], piece.columns[i], from, to);
}

std::uint64_t TableDigest::value() const {
  Digest d;
  d.add(lanes_->header.value());
  for (const Digest& column : lanes_->columns) d.add(column.value());
  return d.value();
}

std::uint64_t table_digest(const kernel::Table& table) {
  TableDigest d(table, table.rows());
  d.add(table, 0, table.rows());
  return d.value();
}

std::uint64_t table_digest_whole(const kernel::Table& table) {
  Digest d;
  d.add(table.rows());
  d.add(table.columns.size());
  d.add_bytes(table.description);
  for (const Column& column : table.columns) {
    add_column_header(d, column);
    add_values(d, column, 0, column.size());
  }
  return d.value();
}

}  // namespace gridplan::io
