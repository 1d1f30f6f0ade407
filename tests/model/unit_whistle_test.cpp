// The two whistles unit by unit, on the baseline with fixed times (staff 2 h, lead 3 working days,
// report 3 h, whistled lead 1 day, leaders 2 h + 1 day, verification 10 min) and the first
// whistle 24 h past the deadline. Checked: an office whose case will end its lead time past the
// threshold schedules an OverdueCheck at the threshold and sends the ToVerify void from then on
// (one ending before it does not); the check sends WhistleDispatch to the platform, and the street
// ignores the void result; a case past the threshold at staff done is whistled at once. The
// platform sends WhistleJob to the lead office after its report time (a lookahead at least),
// whistles a multi-department case and the repeat_count-th case of a grid and category at
// dispatch, and has the leaders work a SecondWhistle into a ToVerify. A street whose check of a
// whistled result fails sends SecondWhistle.
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
using model::PlatformLp;
using model::RunConfig;
using model::StreetOfficeLp;

constexpr int kCityManagement = 0, kHousing = 2;  // lead and second office of public_facilities
const double kMon = at({2023, 2, 6}, 10);         // Monday 10:00

model::Scenario whistles() {
  auto sc = baseline();
  if (sc.departments[kCityManagement].name != "city_management" ||
      sc.departments[kHousing].name != "housing")
    throw std::logic_error("the baseline's departments moved");
  auto& w = sc.whistle;
  w.enabled = w.overdue_rule = true;
  w.first_after_hours = 24;
  w.repeat_rule = w.multi_department_rule = false;
  w.report_hours = Distribution::fixed(3);
  w.lead_working_days = Distribution::fixed(1);
  w.leaders_hours = Distribution::fixed(2);
  w.leaders_lead_working_days = Distribution::fixed(1);
  auto& pf = sc.categories[category(sc, "public_facilities")];
  pf.staff_hours = Distribution::fixed(2);
  pf.lead_working_days = Distribution::fixed(3);
  sc.platform.file_minutes = Distribution::fixed(4);
  sc.grid_worker.verify_minutes = Distribution::fixed(10);
  return sc;
}
CaseRecord a_case(const RunConfig& cfg, std::uint64_t serial, const std::string& cat, int street) {
  CaseRecord c;
  c.id = RunConfig::case_id(0, serial);
  c.category = static_cast<std::int16_t>(category(cfg.sc, cat));
  c.grid = cfg.district.street_first_grid[street];
  c.office = static_cast<std::int16_t>(cfg.office_for(c.category, c.grid, c.id));
  c.t_report = c.t_dispatch = kMon - kDay;
  c.deadline = kMon + 4 * kHour;  // the whistle threshold is Tuesday 14:00
  c.stage = model::Stage::kInTransit;
  return c;
}
// One LP of kind Lp (the index-th street or department) with its bench.
template <class Lp>
struct Bench {
  explicit Bench(const model::Scenario& s, int index = 0)
      : sc(s), cfg(sc, 0, false), lp(make(index)), bench(id(index), cfg.n_lps(), cfg.latency) {}
  model::Scenario sc;
  RunConfig cfg;
  Lp lp;
  SingleLp bench;
  Lp make(int index) {
    if constexpr (std::is_same_v<Lp, PlatformLp>)
      return Lp(cfg);
    else
      return Lp(cfg, index);
  }
  kernel::LpId id(int index) const {
    if constexpr (std::is_same_v<Lp, PlatformLp>)
      return cfg.platform_lp();
    else if constexpr (std::is_same_v<Lp, StreetOfficeLp>)
      return cfg.street_lp(index);
    else
      return cfg.department_lp(index);
  }
};
struct Office : Bench<DepartmentLp> {
  explicit Office(const model::Scenario& s) : Bench(s, kCityManagement) {}
};

