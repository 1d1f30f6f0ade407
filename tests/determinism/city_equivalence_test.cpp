// A city on the parallel engine (docs/architecture.md, "The parallel engine"): a four-district
// month gives bit-identical tables on 1, 2 and 3 threads and on the native engine's single
// queue; a city without a hotline centre is exactly its districts run alone (each with the
// city's seed + its index), its close-time KPIs those of the districts' cases pooled; the
// centre's calls are conserved and split as its shares say.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "city_scenarios.hpp"
#include "gridplan/experiment/run.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/native_engine.hpp"
#include "gridplan/model/city.hpp"
#include "gridplan/model/city_model.hpp"

namespace gridplan::testing {
namespace {

experiment::RunOutput run_city(const model::Scenario& sc, int threads) {
  experiment::RunRequest req;
  req.scenario = sc;
  req.threads = threads;
  return experiment::run_scenario(req);
}

/// The rows of `t` whose district is `district`, without the district column.
kernel::Table rows_of(const kernel::Table& t, const std::string& district) {
  const std::vector<std::string>& names = t.column("district").str;
  kernel::Table out;
  out.name = t.name;
  for (const kernel::Column& c : t.columns) {
    if (c.name == "district") continue;
    kernel::Column& o = out.add(c.name, c.type, c.unit, c.description);
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (names[r] != district) continue;
      if (c.type == kernel::Column::Type::kFloat64) o.f64.push_back(c.f64[r]);
      if (c.type == kernel::Column::Type::kInt64) o.i64.push_back(c.i64[r]);
      if (c.type == kernel::Column::Type::kString) o.str.push_back(c.str[r]);
    }
  }
  return out;
}

TEST(city, four_districts_bit_identical_on_1_2_3_threads_and_one_queue) {
  const auto dir = city_scratch_dir("threads");
  const model::Scenario sc =
      io::load_scenario(write_test_city(dir, "city.toml", four_test_districts(), 30, true));
  const experiment::RunOutput one = run_city(sc, 1);
  for (int threads : {2, 3}) {
    const experiment::RunOutput many = run_city(sc, threads);
    EXPECT_EQ(many.events, one.events);
    ASSERT_EQ(many.tables.size(), one.tables.size());
    for (std::size_t i = 0; i < one.tables.size(); ++i) {
      if (one.tables[i].name == "runs") continue;  // wall time, threads
      EXPECT_TRUE(identical(many.tables[i], one.tables[i]))
          << one.tables[i].name << " differs on " << threads << " threads";
    }
  }
  // The native engine, one queue for the whole city, handles the same events in the same
  // per-LP order.
  model::CityModel model(sc, 0);
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  auto lps = model.lps();
  const std::uint64_t events = kernel::NativeEngine{}.run(lps, opt).events;
  EXPECT_EQ(events, one.events);
  const std::vector<kernel::Table> native = model.results(0, events);
  ASSERT_EQ(native.size() + 1, one.tables.size());  // + /runs
  for (std::size_t i = 0; i < native.size(); ++i)
    EXPECT_TRUE(identical(native[i], one.tables[i + 1])) << native[i].name;
  for (const std::string name : {"kpi", "districts", "timeseries/daily", "hotline_centre"})
    EXPECT_GT(table_of(one, name).rows(), 0u) << name;
  EXPECT_EQ(table_of(one, "districts").rows(), 4u);
  // The centre, which hears from nobody, runs up to a week ahead; the districts a week at a
  // time, behind it.
  const auto windows = table_of(one, "runs").column("windows").i64.at(0);
  EXPECT_GE(windows, 30 / 7);
  EXPECT_LE(windows, 3 * 30 / 7 + 3);
}

TEST(city, without_a_centre_it_is_its_districts_run_alone) {
  const auto dir = city_scratch_dir("alone");
  std::vector<TestDistrict> districts = four_test_districts();
  districts.pop_back();
  const std::uint64_t seed = 4242;
  const model::Scenario sc =
      io::load_scenario(write_test_city(dir, "city.toml", districts, 10, false, seed));
  const experiment::RunOutput city = run_city(sc, 2);
  EXPECT_EQ(table_of(city, "runs").column("cross_messages").i64.at(0), 0);
  std::uint64_t events = 0;
  std::vector<double> close_hours;  // pooled from the districts run alone
  for (std::size_t d = 0; d < districts.size(); ++d) {
    std::vector<std::string> sets = districts[d].sets;
    sets.push_back("scenario.days=10");
    sets.push_back("scenario.seed=" + std::to_string(seed + d));
    const experiment::RunOutput alone =
        run(io::load_scenario(baseline_path(), sets), 0, /*trace=*/true);
    events += alone.events;
    const kernel::Table& cases = table_of(alone, "cases");
    for (std::size_t r = 0; r < cases.rows(); ++r) {
      const double closed = cases.column("t_close").f64[r];
      if (!std::isnan(closed)) close_hours.push_back(closed - cases.column("t_report").f64[r]);
    }
    for (const kernel::Table& t : alone.tables) {
      if (t.name == "runs" || t.name == "cases") continue;
      kernel::Table mine =
          rows_of(table_of(city, t.name == "kpi" ? "districts" : t.name), districts[d].name);
      kernel::Table expected = t;
      if (t.name == "kpi") {  // a district's events are the city engine's, not counted apart
        EXPECT_TRUE(std::isnan(mine.column("events").f64.at(0)));
        mine.column("events").f64 = expected.column("events").f64;
      }
      EXPECT_TRUE(identical(mine, expected)) << districts[d].name << ": /" << t.name;
    }
  }
  EXPECT_EQ(city.events, events);
  EXPECT_EQ(kpi(city, "events"), static_cast<double>(events));
  // The city's close times are over all its cases: the nearest-rank quantiles of the districts'
  // /cases pooled (their hours columns round in the last bits, hence the tolerance).
  ASSERT_GT(close_hours.size(), 10000u);
  double sum = 0;
  for (double h : close_hours) sum += h;
  EXPECT_NEAR(kpi(city, "close_hours_mean"), sum / static_cast<double>(close_hours.size()), 1e-3);
  for (const auto& [name, q] :
       {std::pair{"close_hours_p50", 0.50}, std::pair{"close_hours_p90", 0.90},
        std::pair{"close_hours_p99", 0.99}}) {
    std::vector<double> v = close_hours;
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    EXPECT_NEAR(kpi(city, name), v[k], 1e-3) << name;
  }
}

TEST(city, the_centre_conserves_its_calls_and_splits_them_by_share) {
  const auto dir = city_scratch_dir("centre");
  const std::vector<TestDistrict> districts = four_test_districts();
  const model::Scenario sc =
      io::load_scenario(write_test_city(dir, "city.toml", districts, 30, true));
  const experiment::RunOutput out = run_city(sc, 2);
  const double calls = kpi(out, "hotline_centre_calls");
  const double closed = kpi(out, "hotline_centre_closed");
  const kernel::Table& centre = table_of(out, "hotline_centre");
  const kernel::Table& per = table_of(out, "districts");
  double transferred = 0, hotline_cases = 0;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    const double n = static_cast<double>(centre.column("calls_transferred").i64.at(d));
    transferred += n;
    hotline_cases += per.column("cases_hotline").f64.at(d);
  }
  // Every call is answered at the centre or transferred.
  EXPECT_EQ(calls, closed + transferred);
  // About 80,000 x 30 / 365 calls; 40% answered at the centre (binomial, 4 sigma).
  EXPECT_NEAR(closed / calls, 0.4, 4 * std::sqrt(0.24 / calls));
  // A transferred call becomes a hotline case of its district unless it lands past the
  // horizon (sent in the last hours: under 1% of a month's).
  EXPECT_LE(hotline_cases, transferred);
  EXPECT_GE(hotline_cases, 0.99 * transferred);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    const double n = static_cast<double>(centre.column("calls_transferred").i64.at(d));
    const double p = districts[d].hotline_share;
    EXPECT_NEAR(n / transferred, p, 4 * std::sqrt(p * (1 - p) / transferred)) << d;
    // 15 minutes plus an exponential of mean 25: mean 40, sd 25.
    EXPECT_NEAR(centre.column("transfer_minutes_mean").f64.at(d), 40.0, 4 * 25 / std::sqrt(n));
  }
  // A district's own hotline generator is off: its hotline cases are the centre's.
  EXPECT_EQ(kpi(out, "cases_hotline"), hotline_cases);
}

}  // namespace
}  // namespace gridplan::testing
