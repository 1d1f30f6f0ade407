// Unit tests of the result table: typed columns with units, lookup by name, and appending the
// rows of a table with the same columns (and refusing one whose columns differ).
#include "gridplan/kernel/table.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gridplan::kernel {
namespace {

// A small KPI table: one row per run.
Table kpi_table(std::int64_t run, double wait_hours, const std::string& district) {
  Table t;
  t.name = "kpi";
  t.description = "one row per run";
  t.add_i64("run", "1", "run id").i64.push_back(run);
  t.add_f64("wait_hours_mean", "hours", "mean wait").f64.push_back(wait_hours);
  t.add_str("district", "district name").str.push_back(district);
  return t;
}

TEST(table, add_sets_name_type_unit_and_description) {
  Table t;
  t.add_f64("wait_hours_mean", "hours", "mean wait");
  t.add_i64("cases", "cases", "cases closed");
  t.add_str("district", "district name");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "wait_hours_mean");
  EXPECT_EQ(t.columns[0].type, Column::Type::kFloat64);
  EXPECT_EQ(t.columns[0].unit, "hours");
  EXPECT_EQ(t.columns[0].description, "mean wait");
  EXPECT_EQ(t.columns[1].type, Column::Type::kInt64);
  EXPECT_EQ(t.columns[1].unit, "cases");
  EXPECT_EQ(t.columns[2].type, Column::Type::kString);
  EXPECT_EQ(t.columns[2].unit, "");
  EXPECT_EQ(t.rows(), 0u);
}

TEST(table, column_lookup_by_name) {
  Table t = kpi_table(3, 1.5, "Hongqiao");
  EXPECT_EQ(t.column("run").i64, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(t.column("wait_hours_mean").f64, (std::vector<double>{1.5}));
  EXPECT_EQ(t.column("district").str, (std::vector<std::string>{"Hongqiao"}));
  // The mutable overload returns the stored column.
  t.column("wait_hours_mean").f64.push_back(2.0);
  EXPECT_EQ(t.columns[1].f64.size(), 2u);
  const Table& c = t;
  EXPECT_EQ(&c.column("district"), &t.columns[2]);
  EXPECT_EQ(t.rows(), 1u);  // the first column's size
}

TEST(table, missing_column_throws_out_of_range_naming_table_and_column) {
  const Table t = kpi_table(0, 1.0, "a");
  try {
    (void)t.column("wait_minutes");
    ADD_FAILURE() << "no exception";
  } catch (const std::out_of_range& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("kpi"), std::string::npos) << what;
    EXPECT_NE(what.find("wait_minutes"), std::string::npos) << what;
  }
  Table m = kpi_table(0, 1.0, "a");
  EXPECT_THROW(m.column(""), std::out_of_range);
}

TEST(table, column_size_follows_its_type) {
  Column c;
  c.type = Column::Type::kInt64;
  c.f64 = {1, 2, 3};
  c.i64 = {4};
  EXPECT_EQ(c.size(), 1u);
  c.type = Column::Type::kString;
  EXPECT_EQ(c.size(), 0u);
  c.type = Column::Type::kFloat64;
  EXPECT_EQ(c.size(), 3u);
}

TEST(table, append_concatenates_rows_in_order) {
  Table all = kpi_table(0, 1.5, "a");
  all.append(kpi_table(1, 2.5, "b"));
  all.append(kpi_table(2, 3.5, "c"));
  EXPECT_EQ(all.rows(), 3u);
  EXPECT_EQ(all.column("run").i64, (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(all.column("wait_hours_mean").f64, (std::vector<double>{1.5, 2.5, 3.5}));
  EXPECT_EQ(all.column("district").str, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(all.column("wait_hours_mean").unit, "hours");
  // Appending a table with no rows changes nothing.
  Table empty_rows = kpi_table(0, 0, "");
  for (auto& c : empty_rows.columns) {
    c.f64.clear();
    c.i64.clear();
    c.str.clear();
  }
  all.append(empty_rows);
  EXPECT_EQ(all.rows(), 3u);
}

TEST(table, append_to_a_table_without_columns_copies_the_other) {
  Table all;
  all.append(kpi_table(4, 0.5, "d"));
  ASSERT_EQ(all.columns.size(), 3u);
  EXPECT_EQ(all.rows(), 1u);
  EXPECT_EQ(all.column("run").i64, (std::vector<std::int64_t>{4}));
  EXPECT_EQ(all.column("wait_hours_mean").unit, "hours");
  all.append(kpi_table(5, 0.75, "e"));
  EXPECT_EQ(all.rows(), 2u);
}

TEST(table, append_with_mismatched_columns_throws) {
  // Fewer columns.
  Table fewer;
  fewer.add_i64("run", "1", "run id").i64.push_back(9);
  Table all = kpi_table(0, 1.0, "a");
  EXPECT_THROW(all.append(fewer), std::invalid_argument);
  // More columns.
  Table more = kpi_table(1, 1.0, "b");
  more.add_f64("extra", "1", "extra");
  EXPECT_THROW(all.append(more), std::invalid_argument);
  // Same count, first column renamed.
  Table renamed = kpi_table(1, 1.0, "b");
  renamed.columns[0].name = "replication";
  EXPECT_THROW(all.append(renamed), std::invalid_argument);
  // Same names, other order.
  Table swapped = kpi_table(1, 1.0, "b");
  std::swap(swapped.columns[0], swapped.columns[2]);
  EXPECT_THROW(all.append(swapped), std::invalid_argument);
  // Same name, other type.
  Table retyped;
  retyped.add_f64("run", "1", "run id").f64.push_back(1.0);
  retyped.add_f64("wait_hours_mean", "hours", "mean wait").f64.push_back(1.0);
  retyped.add_str("district", "district name").str.push_back("b");
  EXPECT_THROW(all.append(retyped), std::invalid_argument);
  // None of these added a row.
  EXPECT_EQ(all.column("run").i64.size(), 1u);
  EXPECT_EQ(all.column("wait_hours_mean").f64.size(), 1u);
  EXPECT_EQ(all.column("district").str.size(), 1u);
}

// Regression: append once checked and appended in one loop, leaving a ragged table when a late
// column mismatched; every column is now checked first.
TEST(table, failed_append_leaves_the_table_unchanged) {
  Table all = kpi_table(0, 1.0, "a");
  Table late_mismatch = kpi_table(1, 2.0, "b");
  late_mismatch.columns[2].name = "street";
  EXPECT_THROW(all.append(late_mismatch), std::invalid_argument);
  EXPECT_EQ(all.column("run").i64.size(), 1u);
  EXPECT_EQ(all.column("wait_hours_mean").f64.size(), 1u);
  EXPECT_EQ(all.column("district").str.size(), 1u);
}

}  // namespace
}  // namespace gridplan::kernel
