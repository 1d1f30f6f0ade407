#include "gridplan/io/table_digest.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <set>
#include <string>

namespace {

using gridplan::io::table_digest;
using gridplan::io::table_digest_whole;
using gridplan::io::TableDigest;
using gridplan::kernel::Table;

Table sample() {
  Table t;
  t.name = "kpi";
  t.add_i64("run", "", "run id").i64 = {0, 1, 2};
  t.add_f64("wait", "hours", "a wait").f64 = {0.5, -0.0, 1e300};
  t.add_str("street", "a street").str = {"xigu", "", "虹桥街道"};
  return t;
}

TEST(table_digest, every_single_bit_of_a_value_counts) {
  std::set<std::uint64_t> seen = {table_digest(sample())};
  for (int bit = 0; bit < 64; ++bit) {
    Table t = sample();
    t.columns[1].f64[1] =
        std::bit_cast<double>(std::bit_cast<std::uint64_t>(t.columns[1].f64[1]) ^ (1ULL << bit));
    EXPECT_TRUE(seen.insert(table_digest(t)).second) << "bit " << bit;
    Table u = sample();
    u.columns[0].i64[2] ^= std::int64_t{1} << bit;
    EXPECT_TRUE(seen.insert(table_digest(u)).second) << "bit " << bit;
  }
  for (int bit = 0; bit < 8; ++bit) {
    Table t = sample();
    t.columns[2].str[2][3] = static_cast<char>(t.columns[2].str[2][3] ^ (1 << bit));
    EXPECT_TRUE(seen.insert(table_digest(t)).second) << "bit " << bit;
  }
}

TEST(table_digest, rows_columns_names_units_and_descriptions_count) {
  const std::uint64_t whole = table_digest(sample());
  Table fewer = sample();
  for (auto& column : fewer.columns) {
    column.i64.resize(std::min<std::size_t>(column.i64.size(), 2));
    column.f64.resize(std::min<std::size_t>(column.f64.size(), 2));
    column.str.resize(std::min<std::size_t>(column.str.size(), 2));
  }
  EXPECT_NE(table_digest(fewer), whole);
  Table renamed = sample();
  renamed.columns[1].name = "waits";
  EXPECT_NE(table_digest(renamed), whole);
  Table swapped = sample();
  std::swap(swapped.columns[2].str[0], swapped.columns[2].str[1]);
  EXPECT_NE(table_digest(swapped), whole);
  Table unit = sample();
  unit.columns[1].unit = "minutes";
  EXPECT_NE(table_digest(unit), whole);
  Table described = sample();
  described.description = "another table";
  EXPECT_NE(table_digest(described), whole);
  // Where a table is (its name) is checked by the file's list of tables, not by its digest.
  Table moved = sample();
  moved.name = "other";
  EXPECT_EQ(table_digest(moved), whole);
}

// HDF5 pads fixed-length strings with NULs and gridplan trims them on reading.
TEST(table_digest, trailing_nuls_of_a_string_do_not_count) {
  Table padded = sample();
  padded.columns[2].str[0] += std::string(3, '\0');
  EXPECT_EQ(table_digest(padded), table_digest(sample()));
}

// A sweep's file is written as its runs' rows arrive: the digest of the pieces is the table's.
TEST(table_digest, pieces_in_order_give_the_whole_tables_digest) {
  const Table t = sample();
  TableDigest pieces(t, t.rows());
  pieces.add(t, 0, 1);
  pieces.add(t, 1, 1);
  pieces.add(t, 1, 3);
  EXPECT_EQ(pieces.value(), table_digest(t));
  TableDigest short_of_a_row(t, t.rows());
  short_of_a_row.add(t, 0, 2);
  EXPECT_NE(short_of_a_row.value(), table_digest(t));
  // A value moved to the next column's place is another table.
  Table moved = t;
  std::swap(moved.columns[0].i64[0], moved.columns[0].i64[1]);
  EXPECT_NE(table_digest(moved), table_digest(t));
}

// The first files' digest (one sequence over all values) is another function, still read.
TEST(table_digest, the_whole_table_form_differs_and_sees_every_value) {
  const Table t = sample();
  // What table_digest gave for this table when it was the whole-table form (78be7fd): files
  // written then carry it, and must still read.
  EXPECT_EQ(table_digest_whole(t), 0x5e1e6d69c51a4b33ULL);
  EXPECT_NE(table_digest_whole(t), table_digest(t));
  Table changed = t;
  changed.columns[1].f64[2] = 1e299;
  EXPECT_NE(table_digest_whole(changed), table_digest_whole(t));
}

}  // namespace
