// The platform's seat operators (PlatformLp), alone, driven by ToPlatform messages on the
// baseline with a fixed filing time of 4 minutes and the whistles off. Checked: an operator files
// a case (OperatorDone after the filing time), then it is dispatched with ToOffice to the right
// office LP (a street's or a department's) one lookahead later, with t_triage, t_dispatch and a
// deadline of time_limit_days working days (calendar.advance_working_time, and by hand); with
// more cases than operators on duty the extra ones wait their turn in the queue. A hotline call
// enters at the platform: it is filed on arrival, at night too, then goes to its office or, if the
// grid settles it, to the grid worker of its grid.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

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
using model::ToOffice;
using model::ToPlatform;

CaseRecord a_case(const RunConfig& cfg, std::uint64_t serial, int cat, int grid, double t) {
  CaseRecord c;
  c.id = RunConfig::case_id(2, serial);  // reported up by street 1's worker
  c.category = static_cast<std::int16_t>(cat);
  c.grid = grid;
  c.office = static_cast<std::int16_t>(cfg.office_for(cat, grid, c.id));
  c.source = 0;
  c.t_report = t;
  c.stage = model::Stage::kInTransit;
  return c;
}

struct Platform {
  explicit Platform(int operators = 0, const std::function<void(model::Scenario&)>& edit = {})
      : sc(baseline()) {
    sc.platform.file_minutes = Distribution::fixed(4);
    if (operators > 0) sc.platform.operators_by_hour.fill(operators);
    sc.whistle.enabled = false;
    if (edit) edit(sc);
    cfg = std::make_unique<RunConfig>(sc, 0, false);
    lp = std::make_unique<PlatformLp>(*cfg);
    bench = std::make_unique<SingleLp>(cfg->platform_lp(), cfg->n_lps(), cfg->latency);
  }
  model::Scenario sc;
  std::unique_ptr<RunConfig> cfg;
  std::unique_ptr<PlatformLp> lp;
  std::unique_ptr<SingleLp> bench;
  int grid_of_street(int street) const { return cfg->district.street_first_grid[street]; }
};

const double kFri = at({2023, 2, 10}, 10);  // Friday 10:00 (no holiday in February 2023)

TEST(unit_platform, an_operator_files_a_case_and_dispatches_it_to_its_office) {
  Platform p;
  const int street = 1, grid = p.grid_of_street(street);
  const auto own = a_case(*p.cfg, 1, category(p.sc, "city_appearance"), grid, kFri - kHour);
  const auto dept = a_case(*p.cfg, 2, category(p.sc, "public_facilities"), grid, kFri - kHour);
  ASSERT_EQ(own.office, street);
  ASSERT_EQ(dept.office, p.cfg->n_streets + department(p.sc, "city_management"));
  p.bench->deliver(*p.lp, kFri, ToPlatform{own});
  p.bench->deliver(*p.lp, kFri, ToPlatform{dept});
  const auto filed = p.bench->pending_of<PlatformLp, model::OperatorDone>();
  ASSERT_EQ(filed.size(), 2u);
  EXPECT_DOUBLE_EQ(filed[0].time, kFri + 4 * kMinute);
  EXPECT_DOUBLE_EQ(filed[1].time, kFri + 4 * kMinute);
  p.bench->run_until(*p.lp, kFri + 4 * kMinute - 1);
  EXPECT_TRUE(p.bench->sent.empty());
  p.bench->run_until(*p.lp, kFri + 4 * kMinute);
  const double dispatched = kFri + 4 * kMinute;

  kernel::Event stamp{};
  const auto to_street = p.bench->take_sent<StreetOfficeLp, ToOffice>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg->street_lp(street));
  EXPECT_DOUBLE_EQ(stamp.time, dispatched + p.cfg->latency);
  EXPECT_EQ(to_street.c.id, own.id);
  EXPECT_DOUBLE_EQ(to_street.c.t_triage, kFri);
  EXPECT_DOUBLE_EQ(to_street.c.t_dispatch, dispatched);
  // 5 working days from a Friday: the next Friday, same time.
  EXPECT_DOUBLE_EQ(to_street.c.deadline,
                   p.cfg->calendar.advance_working_time(dispatched, 5 * kDay));
  EXPECT_DOUBLE_EQ(to_street.c.deadline, at({2023, 2, 17}, 10) + 4 * kMinute);

  const auto to_dept = p.bench->take_sent<DepartmentLp, ToOffice>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg->office_lp(dept.office));
  EXPECT_EQ(stamp.dst, p.cfg->department_lp(department(p.sc, "city_management")));
  EXPECT_DOUBLE_EQ(stamp.time, dispatched + p.cfg->latency);
  EXPECT_EQ(to_dept.c.id, dept.id);
  EXPECT_DOUBLE_EQ(to_dept.c.t_dispatch, dispatched);
  // 10 working days: two calendar weeks.
  EXPECT_DOUBLE_EQ(to_dept.c.deadline, p.cfg->calendar.advance_working_time(dispatched, 10 * kDay));
  EXPECT_DOUBLE_EQ(to_dept.c.deadline, at({2023, 2, 24}, 10) + 4 * kMinute);

  const auto& st = p.lp->book().stats().platform;
  EXPECT_EQ(st.dispatched, 2u);
  EXPECT_EQ(st.office_received[own.office], 1);
  EXPECT_EQ(st.office_received[dept.office], 1);
  EXPECT_EQ(p.lp->book().cases().live(), 0u);
  EXPECT_TRUE(p.bench->sent.empty());
}

