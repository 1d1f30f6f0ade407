// Service levels by hour (/service/hourly) and by office and month (/service/offices_monthly):
// they must add up to the run's own totals, and their KPIs must be read off them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "gridplan/model/run_config.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

std::int64_t operator_arrivals(const experiment::RunOutput& out) {
  const auto& q = table_of(out, "queues");
  for (std::size_t i = 0; i < q.rows(); ++i)
    if (q.column("kind").str[i] == "operators") return q.column("arrivals").i64[i];
  throw std::out_of_range("no operators' queue");
}

class ServiceLevels : public ::testing::Test {
 protected:
  // 70 days from 2023-01-01: three months, the last one partial, with holidays (rest days).
  static void SetUpTestSuite() {
    sc_ = new model::Scenario(io::load_scenario(baseline_path(), {"scenario.days=70"}));
    out_ = new experiment::RunOutput(run(*sc_, 0, /*trace=*/true));
  }
  static void TearDownTestSuite() {
    delete out_;
    delete sc_;
  }
  static model::Scenario* sc_;
  static experiment::RunOutput* out_;
};
model::Scenario* ServiceLevels::sc_ = nullptr;
experiment::RunOutput* ServiceLevels::out_ = nullptr;

TEST_F(ServiceLevels, hourly_filed_adds_up_to_the_cases_the_operators_filed) {
  const auto& out = *out_;
  const auto& h = table_of(out, "service/hourly");
  ASSERT_EQ(h.rows(), 48u);
  std::int64_t filed = 0;
  for (auto n : h.column("filed").i64) filed += n;
  // Filing ends in a dispatch or, for a case the grid settles, in a hand-on to the grid worker.
  EXPECT_EQ(filed, static_cast<std::int64_t>(kpi(out, "cases_dispatched") +
                                             kpi(out, "cases_filed_to_grid_worker")));
  // /cases: every filed case began filing; every case that joined the queue has its time.
  const auto& cases = table_of(out, "cases");
  const auto& joined = cases.column("t_operator_queue").f64;
  const auto& triage = cases.column("t_triage").f64;
  std::int64_t began = 0, queued = 0;
  for (std::size_t i = 0; i < cases.rows(); ++i) {
    began += !std::isnan(triage[i]);
    queued += !std::isnan(joined[i]);
    // t_triage is the end of filing less its work: it may round an ulp below the join.
    if (!std::isnan(triage[i])) {
      ASSERT_LE(joined[i], triage[i] + 1e-9) << "case row " << i;
    }
  }
  EXPECT_EQ(queued, operator_arrivals(out));
  EXPECT_GE(began, filed);         // some began filing and are still with an operator
  EXPECT_LE(began - filed, 2000);  // ... at most the seats on duty at the horizon
  EXPECT_EQ(h.column("day_type").str[0], "working");
  EXPECT_EQ(h.column("day_type").str[24], "rest");
  for (int b = 0; b < 48; ++b) {
    if (h.column("filed").i64[b] == 0) continue;
    const double mean = h.column("filing_wait_hours_mean").f64[b];
    const double p95 = h.column("filing_wait_hours_p95").f64[b];
    const double p99 = h.column("filing_wait_hours_p99").f64[b];
    const double share = h.column("share_within_target").f64[b];
    EXPECT_LE(p95, p99) << b;
    EXPECT_GE(p99, mean * 0.999) << b;
    EXPECT_GE(share, 0.0);
    EXPECT_LE(share, 1.0);
  }
}

TEST_F(ServiceLevels, hourly_utilisation_weights_back_to_the_operators_kpi) {
  // Busy time split by hour and on-duty time by hour must give back the run's utilisation.
  const auto& h = table_of(*out_, "service/hourly");
  const model::RunConfig config(*sc_, 0, false);
  int days_of_type[2] = {0, 0};
  for (int d = 0; d < sc_->days; ++d) ++days_of_type[config.calendar.is_working_day(d) ? 0 : 1];
  ASSERT_GT(days_of_type[1], 0);
  double busy = 0, on_duty = 0;
  for (int b = 0; b < 48; ++b) {
    const double seats = static_cast<double>(h.column("operators").i64[b]);
    EXPECT_EQ(seats, config.operators_by_hour(b < 24)[b % 24]);
    const double avail = seats * days_of_type[b / 24];
    if (avail > 0) busy += h.column("util_operators").f64[b] * avail;
    on_duty += avail;
  }
  EXPECT_NEAR(busy / on_duty, kpi(*out_, "util_operators"), 1e-9);
}

