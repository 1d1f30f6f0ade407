#include "gridplan/io/table_digest.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

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

}  // namespace

std::uint64_t table_digest(const kernel::Table& table) {
  Digest d;
  d.add(table.rows());
  d.add(table.columns.size());
  d.add_bytes(table.description);
  for (const Column& column : table.columns) {
    d.add_bytes(column.name);
    d.add_bytes(column.unit);
    d.add_bytes(column.description);
    d.add(static_cast<std::uint64_t>(column.type));
    switch (column.type) {
      case Column::Type::kFloat64:
        for (const double v : column.f64) d.add(std::bit_cast<std::uint64_t>(v));
        break;
      case Column::Type::kInt64:
        for (const std::int64_t v : column.i64) d.add(static_cast<std::uint64_t>(v));
        break;
      case Column::Type::kString:
        for (const std::string& v : column.str) d.add_bytes(v);
        break;
    }
  }
  return d.value();
}

}  // namespace gridplan::io
