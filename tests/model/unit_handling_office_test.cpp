// A handling office alone (HandlingOffice in a DepartmentLp, and in a street's LP), driven by
// ToOffice messages on the baseline with staff time fixed at 2 hours, lead time at 1 working day
// and the whistles off. Checked: staff are busy for the staff time only (pool busy_seconds, the
// next case starts when the first one's staff work ends, not its lead time); the ToVerify goes to
// the case's street LP when the lead time ends (on working days: advance_working_time, and by
// hand) plus a lookahead; work stops off duty and resumes at the next shift (pause_off_duty),
// and a case arriving off duty waits for a StaffWake; a street office's result goes to its own
// workers, who close the case.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "gridplan/model/department.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/street_office.hpp"
#include "model/single_lp.hpp"
#include "model/unit_support.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using kernel::Date;
using kernel::kDay;
using kernel::kHour;
using kernel::kMinute;
using model::CaseRecord;
using model::DepartmentLp;
using model::Distribution;
using model::RunConfig;
using model::StreetOfficeLp;
using model::ToOffice;
using model::ToVerify;

CaseRecord a_case(const RunConfig& cfg, std::uint64_t serial, int cat, int grid, double t) {
  CaseRecord c;
  c.id = RunConfig::case_id(0, serial);
  c.category = static_cast<std::int16_t>(cat);
  c.grid = grid;
  c.office = static_cast<std::int16_t>(cfg.office_for(cat, grid, c.id));
  c.t_report = c.t_dispatch = t;
  c.deadline = t + 7 * kDay;
  c.stage = model::Stage::kInTransit;
  return c;
}

// The baseline with fixed staff (2 h) and lead (1 working day) times and no whistles.
model::Scenario fixed_times(const std::string& cat_name) {
  auto sc = baseline();
  auto& cat = sc.categories[category(sc, cat_name)];
  cat.staff_hours = Distribution::fixed(2);
  cat.lead_working_days = Distribution::fixed(1);
  sc.grid_worker.verify_minutes = Distribution::fixed(10);
  sc.grid_worker.p_verification_fail = 0;
  sc.whistle.enabled = false;
  return sc;
}

constexpr int kCityManagement = 0;  // checked below: 08:30-16:30 on working days

TEST(unit_handling_office, staff_are_busy_for_the_work_only_and_the_result_follows_the_lead) {
  auto sc = fixed_times("public_facilities");
  ASSERT_EQ(sc.departments[kCityManagement].name, "city_management");
  sc.departments[kCityManagement].staff = 1;
  const RunConfig cfg(sc, 0, false);
  DepartmentLp lp(cfg, kCityManagement);
  SingleLp bench(cfg.department_lp(kCityManagement), cfg.n_lps(), cfg.latency);
  const int street = 3, grid = cfg.district.street_first_grid[street];
  const int cat = category(sc, "public_facilities");
  const double t = at({2023, 2, 10}, 10);  // Friday 10:00
  const auto a = a_case(cfg, 1, cat, grid, t), b = a_case(cfg, 2, cat, grid, t);
  bench.deliver(lp, t, ToOffice{a});
  bench.deliver(lp, t, ToOffice{b});
  EXPECT_EQ(lp.office().pool().queue_length(), 1);
  bench.run_until(lp, t + 2 * kHour);
  // a's staff work is done: the one person takes b while a waits for its lead time.
  EXPECT_EQ(lp.office().pool().busy(), 1);
  EXPECT_EQ(lp.office().pool().queue_length(), 0);
  kernel::Event stamp{};
  const auto ra = bench.take_sent<StreetOfficeLp, ToVerify>(&stamp);
  EXPECT_EQ(ra.c.id, a.id);
  EXPECT_EQ(stamp.dst, cfg.street_lp(street));
  // One working day from Friday 12:00 is Monday 12:00.
  const double done_a = cfg.calendar.advance_working_time(t + 2 * kHour, kDay);
  EXPECT_DOUBLE_EQ(done_a, at({2023, 2, 13}, 12));
  EXPECT_DOUBLE_EQ(stamp.time, done_a + cfg.latency);
  EXPECT_DOUBLE_EQ(ra.c.t_settle, done_a);
  EXPECT_EQ(ra.c.stage, model::Stage::kInLeadTime);
  EXPECT_EQ(ra.void_from, std::numeric_limits<double>::infinity());
  bench.run_until(lp, t + 4 * kHour);
  const auto rb = bench.take_sent<StreetOfficeLp, ToVerify>(&stamp);
  EXPECT_EQ(rb.c.id, b.id);
  EXPECT_DOUBLE_EQ(stamp.time, at({2023, 2, 13}, 14) + cfg.latency);
  const auto& pool = lp.office().pool().stats();
  EXPECT_DOUBLE_EQ(pool.busy_seconds, 4 * kHour);
  EXPECT_DOUBLE_EQ(pool.wait_sum, 2 * kHour);
  const int office = cfg.n_streets + kCityManagement;
  EXPECT_DOUBLE_EQ(lp.book().stats().offices.lead_seconds[office], 2 * 3 * kDay);
  EXPECT_EQ(lp.book().cases().live(), 0u);
  EXPECT_TRUE(bench.pending().empty());
}