TEST(unit_whistle, a_case_whose_lead_ends_past_the_threshold_is_whistled_at_the_threshold) {
  Office o(whistles());
  const auto c = a_case(o.cfg, 1, "public_facilities", 2);
  const double threshold = at({2023, 2, 7}, 14);
  ASSERT_EQ(model::overdue_whistle_time(c.deadline, 24 * kHour), threshold);
  o.bench.deliver(o.lp, kMon, model::ToOffice{c});
  o.bench.run_until(o.lp, kMon + 2 * kHour);
  const auto check = o.bench.pending_of<DepartmentLp, model::OverdueCheck>();
  ASSERT_EQ(check.size(), 1u);
  EXPECT_DOUBLE_EQ(check[0].time, threshold);
  kernel::Event stamp{};
  const auto result = o.bench.take_sent<StreetOfficeLp, model::ToVerify>(&stamp);
  EXPECT_DOUBLE_EQ(result.void_from, threshold);
  const double arrives = stamp.time;
  EXPECT_DOUBLE_EQ(arrives, at({2023, 2, 9}, 12) + o.cfg.latency);  // 3 working days on
  o.bench.run_until(o.lp, threshold - 1);
  EXPECT_TRUE(o.bench.sent.empty());
  o.bench.run_until(o.lp, threshold);
  const auto w = o.bench.take_sent<PlatformLp, model::WhistleDispatch>(&stamp);
  EXPECT_EQ(stamp.dst, o.cfg.platform_lp());
  EXPECT_DOUBLE_EQ(stamp.time, threshold + o.cfg.latency);
  EXPECT_EQ(w.c.id, c.id);
  EXPECT_EQ(w.c.whistle, 1);
  EXPECT_EQ(w.c.whistle_rule, model::kOverdue);
  EXPECT_DOUBLE_EQ(w.c.t_whistle, threshold);
  EXPECT_TRUE(std::isnan(w.c.t_settle));
  // The street ignores the result when it arrives: the whistle took the case over.
  Bench<StreetOfficeLp> s(o.sc, 2);
  s.bench.deliver(s.lp, arrives, result);
  EXPECT_EQ(s.lp.book().cases().live(), 0u);
  EXPECT_TRUE(s.bench.pending().empty());
}

TEST(unit_whistle, a_case_whose_lead_ends_before_the_threshold_is_not_checked) {
  auto sc = whistles();
  sc.categories[category(sc, "public_facilities")].lead_working_days = Distribution::fixed(0.5);
  for (auto& d : sc.departments) d.lead_clock = "working_days";  // half a day: at midnight
  Office o(sc);
  o.bench.deliver(o.lp, kMon, model::ToOffice{a_case(o.cfg, 1, "public_facilities", 2)});
  o.bench.run_until(o.lp, kMon + 2 * kHour);
  EXPECT_TRUE(o.bench.pending().empty());
  kernel::Event stamp{};
  const auto result = o.bench.take_sent<StreetOfficeLp, model::ToVerify>(&stamp);
  EXPECT_EQ(result.void_from, std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(stamp.time, at({2023, 2, 7}, 0) + o.cfg.latency);
}

TEST(unit_whistle, a_case_past_the_threshold_at_staff_done_is_whistled_at_once) {
  Office o(whistles());
  auto c = a_case(o.cfg, 1, "public_facilities", 2);
  c.reopen = 1;
  c.deadline = kMon - 3 * kDay;  // a reopened case, long overdue
  o.bench.deliver(o.lp, kMon, model::ToOffice{c});
  o.bench.run_until(o.lp, kMon + 2 * kHour);
  kernel::Event stamp{};
  const auto w = o.bench.take_sent<PlatformLp, model::WhistleDispatch>(&stamp);
  EXPECT_DOUBLE_EQ(stamp.time, kMon + 2 * kHour + o.cfg.latency);
  EXPECT_DOUBLE_EQ(w.c.t_whistle, kMon + 2 * kHour);
  EXPECT_TRUE(o.bench.sent.empty());  // no ToVerify
  EXPECT_TRUE(o.bench.pending().empty());
  EXPECT_EQ(o.lp.book().cases().live(), 0u);
}

TEST(unit_whistle, the_platform_sends_a_whistled_case_to_its_lead_office_after_its_report) {
  Bench<PlatformLp> p(whistles());
  auto c = a_case(p.cfg, 1, "public_facilities", 1);
  c.whistle = 1;
  c.whistle_rule = model::kOverdue;
  p.bench.deliver(p.lp, kMon, model::WhistleDispatch{c});
  kernel::Event stamp{};
  const auto job = p.bench.take_sent<DepartmentLp, model::WhistleJob>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg.department_lp(kCityManagement));
  EXPECT_DOUBLE_EQ(stamp.time, kMon + 3 * kHour);
  EXPECT_EQ(job.c.whistle_office, p.cfg.n_streets + kCityManagement);
  EXPECT_DOUBLE_EQ(job.c.t_whistle_report, kMon + 3 * kHour);
  const auto& st = p.lp.book().stats().whistle;
  EXPECT_EQ(st.first, 1u);
  EXPECT_EQ(st.by_rule[model::kOverdue], 1);
  EXPECT_EQ(st.by_street[1], 1);
  EXPECT_EQ(st.office_whistles[p.cfg.n_streets + kCityManagement], 1);
  EXPECT_EQ(st.office_whistles[p.cfg.n_streets + kHousing], 1);  // reports too, does not lead
  EXPECT_TRUE(p.bench.sent.empty());
}

