// A category shared by several handlers in stated proportions (docs/model.md, "Filing and
// dispatch"): each case draws its handler once, when it is created, and everything counted per
// office (/departments, whistles) follows the handler it drew.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "gridplan/model/run_config.hpp"
#include "test_scenarios.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using kernel::Distribution;
using model::HandlerShare;

/// One street, three departments around the clock; "property" is shared by housing (0.7) and
/// the street office (0.3), "welfare" by the street office (0.5) and civil affairs (0.5), which
/// is no category's first handler; "idle" handles nothing. About 65,000 cases in 30 days.
model::Scenario shared_scenario() {
  model::Scenario sc = mmc_scenario(/*servers=*/10, /*lambda_per_hour=*/90, /*mean_minutes=*/0.5,
                                    /*days=*/30);
  sc.streets[0].office_staff = 20;
  for (const char* name : {"housing", "civil", "idle"})
    sc.departments.push_back({name, 20, model::ShiftSpec{0, 24, 0, 24}, 0.05});
  model::CategorySpec property = sc.categories[0];
  property.name = "property";
  property.handlers = {HandlerShare{"housing", 0.7}, HandlerShare{"street", 0.3}};
  model::CategorySpec welfare = property;
  welfare.name = "welfare";
  welfare.handlers = {HandlerShare{"street", 0.5}, HandlerShare{"civil", 0.5}};
  sc.categories = {property, welfare};
  sc.sources[0].category_shares = {0.5, 0.5};
  return sc;
}

/// Cases of each category in the trace, by office code (-1: not dispatched).
std::map<int, std::map<int, double>> offices_by_category(const experiment::RunOutput& out) {
  const auto& cases = table_of(out, "cases");
  std::map<int, std::map<int, double>> n;
  for (std::size_t i = 0; i < cases.rows(); ++i)
    ++n[static_cast<int>(cases.column("category").i64[i])]
       [static_cast<int>(cases.column("department").i64[i])];
  return n;
}

TEST(shared_handlers, a_split_of_70_30_sends_70_percent_to_the_first_handler) {
  // Expectation: 70% +- 1% of the property cases go to housing (office 1), the rest to the
  // street office (office 0), because each case draws its handler with probability 0.7.
  const model::Scenario sc = shared_scenario();
  auto n = offices_by_category(run(sc, 0, /*trace=*/true)).at(0);
  n.erase(-1);  // not yet dispatched at the horizon
  const double housing = n.count(1) ? n.at(1) : 0, street = n.count(0) ? n.at(0) : 0;
  const double total = housing + street;
  ASSERT_EQ(n.size(), 2u) << "property cases reached an office that is not one of its handlers";
  const double se = std::sqrt(0.7 * 0.3 / total);
  ASSERT_GT(0.01, 3 * se) << "too few cases for the tolerance: " << total;
  EXPECT_NEAR(housing / total, 0.7, 0.01) << housing << " of " << total;
}

TEST(shared_handlers, departments_count_the_handler_each_case_drew) {
  // Civil affairs is only the second handler of welfare, and whistles (every welfare case needs
  // several departments, no whistle_departments) go to the drawn handler: civil affairs
  // receives, closes and is whistled for about half of welfare; "idle" gets nothing.
  model::Scenario sc = shared_scenario();
  sc.categories[1].multi_department_share = 1;
  sc.whistle.enabled = true;
  sc.whistle.overdue_rule = sc.whistle.repeat_rule = false;
  sc.whistle.street_office_fail_probability = sc.departments[1].whistle_fail_probability = 0;
  const auto out = run(sc);
  const auto& d = table_of(out, "departments");
  ASSERT_EQ(d.column("name").str, (std::vector<std::string>{"only", "housing", "civil", "idle"}));
  const auto& received = d.column("received").i64;
  const auto& closed = d.column("closed").i64;
  const auto& whistles = d.column("whistles").i64;
  EXPECT_GT(received[2], 0.45 * kpi(out, "cases_dispatched") / 2);
  EXPECT_LT(received[2], 0.55 * kpi(out, "cases_dispatched") / 2);
  EXPECT_EQ(received[2], closed[2] + d.column("open").i64[2]);
  EXPECT_GT(closed[2], 0.8 * received[2]);  // the rest are open at the horizon
  EXPECT_EQ(d.column("whistle_report_on_time_rate").f64[2], 1.0);  // 2 h against 24 h
  EXPECT_EQ(whistles[2], received[2]);  // each welfare case is whistled at dispatch
  EXPECT_EQ(whistles[1], 0);            // property needs one department
  EXPECT_EQ(received[3], 0);
  EXPECT_EQ(received[0] + received[1] + received[2],
            static_cast<std::int64_t>(kpi(out, "cases_dispatched")));
}

TEST(shared_handlers, the_draw_is_keyed_by_the_case_alone) {
  // The same case id draws the same office in any run of the scenario, and a single-handler
  // category always gives its handler.
  const model::Scenario sc = shared_scenario();
  const model::RunConfig a(sc, 0, false), b(sc, 0, false), other(sc, 1, false);
  int differ = 0;
  for (std::uint64_t serial = 0; serial < 1000; ++serial) {
    const std::uint64_t id = model::RunConfig::case_id(0, serial);
    EXPECT_EQ(a.office_for(0, 0, id), b.office_for(0, 0, id));
    differ += a.office_for(0, 0, id) != other.office_for(0, 0, id);
  }
  EXPECT_GT(differ, 100);  // another replication draws afresh
  model::Scenario single = sc;
  single.categories[0].handlers = {HandlerShare{"idle", 1.0}};
  const model::RunConfig s(single, 0, false);
  for (std::uint64_t serial = 0; serial < 100; ++serial)
    EXPECT_EQ(s.office_for(0, 0, model::RunConfig::case_id(0, serial)), s.n_streets + 2);
}

}  // namespace
}  // namespace gridplan::testing