TEST(unit_handling_office, work_pauses_off_duty_and_resumes_at_the_next_shift) {
  const auto sc = fixed_times("public_facilities");
  const RunConfig cfg(sc, 0, false);
  DepartmentLp lp(cfg, kCityManagement);
  SingleLp bench(cfg.department_lp(kCityManagement), cfg.n_lps(), cfg.latency);
  const int cat = category(sc, "public_facilities"), grid = cfg.district.street_first_grid[0];
  // Friday 15:30: one hour before closing, one more on Monday from 08:30.
  const double fri = at({2023, 2, 10}, 15.5), sat = at({2023, 2, 11}, 10);
  bench.deliver(lp, fri, ToOffice{a_case(cfg, 1, cat, grid, fri)});
  auto done = bench.pending_of<DepartmentLp, model::StaffDone>();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, at({2023, 2, 13}, 9.5));
  EXPECT_DOUBLE_EQ(done[0].time, cfg.department_shifts[kCityManagement].advance(fri, 2 * kHour));
  // On Saturday nobody is on duty: the case waits for Monday 08:30.
  bench.deliver(lp, sat, ToOffice{a_case(cfg, 2, cat, grid, sat)});
  const auto wake = bench.pending_of<DepartmentLp, model::StaffWake>();
  ASSERT_EQ(wake.size(), 1u);
  EXPECT_DOUBLE_EQ(wake[0].time, at({2023, 2, 13}, 8.5));
  bench.run_until(lp, at({2023, 2, 13}, 8.5));
  done = bench.pending_of<DepartmentLp, model::StaffDone>();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_DOUBLE_EQ(done[1].time, at({2023, 2, 13}, 10.5));
  bench.run_until(lp, at({2023, 2, 13}, 12));
  const auto& st = lp.office().pool().stats();
  EXPECT_DOUBLE_EQ(st.busy_seconds, 4 * kHour);  // on-duty time only, not the weekend
  const auto& by_day = lp.book().stats().offices.busy_by_day;
  EXPECT_DOUBLE_EQ(by_day[kernel::Calendar::day_of(fri)], 1 * kHour);
  EXPECT_DOUBLE_EQ(by_day[kernel::Calendar::day_of(sat)], 0.0);
  EXPECT_DOUBLE_EQ(by_day[kernel::Calendar::day_of(at({2023, 2, 13}, 0))], 3 * kHour);
  kernel::Event stamp{};
  bench.take_sent<StreetOfficeLp, ToVerify>(&stamp);
  EXPECT_DOUBLE_EQ(stamp.time, at({2023, 2, 14}, 9.5) + cfg.latency);  // lead from Mon 09:30
  bench.take_sent<StreetOfficeLp, ToVerify>(&stamp);
  EXPECT_DOUBLE_EQ(stamp.time, at({2023, 2, 14}, 10.5) + cfg.latency);
}

TEST(unit_handling_office, a_street_office_result_goes_to_its_own_workers) {
  const auto sc = fixed_times("city_appearance");
  const RunConfig cfg(sc, 0, false);
  StreetOfficeLp lp(cfg, 0);
  SingleLp bench(cfg.street_lp(0), cfg.n_lps(), cfg.latency);
  const double mon = at({2023, 2, 6}, 10);
  const auto c = a_case(cfg, 1, category(sc, "city_appearance"), cfg.district.street_first_grid[0],
                        mon - kHour);
  ASSERT_EQ(c.office, 0);
  bench.deliver(lp, mon, ToOffice{c});
  bench.run_until(lp, mon + 2 * kHour);
  EXPECT_DOUBLE_EQ(lp.office().pool().stats().busy_seconds, 2 * kHour);
  const auto back = bench.pending_of<StreetOfficeLp, ToVerify>();  // to this very LP
  ASSERT_EQ(back.size(), 1u);
  EXPECT_DOUBLE_EQ(back[0].time, at({2023, 2, 7}, 12) + cfg.latency);
  EXPECT_TRUE(bench.sent.empty());
  bench.run_until(lp, back[0].time + 10 * kMinute);
  const auto& st = lp.book().stats();
  EXPECT_EQ(st.flow.closed, 1u);
  EXPECT_EQ(st.flow.closed_on_time, 1u);
  EXPECT_EQ(st.offices.closed[0], 1);
  EXPECT_EQ(lp.book().cases().live(), 0u);
}

}  // namespace
}  // namespace gridplan::testing