TEST(unit_platform, a_deadline_skips_rest_days) {
  Platform p;
  // Thursday 2023-09-28, 12:00: the National Day holiday runs from 09-29 to 10-06, and
  // Saturday 10-07 is a make-up working day.
  const double t = at({2023, 9, 28}, 12);
  const int cat = category(p.sc, "public_order");  // 3 working days, police
  p.bench->deliver(*p.lp, t, ToPlatform{a_case(*p.cfg, 1, cat, p.grid_of_street(0), t)});
  p.bench->run_until(*p.lp, t + 4 * kMinute);
  const auto m = p.bench->take_sent<DepartmentLp, ToOffice>();
  const double dispatched = t + 4 * kMinute;
  EXPECT_DOUBLE_EQ(m.c.deadline, p.cfg->calendar.advance_working_time(dispatched, 3 * kDay));
  // The rest of Thursday, Saturday 10-07 and Sunday 10-08 (make-up days), then Monday 10-09.
  EXPECT_DOUBLE_EQ(m.c.deadline, at({2023, 10, 9}, 12) + 4 * kMinute);
}

TEST(unit_platform, with_more_cases_than_operators_the_extra_ones_wait) {
  Platform p(/*operators=*/2);
  const int cat = category(p.sc, "city_appearance"), grid = p.grid_of_street(0);
  const auto a = a_case(*p.cfg, 1, cat, grid, kFri);
  const auto b = a_case(*p.cfg, 2, cat, grid, kFri);
  const auto c = a_case(*p.cfg, 3, cat, grid, kFri);
  for (const auto& x : {a, b, c}) p.bench->deliver(*p.lp, kFri, ToPlatform{x});
  EXPECT_EQ(p.lp->operators().busy(), 2);
  EXPECT_EQ(p.lp->operators().queue_length(), 1);
  EXPECT_EQ((p.bench->pending_of<PlatformLp, model::OperatorDone>().size()), 2u);
  p.bench->run_until(*p.lp, kFri + 4 * kMinute);
  EXPECT_EQ((p.bench->count_sent<StreetOfficeLp, ToOffice>()), 2u);
  EXPECT_EQ(p.lp->operators().queue_length(), 0);
  p.bench->run_until(*p.lp, kFri + 8 * kMinute - 1);
  EXPECT_EQ((p.bench->count_sent<StreetOfficeLp, ToOffice>()), 2u);
  p.bench->run_until(*p.lp, kFri + 8 * kMinute);
  ASSERT_EQ((p.bench->count_sent<StreetOfficeLp, ToOffice>()), 3u);
  EXPECT_EQ((p.bench->take_sent<StreetOfficeLp, ToOffice>().c.id), a.id);
  EXPECT_EQ((p.bench->take_sent<StreetOfficeLp, ToOffice>().c.id), b.id);
  kernel::Event stamp{};
  const auto last = p.bench->take_sent<StreetOfficeLp, ToOffice>(&stamp);
  EXPECT_EQ(last.c.id, c.id);
  EXPECT_DOUBLE_EQ(last.c.t_triage, kFri + 4 * kMinute);  // filing began when an operator freed
  EXPECT_DOUBLE_EQ(last.c.t_dispatch, kFri + 8 * kMinute);
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 8 * kMinute + p.cfg->latency);
  EXPECT_DOUBLE_EQ(p.lp->operators().stats().wait_sum, 4 * kMinute);
  EXPECT_EQ(p.lp->book().stats().platform.triage_waits.size(), 3u);
}

