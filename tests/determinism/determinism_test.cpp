// Determinism (MODEL.md section 7): the same scenario and seed give bit-identical tables;
// another seed or replication gives different ones.
#include <gtest/gtest.h>

#include <cstring>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

// True when two tables hold the same columns with bit-identical values.
bool identical(const kernel::Table& a, const kernel::Table& b) {
  if (a.columns.size() != b.columns.size() || a.rows() != b.rows()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const auto &x = a.columns[c], &y = b.columns[c];
    if (x.name != y.name || x.i64 != y.i64 || x.str != y.str || x.f64.size() != y.f64.size())
      return false;
    if (!x.f64.empty() &&
        std::memcmp(x.f64.data(), y.f64.data(), x.f64.size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

TEST(determinism, same_seed_gives_identical_tables) {
  const auto sc = io::load_scenario(baseline_path(), {"scenario.days=30"});
  const auto a = run(sc, 0, true), b = run(sc, 0, true);
  for (const char* name : {"kpi", "timeseries/daily", "grids", "departments", "queues", "cases"})
    EXPECT_TRUE(identical(table_of(a, name), table_of(b, name))) << name;
}

TEST(determinism, other_seed_or_replication_differs) {
  const auto sc = io::load_scenario(baseline_path(), {"scenario.days=30"});
  const auto other_seed =
      io::load_scenario(baseline_path(), {"scenario.days=30", "scenario.seed=7"});
  const auto a = run(sc, 0), b = run(other_seed, 0), c = run(sc, 1);
  EXPECT_FALSE(identical(table_of(a, "kpi"), table_of(b, "kpi")));
  EXPECT_FALSE(identical(table_of(a, "kpi"), table_of(c, "kpi")));
  EXPECT_FALSE(identical(table_of(a, "timeseries/daily"), table_of(c, "timeseries/daily")));
}

}  // namespace
}  // namespace gridplan::testing
