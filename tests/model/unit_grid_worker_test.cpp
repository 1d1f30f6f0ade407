// The grid workers of one street (GridWorkers inside StreetOfficeLp), alone, driven by messages
// on the baseline with fixed work times. Checked: a case the grid settles is closed by its worker
// after the settle time; one it cannot settle goes up as ToPlatform to LP 0 one lookahead after
// the report; a case arriving off shift waits for the next shift (WorkerWake); cases of one grid
// queue FIFO behind its single worker while another grid's worker is free; a settle's lead time
// occupies nobody and the case closes when it ends; a ToVerify void by
// the time it arrives is ignored; a verified case is closed, or sent back to its office
// (ToOffice) when the check fails.
#include <gtest/gtest.h>

#include <cmath>

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
using model::ToVerify;
using model::ToWorker;

CaseRecord a_case(const RunConfig& cfg, std::uint64_t serial, int cat, int grid, double t) {
  CaseRecord c;
  c.id = RunConfig::case_id(0, serial);
  c.category = static_cast<std::int16_t>(cat);
  c.grid = grid;
  c.office = static_cast<std::int16_t>(cfg.office_for(cat, grid, c.id));
  c.source = 1;  // hotline
  c.t_report = t;
  c.stage = model::Stage::kInTransit;
  return c;
}

// Street 0 of the baseline with fixed times: settle 30 min, report 5 min, verify 10 min.
struct Street {
  explicit Street(double p_fail = 0) : sc(baseline()) {
    sc.categories[category(sc, "city_appearance")].settle_minutes = Distribution::fixed(30);
    sc.grid_worker.report_minutes = Distribution::fixed(5);
    sc.grid_worker.verify_minutes = Distribution::fixed(10);
    sc.grid_worker.p_verification_fail = p_fail;
    cfg = std::make_unique<RunConfig>(sc, 0, false);
    lp = std::make_unique<StreetOfficeLp>(*cfg, 0);
    bench = std::make_unique<SingleLp>(cfg->street_lp(0), cfg->n_lps(), cfg->latency);
  }
  model::Scenario sc;
  std::unique_ptr<RunConfig> cfg;
  std::unique_ptr<StreetOfficeLp> lp;
  std::unique_ptr<SingleLp> bench;
  int grid(int k) const { return cfg->district.street_first_grid[0] + k; }
  const model::LpStats& st() const { return lp->book().stats(); }
};

const double kFri = at({2023, 2, 10}, 10);  // Friday 10:00, worker on shift (08:30-17:30)

TEST(unit_grid_worker, a_case_settled_in_the_grid_is_closed_after_the_settle_time) {
  Street s;
  auto c = a_case(*s.cfg, 1, category(s.sc, "city_appearance"), s.grid(0), kFri);
  c.settle_in_grid = true;
  s.bench->deliver(*s.lp, kFri, ToWorker{c});
  s.bench->run_until(*s.lp, kFri + 30 * kMinute - 1);
  EXPECT_EQ(s.st().flow.closed, 0u);
  EXPECT_EQ(s.lp->book().cases().live(), 1u);
  s.bench->run_until(*s.lp, kFri + 30 * kMinute);
  EXPECT_EQ(s.st().flow.closed, 1u);
  EXPECT_EQ(s.st().workers.settled_in_grid, 1u);
  EXPECT_EQ(s.st().workers.grid_settled[s.grid(0)], 1);
  EXPECT_FLOAT_EQ(s.st().flow.close_hours.at(0), 0.5f);
  EXPECT_EQ(s.lp->book().cases().live(), 0u);
  EXPECT_TRUE(s.bench->sent.empty());
  EXPECT_TRUE(s.bench->pending().empty());
  EXPECT_DOUBLE_EQ(s.lp->workers().pools()[0].stats().busy_seconds, 30 * kMinute);
}

TEST(unit_grid_worker, a_settle_with_lead_time_frees_the_worker_and_closes_when_the_lead_ends) {
  Street s;
  const int cat = category(s.sc, "city_appearance");
  s.sc.categories[cat].settle_lead_hours = Distribution::fixed(3);
  s.cfg = std::make_unique<RunConfig>(s.sc, 0, false);
  s.lp = std::make_unique<StreetOfficeLp>(*s.cfg, 0);
  auto first = a_case(*s.cfg, 1, cat, s.grid(0), kFri);
  auto second = a_case(*s.cfg, 2, cat, s.grid(0), kFri);
  first.settle_in_grid = second.settle_in_grid = true;
  s.bench->deliver(*s.lp, kFri, ToWorker{first});
  s.bench->deliver(*s.lp, kFri, ToWorker{second});
  // The worker's part of both, back to back: the first case's lead time occupies nobody.
  s.bench->run_until(*s.lp, kFri + 60 * kMinute);
  EXPECT_EQ(s.st().flow.closed, 0u);
  EXPECT_EQ(s.lp->book().cases().live(), 2u);
  EXPECT_DOUBLE_EQ(s.lp->workers().pools()[0].stats().busy_seconds, 60 * kMinute);
  EXPECT_EQ(s.lp->workers().pools()[0].stats().started, 2u);
  s.bench->run_until(*s.lp, kFri + 30 * kMinute + 3 * kHour - 1);
  EXPECT_EQ(s.st().flow.closed, 0u);
  s.bench->run_until(*s.lp, kFri + 30 * kMinute + 3 * kHour);
  EXPECT_EQ(s.st().flow.closed, 1u);
  EXPECT_FLOAT_EQ(s.st().flow.close_hours.at(0), 3.5f);
  s.bench->run_until(*s.lp, kFri + 60 * kMinute + 3 * kHour);
  EXPECT_EQ(s.st().flow.closed, 2u);
  EXPECT_EQ(s.st().workers.settled_in_grid, 2u);
  EXPECT_EQ(s.lp->book().cases().live(), 0u);
  EXPECT_TRUE(s.bench->sent.empty());  // a settle needs no verification
}