TEST_F(ServiceLevels, worst_hour_and_worst_office_kpis_are_read_off_the_tables) {
  const auto& h = table_of(*out_, "service/hourly");
  double worst = -1;
  for (double p : h.column("filing_wait_hours_p95").f64)
    if (!std::isnan(p)) worst = std::max(worst, p);
  EXPECT_EQ(kpi(*out_, "triage_wait_hours_p95_worst_hour"), worst);
  EXPECT_GE(worst, kpi(*out_, "triage_wait_hours_p95") * 0.999);

  const auto& d = table_of(*out_, "departments");
  double lowest = 2;
  for (double r : d.column("on_time_rate").f64)
    if (!std::isnan(r)) lowest = std::min(lowest, r);
  EXPECT_EQ(kpi(*out_, "on_time_rate_worst_office"), lowest);
  EXPECT_LE(lowest, kpi(*out_, "on_time_rate"));
}

TEST_F(ServiceLevels, daily_calendar_columns_follow_the_scenario_dates) {
  // Each day's type and heating flag, from the scenario's own lists and month-day bounds.
  const auto& daily = table_of(*out_, "timeseries/daily");
  const auto& date = daily.column("date").i64;
  const auto& type = daily.column("day_type").str;
  const auto& heating = daily.column("heating_season").i64;
  ASSERT_EQ(daily.rows(), 70u);
  int holidays = 0;
  for (std::size_t d = 0; d < daily.rows(); ++d) {
    const kernel::Date on = kernel::Date::from_days(sc_->start_date.to_days() + long(d));
    EXPECT_EQ(date[d], on.to_int());
    const auto listed = [&](const std::vector<kernel::Date>& dates) {
      return std::find(dates.begin(), dates.end(), on) != dates.end();
    };
    const long weekday = (on.to_days() + 3) % 7;  // 1970-01-01 was a Thursday: 0 = Monday
    const bool working = listed(sc_->working_weekends) || (weekday < 5 && !listed(sc_->holidays));
    const char* expected = working ? "working" : listed(sc_->holidays) ? "holiday" : "rest";
    EXPECT_EQ(type[d], expected) << on.to_string();
    holidays += type[d] == "holiday";
    const int md = on.month * 100 + on.day;
    const bool in_season = md >= sc_->heating_start_month * 100 + sc_->heating_start_day ||
                           md < sc_->heating_end_month * 100 + sc_->heating_end_day;
    EXPECT_EQ(heating[d], in_season ? 1 : 0) << on.to_string();
  }
  // 2023-01-01 to 03-11: the weekdays off for New Year (01-02) and the Spring Festival (01-23 to
  // 01-27); the holidays' weekend days are rest days, and 01-28, 01-29 are worked.
  EXPECT_EQ(holidays, 6);
}

TEST_F(ServiceLevels, offices_monthly_adds_up_to_the_office_totals) {
  const auto& m = table_of(*out_, "service/offices_monthly");
  const auto& d = table_of(*out_, "departments");
  const std::size_t offices = d.rows();
  ASSERT_EQ(m.rows(), 3 * offices);  // January, February, 11 days of March
  EXPECT_EQ(m.column("year_month").i64[0], 202301);
  EXPECT_EQ(m.column("year_month").i64[2 * offices], 202303);
  std::int64_t overdue_at_horizon = 0;
  for (std::size_t o = 0; o < offices; ++o) {
    std::int64_t received = 0, closed = 0, on_time = 0;
    for (int mo = 0; mo < 3; ++mo) {
      const std::size_t i = mo * offices + o;
      ASSERT_EQ(m.column("name").str[i], d.column("name").str[o]);
      received += m.column("received").i64[i];
      closed += m.column("closed").i64[i];
      on_time += m.column("closed_on_time").i64[i];
      // Open at a month's end: received so far less closed so far.
      EXPECT_EQ(m.column("open_at_month_end").i64[i], received - closed);
      EXPECT_LE(m.column("overdue_at_month_end").i64[i], m.column("open_at_month_end").i64[i]);
      EXPECT_GE(m.column("overdue_at_month_end").i64[i], 0);
      const double util = m.column("util_staff").f64[i];
      if (!std::isnan(util)) {
        EXPECT_LE(util, 1.0 + 1e-9);
      }
    }
    EXPECT_EQ(received, d.column("received").i64[o]) << d.column("name").str[o];
    EXPECT_EQ(closed, d.column("closed").i64[o]) << d.column("name").str[o];
    EXPECT_EQ(on_time, d.column("closed_on_time").i64[o]) << d.column("name").str[o];
    EXPECT_EQ(m.column("open_at_month_end").i64[2 * offices + o], d.column("open").i64[o]);
    overdue_at_horizon += m.column("overdue_at_month_end").i64[2 * offices + o];
  }
  // The last month ends at the horizon, where /timeseries/daily counts the same overdue cases.
  EXPECT_EQ(overdue_at_horizon, table_of(*out_, "timeseries/daily").column("overdue").i64.back());
  EXPECT_GT(overdue_at_horizon, 0);
}

}  // namespace
}  // namespace gridplan::testing