TEST(unit_whistle, a_report_faster_than_the_lookahead_still_takes_a_lookahead) {
  auto sc = whistles();
  sc.whistle.report_hours = Distribution::fixed(0);
  Bench<PlatformLp> p(sc);
  auto c = a_case(p.cfg, 1, "city_appearance", 1);  // the street office leads
  c.whistle = 1;
  p.bench.deliver(p.lp, kMon, model::WhistleDispatch{c});
  kernel::Event stamp{};
  p.bench.take_sent<StreetOfficeLp, model::WhistleJob>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg.street_lp(1));
  EXPECT_DOUBLE_EQ(stamp.time, kMon + p.cfg.latency);
}

TEST(unit_whistle, a_multi_department_case_is_whistled_at_dispatch) {
  auto sc = whistles();
  sc.whistle.multi_department_rule = true;
  Bench<PlatformLp> p(sc);
  auto multi = a_case(p.cfg, 1, "public_facilities", 1), single = multi;
  multi.multi_department = true;
  single.id = RunConfig::case_id(0, 2);
  p.bench.deliver(p.lp, kMon, model::ToPlatform{multi});
  p.bench.deliver(p.lp, kMon, model::ToPlatform{single});
  p.bench.run_until(p.lp, kMon + 4 * kMinute);
  kernel::Event stamp{};
  const auto job = p.bench.take_sent<DepartmentLp, model::WhistleJob>(&stamp);
  EXPECT_EQ(job.c.id, multi.id);
  EXPECT_EQ(job.c.whistle_rule, model::kMultiDepartment);
  EXPECT_DOUBLE_EQ(job.c.t_whistle, kMon + 4 * kMinute);
  EXPECT_DOUBLE_EQ(stamp.time, kMon + 4 * kMinute + 3 * kHour);
  EXPECT_EQ((p.bench.take_sent<DepartmentLp, model::ToOffice>().c.id), single.id);
  EXPECT_TRUE(p.bench.sent.empty());
}

TEST(unit_whistle, the_repeat_rule_whistles_the_count_th_case_of_a_grid_and_category) {
  auto sc = whistles();
  sc.whistle.repeat_rule = true;
  sc.whistle.repeat_count = 3;
  sc.whistle.repeat_window_days = 1;
  Bench<PlatformLp> p(sc);
  const auto c = [&](std::uint64_t serial, const std::string& cat, int grid_offset) {
    auto r = a_case(p.cfg, serial, cat, 1);
    r.grid += grid_offset;
    return r;
  };
  const std::vector<CaseRecord> cases = {
      c(1, "city_appearance", 0), c(2, "city_appearance", 1),   // another grid
      c(3, "city_appearance", 0), c(4, "street_order", 0),      // another category
      c(5, "city_appearance", 0), c(6, "city_appearance", 0)};  // 3rd: whistled; then anew
  for (std::size_t k = 0; k < cases.size(); ++k)
    p.bench.deliver(p.lp, kMon + k * kHour, model::ToPlatform{cases[k]});
  p.bench.run_until(p.lp, kMon + kDay);
  ASSERT_EQ((p.bench.count_sent<StreetOfficeLp, model::WhistleJob>()), 1u);
  const auto job = p.bench.take_sent<StreetOfficeLp, model::WhistleJob>();
  EXPECT_EQ(job.c.id, cases[4].id);
  EXPECT_EQ(job.c.whistle_rule, model::kRepeat);
  EXPECT_EQ((p.bench.count_sent<StreetOfficeLp, model::ToOffice>()), 5u);
}

