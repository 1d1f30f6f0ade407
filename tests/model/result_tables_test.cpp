// The result tables are filled through references to their columns, taken as the columns are
// added (several units add columns to one table): adding or reordering columns must never
// invalidate such a reference.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::testing {
namespace {

using kernel::Column;
using kernel::Table;

TEST(result_tables, an_earlier_column_reference_stays_valid_after_adding_100_columns) {
  Table t;
  t.name = "daily";
  auto& run = t.add_i64("run", "", "run id").i64;
  Column& first = t.columns.front();
  run.push_back(7);
  for (int i = 0; i < 100; ++i) {
    std::string name = "c";
    name += std::to_string(i);
    t.add_f64(name, "1", "filler").f64.push_back(i);
  }
  run.push_back(8);  // through the reference taken before the 100 columns
  ASSERT_EQ(t.columns.size(), 101u);
  EXPECT_EQ(&t.columns[0], &first);
  EXPECT_EQ(&t.columns[0].i64, &run);
  EXPECT_EQ(t.column("run").i64, (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(t.column("c99").f64, (std::vector<double>{99.0}));
}

TEST(result_tables, reorder_moves_columns_and_keeps_references) {
  Table t;
  t.name = "grids";
  auto& a = t.add_i64("a", "", "").i64;
  auto& b = t.add_f64("b", "", "").f64;
  auto& c = t.add_str("c", "").str;
  t.reorder({"c", "a", "b"});
  a.push_back(1);
  b.push_back(2.0);
  c.push_back("3");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "c");
  EXPECT_EQ(t.columns[1].name, "a");
  EXPECT_EQ(t.columns[2].name, "b");
  EXPECT_EQ(t.columns[0].str, (std::vector<std::string>{"3"}));
  EXPECT_EQ(t.columns[1].i64, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(t.columns[2].f64, (std::vector<double>{2.0}));
}

TEST(result_tables, reorder_refuses_a_missing_extra_or_repeated_column) {
  Table t;
  t.name = "streets";
  t.add_i64("a", "", "");
  t.add_i64("b", "", "");
  EXPECT_THROW(t.reorder({"a"}), std::invalid_argument);            // one left out
  EXPECT_THROW(t.reorder({"a", "b", "c"}), std::invalid_argument);  // one unknown
  EXPECT_THROW(t.reorder({"a", "c"}), std::invalid_argument);
  EXPECT_THROW(t.reorder({"a", "a"}), std::invalid_argument);
  // Unchanged after a refusal.
  EXPECT_EQ(t.columns[0].name, "a");
  EXPECT_EQ(t.columns[1].name, "b");
}

TEST(result_tables, copies_are_deep_and_moves_keep_references) {
  Table t;
  auto& a = t.add_i64("a", "", "").i64;
  a.push_back(1);
  Table copy = t;
  copy.columns[0].i64.push_back(2);
  EXPECT_EQ(a.size(), 1u);
  Table moved = std::move(t);
  a.push_back(3);  // the column itself did not move
  EXPECT_EQ(moved.columns[0].i64, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(copy.columns[0].i64, (std::vector<std::int64_t>{1, 2}));
}

}  // namespace
}  // namespace gridplan::testing