TEST(unit_grid_worker, a_case_not_settled_goes_up_to_the_platform_a_lookahead_after_the_report) {
  Street s;
  const auto c = a_case(*s.cfg, 1, category(s.sc, "city_appearance"), s.grid(0), kFri);
  s.bench->deliver(*s.lp, kFri, ToWorker{c});
  s.bench->run_until(*s.lp, kFri + 5 * kMinute - 1);
  EXPECT_TRUE(s.bench->sent.empty());
  s.bench->run_until(*s.lp, kFri + 5 * kMinute);
  kernel::Event stamp{};
  const auto up = s.bench->take_sent<PlatformLp, ToPlatform>(&stamp);
  EXPECT_EQ(stamp.dst, s.cfg->platform_lp());
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 5 * kMinute + s.cfg->latency);
  EXPECT_EQ(up.c.id, c.id);
  EXPECT_EQ(up.c.stage, model::Stage::kInTransit);
  EXPECT_EQ(s.st().flow.closed, 0u);
  EXPECT_EQ(s.st().workers.settled_in_grid, 0u);
  EXPECT_EQ(s.lp->book().cases().live(), 0u);  // the case travels in the message
}

TEST(unit_grid_worker, a_case_arriving_off_shift_waits_for_the_next_shift) {
  Street s;
  // Friday 20:00; Saturday 2023-02-11 is a rest day: the rest-day shift starts at 09:00.
  const double t = at({2023, 2, 10}, 20), shift = at({2023, 2, 11}, 9);
  ASSERT_FALSE(s.cfg->calendar.is_working_day(kernel::Calendar::day_of(shift)));
  ASSERT_EQ(s.cfg->worker_shift.next_on(t), shift);
  s.bench->deliver(*s.lp, t,
                   ToWorker{a_case(*s.cfg, 1, category(s.sc, "street_order"), s.grid(0), t)});
  const auto wake = s.bench->pending_of<StreetOfficeLp, model::WorkerWake>();
  ASSERT_EQ(wake.size(), 1u);
  EXPECT_EQ(wake[0].time, shift);
  EXPECT_TRUE((s.bench->pending_of<StreetOfficeLp, model::WorkerDone>().empty()));
  s.bench->run_until(*s.lp, shift + 5 * kMinute - 1);
  EXPECT_TRUE(s.bench->sent.empty());
  s.bench->run_until(*s.lp, shift + 5 * kMinute);
  kernel::Event stamp{};
  s.bench->take_sent<PlatformLp, ToPlatform>(&stamp);
  EXPECT_DOUBLE_EQ(stamp.time, shift + 5 * kMinute + s.cfg->latency);
  EXPECT_DOUBLE_EQ(s.lp->workers().pools()[0].stats().wait_sum, shift - t);
}

TEST(unit_grid_worker, cases_of_one_grid_queue_fifo_behind_its_one_worker) {
  Street s;
  const int cat = category(s.sc, "city_appearance");
  auto a = a_case(*s.cfg, 1, cat, s.grid(0), kFri);  // settles: 30 min
  a.settle_in_grid = true;
  const auto b = a_case(*s.cfg, 2, cat, s.grid(0), kFri);  // reports: 5 min each
  const auto c = a_case(*s.cfg, 3, cat, s.grid(0), kFri);
  const auto d = a_case(*s.cfg, 4, cat, s.grid(1), kFri);  // the next grid's own worker
  ASSERT_EQ(s.cfg->district.grids[s.grid(1)].street, 0);
  s.bench->deliver(*s.lp, kFri, ToWorker{a});
  s.bench->deliver(*s.lp, kFri + 1 * kMinute, ToWorker{b});
  s.bench->deliver(*s.lp, kFri + 2 * kMinute, ToWorker{c});
  s.bench->deliver(*s.lp, kFri + 3 * kMinute, ToWorker{d});
  EXPECT_EQ(s.lp->workers().pools()[0].queue_length(), 2);
  s.bench->run_until(*s.lp, kFri + kDay);
  const double lat = s.cfg->latency;
  kernel::Event stamp{};
  EXPECT_EQ((s.bench->take_sent<PlatformLp, ToPlatform>(&stamp).c.id), d.id);
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 8 * kMinute + lat);  // not behind grid 0's queue
  EXPECT_EQ((s.bench->take_sent<PlatformLp, ToPlatform>(&stamp).c.id), b.id);
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 35 * kMinute + lat);  // after a's 30 minutes
  EXPECT_EQ((s.bench->take_sent<PlatformLp, ToPlatform>(&stamp).c.id), c.id);
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 40 * kMinute + lat);
  EXPECT_EQ(s.st().flow.closed, 1u);
  // b waited 29 minutes, c 33.
  EXPECT_DOUBLE_EQ(s.lp->workers().pools()[0].stats().wait_sum, 62 * kMinute);
}

