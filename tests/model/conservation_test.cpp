// Conservation of cases (docs/validation.md): arrived = closed + open for the district, every
// grid and every office; daily series add up to the run totals.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

TEST(conservation, arrived_equals_closed_plus_open_everywhere) {
  // Arrivals are counted when cases are created, closes when they close, and open cases by a
  // scan of the live records at the horizon: three separate tallies that must agree.
  auto sc = io::load_scenario(baseline_path(), {"scenario.days=45"});
  const auto out = run(sc);
  const double arrived = kpi(out, "cases_arrived");
  EXPECT_GT(arrived, 100000);
  EXPECT_EQ(arrived, kpi(out, "cases_closed") + kpi(out, "cases_open"));
  EXPECT_GT(kpi(out, "cases_open"), 0);  // a horizon mid-stream leaves cases open

  const auto& g = table_of(out, "grids");
  ASSERT_EQ(g.rows(), 990u);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < g.rows(); ++i) {
    EXPECT_EQ(g.column("arrived").i64[i], g.column("closed").i64[i] + g.column("open").i64[i])
        << "grid " << i;
    sum += g.column("arrived").i64[i];
  }
  EXPECT_EQ(sum, static_cast<std::int64_t>(arrived));

  const auto& d = table_of(out, "departments");
  std::int64_t received = 0;
  for (std::size_t i = 0; i < d.rows(); ++i) {
    EXPECT_EQ(d.column("received").i64[i], d.column("closed").i64[i] + d.column("open").i64[i])
        << d.column("name").str[i];
    received += d.column("received").i64[i];
  }
  // Dispatched cases go to an office or, for referred disputes, to mediation.
  EXPECT_EQ(received + static_cast<std::int64_t>(kpi(out, "cases_to_mediation")),
            static_cast<std::int64_t>(kpi(out, "cases_dispatched")));

  const auto& ts = table_of(out, "timeseries/daily");
  std::int64_t daily = 0;
  for (auto a : ts.column("arrivals").i64) daily += a;
  EXPECT_EQ(daily, static_cast<std::int64_t>(arrived));
  EXPECT_EQ(ts.column("backlog").i64.back(), static_cast<std::int64_t>(kpi(out, "cases_open")));
}

TEST(conservation, trace_has_one_row_per_case) {
  auto sc = io::load_scenario(baseline_path(), {"scenario.days=7"});
  const auto out = run(sc, 0, /*trace=*/true);
  const auto& cases = table_of(out, "cases");
  EXPECT_EQ(static_cast<double>(cases.rows()), kpi(out, "cases_arrived"));
  std::int64_t open = 0;
  for (double t : cases.column("t_close").f64) open += std::isnan(t);
  EXPECT_EQ(open, static_cast<std::int64_t>(kpi(out, "cases_open")));
}

}  // namespace
}  // namespace gridplan::testing
