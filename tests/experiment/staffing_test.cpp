// `gridplan staff` against queueing theory: on an M/M/c queue the operators' and an office's
// search find Erlang C's smallest staff; with a time-varying rate the iterative staffing
// algorithm meets each hour's target where a roster sized on the daily mean rate does not; and
// the baseline's plan holds on fresh replications (docs/experiments.md, "Staffing").
#include "gridplan/experiment/staffing.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

// Erlang C written out here, independent of the search's own: the mean wait (hours) of an
// M/M/c queue with arrival rate `lambda` per hour and mean service `mean_hours`.
double erlang_c_mean_wait(int c, double lambda, double mean_hours) {
  const double a = lambda * mean_hours;
  if (c <= a) return HUGE_VAL;
  double term = 1, sum = 0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term * c / (c - a);  // a^c / c! * c / (c - a)
  return tail / (sum + tail) / (c / mean_hours - lambda);
}

int erlang_c_smallest(double lambda, double mean_hours, double target_hours) {
  int c = 1;
  while (erlang_c_mean_wait(c, lambda, mean_hours) > target_hours) ++c;
  return c;
}

// One street, one grid, and a department "desk" with `desk_staff` on duty around the clock
// taking every case; one Poisson channel entering at the platform with `hour_factors`; filing
// exponential with mean `file_minutes`, the desk's work exponential with mean `desk_hours`.
struct QueueDistrict {
  double per_hour = 40;  // mean rate over the day
  std::string hour_factors = "[" + std::string(47, ' ') + "]";
  double file_minutes = 6;
  int operators = 20;
  double desk_hours = 0.001;
  int desk_staff = 50;
  int days = 56;

  std::string write(const std::string& name) const {
    const fs::path dir =
        fs::path(::testing::TempDir()) / ("gridplan_staffing_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path path = dir / (name + ".toml");
    std::string hours = hour_factors;
    if (hours.find('1') == std::string::npos) hours = "[" + repeat("1.0", 24) + "]";
    std::ofstream(path) << R"([scenario]
name = ")" << name << R"("
start_date = 2023-01-01
days = )" << days << R"(
seed = 7

[calendar]
holidays = []
working_weekends = []
heating_season_start = "11-01"
heating_season_end = "03-31"

[structure]
nonresidential_grid_share = 0
household_cv = 0
grid_activity_cv = 0

[streets.only]
communities = 1
community_grids = 1
basic_grids = 1
households = 1000
office_staff = 1

[street_office]
shift = { working_start_hour = 0, working_hours = 24, rest_start_hour = 0, rest_hours = 24 }

[departments.desk]
staff = )" << desk_staff << R"(
shift = { working_start_hour = 0, working_hours = 24, rest_start_hour = 0, rest_hours = 24 }

[categories.any]
settle_in_grid = 0
settle_minutes = { dist = "fixed", value = 1 }
handler = "desk"
time_limit_days = 5
staff_hours = { dist = "exponential", mean = )"
                        << desk_hours << R"( }
lead_working_days = { dist = "fixed", value = 0 }

[sources.calls]
per_year = )" << per_hour * 24 * 365
                        << R"(
entry = "platform"
grid_weight = "households"
working_day_factor = 1
rest_day_factor = 1
hour_factors = )" << hours
                        << R"(
category_shares = { any = 1 }

[grid_worker]
shift = { working_start_hour = 0, working_hours = 24, rest_start_hour = 0, rest_hours = 24 }
patrol_hours = 0
report_minutes = { dist = "fixed", value = 1 }
verify_minutes = { dist = "fixed", value = 1 }
p_verification_fail = 0

[platform]
operators_by_hour = [)" << repeat(std::to_string(operators), 24)
                        << R"(]
file_minutes = { dist = "exponential", mean = )"
                        << file_minutes << R"( }
)";
    return path.string();
  }

  static std::string repeat(const std::string& v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += (i ? ", " : "") + v;
    return s;
  }
};

experiment::StaffQuery query(const std::string& path, const std::string& pool,
                             const std::string& target, int replications) {
  experiment::StaffQuery q;
  q.scenario_path = path;
  q.pool = pool;
  q.target = experiment::parse_staffing_target(target);
  q.replications = replications;
  q.confirm_replications = replications;
  return q;
}