TEST(unit_grid_worker, a_result_void_on_arrival_is_ignored) {
  Street s;
  const int cat = category(s.sc, "city_appearance");
  s.bench->deliver(*s.lp, kFri, ToVerify{a_case(*s.cfg, 1, cat, s.grid(0), 0), kFri - 1});
  s.bench->deliver(*s.lp, kFri + 1, ToVerify{a_case(*s.cfg, 2, cat, s.grid(0), 0), kFri + 1});
  EXPECT_EQ(s.lp->book().cases().live(), 0u);
  EXPECT_TRUE(s.bench->pending().empty());
  EXPECT_TRUE(s.bench->sent.empty());
  EXPECT_EQ(s.lp->workers().pools()[0].stats().arrivals, 0u);
  // Still valid when it arrives: the worker takes it.
  s.bench->deliver(*s.lp, kFri + 2, ToVerify{a_case(*s.cfg, 3, cat, s.grid(0), 0), kFri + 3});
  EXPECT_EQ(s.lp->book().cases().live(), 1u);
  EXPECT_EQ((s.bench->pending_of<StreetOfficeLp, model::WorkerDone>().size()), 1u);
}

TEST(unit_grid_worker, a_verified_case_is_closed_on_time) {
  Street s;
  auto c = a_case(*s.cfg, 1, category(s.sc, "city_appearance"), s.grid(0), kFri - 2 * kDay);
  c.t_dispatch = kFri - 2 * kDay;
  c.deadline = kFri + kDay;
  s.bench->deliver(*s.lp, kFri, ToVerify{c});
  s.bench->run_until(*s.lp, kFri + 10 * kMinute - 1);
  EXPECT_EQ(s.st().flow.closed, 0u);
  s.bench->run_until(*s.lp, kFri + 10 * kMinute);
  EXPECT_EQ(s.st().flow.closed, 1u);
  EXPECT_EQ(s.st().flow.closed_dispatched, 1u);
  EXPECT_EQ(s.st().flow.closed_on_time, 1u);
  EXPECT_EQ(s.st().offices.closed[c.office], 1);
  EXPECT_EQ(s.st().workers.reopened, 0u);
  EXPECT_TRUE(s.bench->sent.empty());
  EXPECT_TRUE(s.bench->pending().empty());
}

TEST(unit_grid_worker, a_failed_check_sends_the_case_back_to_its_office) {
  Street s(/*p_fail=*/1.0);
  const auto dept = a_case(*s.cfg, 1, category(s.sc, "public_facilities"), s.grid(0), 0);
  const auto own = a_case(*s.cfg, 2, category(s.sc, "city_appearance"), s.grid(1), 0);
  ASSERT_GE(dept.office, s.cfg->n_streets);  // a department's case
  ASSERT_EQ(own.office, 0);                  // this street office's case
  s.bench->deliver(*s.lp, kFri, ToVerify{dept});
  s.bench->deliver(*s.lp, kFri, ToVerify{own});
  s.bench->run_until(*s.lp, kFri + 10 * kMinute);
  kernel::Event stamp{};
  const auto back = s.bench->take_sent<DepartmentLp, ToOffice>(&stamp);
  EXPECT_EQ(stamp.dst, s.cfg->office_lp(dept.office));
  EXPECT_DOUBLE_EQ(stamp.time, kFri + 10 * kMinute + s.cfg->latency);
  EXPECT_EQ(back.c.id, dept.id);
  EXPECT_EQ(back.c.reopen, 1);
  EXPECT_TRUE(std::isnan(back.c.t_close));
  // The street's own case comes back to this LP's office, a lookahead later.
  const auto again = s.bench->pending_of<StreetOfficeLp, ToOffice>();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_DOUBLE_EQ(again[0].time, kFri + 10 * kMinute + s.cfg->latency);
  EXPECT_TRUE(s.bench->sent.empty());
  EXPECT_EQ(s.st().flow.closed, 0u);
  EXPECT_EQ(s.st().workers.reopened, 2u);
  EXPECT_EQ(s.st().offices.reopened[dept.office], 1);
  EXPECT_EQ(s.st().offices.reopened[0], 1);
  s.bench->run_until(*s.lp, again[0].time);  // the office takes it: staff work begins
  EXPECT_EQ(s.lp->office().pool().stats().arrivals, 1u);
}

}  // namespace
}  // namespace gridplan::testing