const double kNight = at({2023, 2, 10}, 3);  // Friday 03:00: grid workers and offices off duty

TEST(unit_platform, a_hotline_call_at_night_is_filed_on_arrival_and_dispatched_to_its_office) {
  Platform p(2, [](model::Scenario& sc) {
    sc.categories[category(sc, "city_appearance")].settle_in_grid = 0;
  });
  const int grid = p.grid_of_street(1);
  const int hotline = source(p.sc, "hotline"), cat = category(p.sc, "city_appearance");
  p.bench->deliver(*p.lp, kNight,
                   model::RecordedCase{hotline, cat, grid, model::kCategoryHandler, 1});
  p.bench->run_until(*p.lp, kNight + 4 * kMinute);
  kernel::Event stamp{};
  const auto sent = p.bench->take_sent<StreetOfficeLp, ToOffice>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg->street_lp(1));
  EXPECT_DOUBLE_EQ(stamp.time, kNight + 4 * kMinute + p.cfg->latency);
  EXPECT_DOUBLE_EQ(sent.c.t_report, kNight);
  EXPECT_DOUBLE_EQ(sent.c.t_triage, kNight);
  EXPECT_DOUBLE_EQ(sent.c.t_dispatch, kNight + 4 * kMinute);
  EXPECT_EQ(p.lp->book().stats().platform.filed_by_hour[0 * 24 + 3], 1);  // a working day, 03h
}

TEST(unit_platform, a_call_the_grid_settles_goes_to_the_grid_worker_after_filing) {
  Platform p(2, [](model::Scenario& sc) {
    sc.categories[category(sc, "city_appearance")].settle_in_grid = 1;
  });
  const int grid = p.grid_of_street(1);
  const int hotline = source(p.sc, "hotline"), cat = category(p.sc, "city_appearance");
  p.bench->deliver(*p.lp, kNight,
                   model::RecordedCase{hotline, cat, grid, model::kCategoryHandler, 1});
  p.bench->run_until(*p.lp, kNight + 4 * kMinute);
  kernel::Event stamp{};
  const auto sent = p.bench->take_sent<StreetOfficeLp, model::ToWorker>(&stamp);
  EXPECT_EQ(stamp.dst, p.cfg->street_lp(1));
  EXPECT_DOUBLE_EQ(stamp.time, kNight + 4 * kMinute + p.cfg->latency);
  EXPECT_TRUE(sent.c.settle_in_grid);
  EXPECT_DOUBLE_EQ(sent.c.t_triage, kNight);
  EXPECT_TRUE(std::isnan(sent.c.t_dispatch));  // not dispatched to an office
  EXPECT_EQ(p.lp->book().stats().platform.to_grid_worker, 1u);
  EXPECT_EQ(p.lp->book().stats().platform.dispatched, 0u);
}

}  // namespace
}  // namespace gridplan::testing