TEST(staffing, operators_of_an_mmc_queue_are_erlang_cs_smallest_c_in_every_hour) {
  // 40 cases an hour, 6 minutes each (load 4): Erlang C's mean wait is 3.3 min with 5
  // operators and 0.85 min with 6, so a 1.7-minute target wants 6 in every hour.
  const QueueDistrict d;
  const int expected = erlang_c_smallest(40, 0.1, 1.7 / 60);
  ASSERT_EQ(expected, 6);
  const auto answer = experiment::search_staffing(
      query(d.write("mmc_operators"), "operators", "filing_wait_mean <= 1.7min each hour", 8));
  ASSERT_TRUE(answer.found);
  for (std::size_t b = 0; b < 48; ++b) EXPECT_EQ(answer.plan().staff[b], expected) << b;
}

TEST(staffing, one_office_of_an_mmc_queue_gets_erlang_cs_smallest_staff) {
  // 6 cases an hour at the desk, 30 minutes each (load 3): 15.3 min mean wait with 4 staff,
  // 3.5 with 5; a 7-minute target wants 5.
  QueueDistrict d;
  d.per_hour = 6;
  d.desk_hours = 0.5;
  d.desk_staff = 12;
  const int expected = erlang_c_smallest(6, 0.5, 7.0 / 60);
  ASSERT_EQ(expected, 5);
  const auto answer = experiment::search_staffing(
      query(d.write("mmc_desk"), "office:desk", "staff_wait_mean <= 7min each office", 8));
  ASSERT_TRUE(answer.found);
  ASSERT_EQ(answer.knobs, std::vector<std::string>{"department:desk"});
  EXPECT_EQ(answer.plan().staff[0], expected);
}

TEST(staffing, isa_meets_each_hour_where_a_roster_for_the_daily_mean_rate_does_not) {
  // Three times the rate from 08 to 16: 36 an hour then, 12 otherwise, 20 on average.
  QueueDistrict d;
  d.per_hour = 20;
  std::string f;
  for (int h = 0; h < 24; ++h) f += (h ? ", " : "") + std::string(h >= 8 && h < 16 ? "3" : "1");
  d.hour_factors = "[" + f + "]";
  const std::string path = d.write("peak");
  const std::string target = "filing_wait_mean <= 1.7min each hour";
  const auto isa = experiment::search_staffing(query(path, "operators", target, 8));
  ASSERT_TRUE(isa.found);
  // Sized on the mean rate for every hour: Erlang C at 20 an hour.
  const int flat = erlang_c_smallest(20, 0.1, 1.7 / 60);
  auto check = query(path, "operators", target, 8);
  check.check_only = true;
  check.sets = {"platform.operators_by_hour=[" + QueueDistrict::repeat(std::to_string(flat), 24) +
                "]"};
  const auto mean_rate = experiment::search_staffing(check);
  EXPECT_FALSE(mean_rate.found);
  int peak_misses = 0;
  for (const auto& c : mean_rate.plan().constraints)
    if (!c.meets) {
      const int hour = std::stoi(c.name.substr(c.name.find(' ') + 1, 2));
      // The peak's backlog spills into the hour after it: a time-varying queue lags its rate.
      EXPECT_TRUE(hour >= 8 && hour <= 16) << c.name << " misses away from the peak";
      ++peak_misses;
    }
  EXPECT_GE(peak_misses, 16);  // every peak hour of both day types
  EXPECT_GE(isa.plan().staff[10], erlang_c_smallest(36, 0.1, 1.7 / 60));
}

TEST(staffing, baselines_operator_plan_holds_on_twenty_fresh_replications) {
  const std::vector<std::string> sets = {"scenario.days=28"};
  auto q = query(baseline_path(), "operators", "filing_wait_p95 <= 10min each hour", 6);
  q.sets = sets;
  q.confirm_replications = 20;
  const auto answer = experiment::search_staffing(q);
  ASSERT_TRUE(answer.found);
  EXPECT_LT(answer.plan().staff_hours, answer.scenario_staff_hours());
  // Replications 1000-1019: used by neither the search nor its confirmation.
  std::string working = "platform.operators_by_hour=[", rest = "platform.operators_by_hour_rest=[";
  for (int h = 0; h < 24; ++h) {
    working += (h ? "," : "") + std::to_string(answer.plan().staff[h]);
    rest += (h ? "," : "") + std::to_string(answer.plan().staff[24 + h]);
  }
  auto check = q;
  check.check_only = true;
  check.first_replication = 1000;
  check.sets = {sets[0], working + "]", rest + "]"};
  const auto fresh = experiment::search_staffing(check);
  for (const auto& c : fresh.plan().constraints)
    EXPECT_TRUE(c.meets) << c.name << ": bound " << c.bound << " h";
}

}  // namespace
}  // namespace gridplan::testing