TEST(unit_whistle, leaders_work_a_second_whistle_into_a_result) {
  Bench<PlatformLp> p(whistles());
  auto c = a_case(p.cfg, 1, "public_facilities", 4);
  c.whistle = 2;
  c.reopen = 1;
  const double fri = at({2023, 2, 10}, 16);  // half an hour before the leaders' duty ends
  p.bench.deliver(p.lp, fri, model::SecondWhistle{c});
  const auto done = p.bench.pending_of<PlatformLp, model::LeaderDone>();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, at({2023, 2, 13}, 10));  // 1.5 h more on Monday from 08:30
  p.bench.run_until(p.lp, done[0].time);
  kernel::Event stamp{};
  const auto result = p.bench.take_sent<StreetOfficeLp, model::ToVerify>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg.street_lp(4));
  EXPECT_DOUBLE_EQ(stamp.time, at({2023, 2, 14}, 10) + p.cfg.latency);
  EXPECT_DOUBLE_EQ(result.c.t_settle, at({2023, 2, 14}, 10));
  EXPECT_DOUBLE_EQ(p.lp.leaders().stats().busy_seconds, 2 * kHour);
}

TEST(unit_whistle, a_whistled_result_failing_its_check_blows_the_second_whistle) {
  auto sc = whistles();
  sc.departments[kCityManagement].whistle_fail_probability = 1;
  sc.departments[kHousing].whistle_fail_probability = 0;
  Bench<StreetOfficeLp> s(sc, 1);
  auto failing = a_case(s.cfg, 1, "public_facilities", 1), passing = failing;
  failing.whistle = passing.whistle = 1;
  failing.whistle_office = static_cast<std::int16_t>(s.cfg.n_streets + kCityManagement);
  passing.whistle_office = static_cast<std::int16_t>(s.cfg.n_streets + kHousing);
  passing.id = RunConfig::case_id(0, 2);
  passing.grid += 1;  // its own grid worker
  s.bench.deliver(s.lp, kMon, model::ToVerify{failing});
  s.bench.deliver(s.lp, kMon, model::ToVerify{passing});
  s.bench.run_until(s.lp, kMon + 10 * kMinute);
  kernel::Event stamp{};
  const auto second = s.bench.take_sent<PlatformLp, model::SecondWhistle>(&stamp);
  EXPECT_EQ(stamp.dst, s.cfg.platform_lp());
  EXPECT_DOUBLE_EQ(stamp.time, kMon + 10 * kMinute + s.cfg.latency);
  EXPECT_EQ(second.c.id, failing.id);
  EXPECT_EQ(second.c.whistle, 2);
  EXPECT_EQ(second.c.reopen, 1);
  EXPECT_DOUBLE_EQ(second.c.t_second_whistle, kMon + 10 * kMinute);
  EXPECT_TRUE(s.bench.sent.empty());
  const auto& st = s.lp.book().stats();
  EXPECT_EQ(st.whistle.second, 1u);
  EXPECT_EQ(st.whistle.office_failed[s.cfg.n_streets + kCityManagement], 1);
  EXPECT_EQ(st.flow.closed, 1u);  // the passing one
  EXPECT_EQ(st.whistle.settled, 1u);
}

}  // namespace
}  // namespace gridplan::testing
