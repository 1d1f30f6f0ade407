// The mediation centres of one street (community centres and the street centre inside
// StreetOfficeLp), alone, driven by ToMediation on the baseline with one dispute type at a time
// and fixed times: community 2 h of sessions and 1 working day to the outcome, street 3 h and 2
// working days. Checked: a dispute starts with its community's mediator; its review comes at the
// next daily review hour after the sessions (next_review, and by hand); unresolved there it goes
// to the street centre, where a dispute needing the court waits for the court's sitting day
// (MediationJoin pending at the next sitting per the rota), then for a mediator; unresolved at the
// street centre it goes to the platform (ToMediation to LP 0). A court dispute escalated on a
// Monday joins at once, and a dispute resolved at its community is closed there.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "gridplan/model/mediation_calendar.hpp"
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
using model::CaseRecord;
using model::Distribution;
using model::MediationJoin;
using model::MediationReview;
using model::MediatorDone;
using model::PlatformLp;
using model::RunConfig;
using model::StreetOfficeLp;
using model::ToMediation;

// Street 0 of the baseline where every dispute is of type `type`; `tweak` edits the scenario.
struct Street {
  Street(const std::string& type, double p_community, double p_street,
         const std::function<void(model::Scenario&)>& tweak = {})
      : sc(baseline()) {
    auto& m = sc.mediation;
    for (auto& t : m.types) t.share = t.name == type ? 1 : 0;
    m.community.mediator_hours = Distribution::fixed(2);
    m.community.duration_working_days = Distribution::fixed(1);
    m.community.p_resolve = p_community;
    m.street.mediator_hours = Distribution::fixed(3);
    m.street.duration_working_days = Distribution::fixed(2);
    m.street.p_resolve = p_street;
    if (tweak) tweak(sc);
    cfg = std::make_unique<RunConfig>(sc, 0, false);
    lp = std::make_unique<StreetOfficeLp>(*cfg, 0);
    bench = std::make_unique<SingleLp>(cfg->street_lp(0), cfg->n_lps(), cfg->latency);
  }
  model::Scenario sc;
  std::unique_ptr<RunConfig> cfg;
  std::unique_ptr<StreetOfficeLp> lp;
  std::unique_ptr<SingleLp> bench;

  CaseRecord dispute(double t) const {
    CaseRecord c;
    c.id = RunConfig::case_id(0, 1);
    c.grid = cfg->district.street_first_grid[0];
    for (std::size_t k = 0; k < sc.categories.size(); ++k)
      if (sc.categories[k].name == sc.mediation.dispute_category)
        c.category = static_cast<std::int16_t>(k);
    c.source = 5;  // walk-in
    c.t_report = t;
    c.stage = model::Stage::kInTransit;
    return c;
  }
  int community() const {
    return cfg->district.grids[cfg->district.street_first_grid[0]].community;
  }
  template <class M>
  std::vector<kernel::Event> pending() const {
    return bench->pending_of<StreetOfficeLp, M>();
  }
  const model::MediationStats& st() const { return lp->book().stats().mediation; }
  const model::ProfessionSpec& profession(const std::string& name) const {
    for (const auto& p : sc.mediation.rota)
      if (p.name == name) return p;
    throw std::out_of_range(name);
  }
};

TEST(unit_mediation, a_court_dispute_waits_for_the_courts_day_at_the_street_centre) {
  Street s("contract", /*p_community=*/0, /*p_street=*/0);  // contract: the court, Mon and Tue
  const auto& cal = s.cfg->calendar;
  const double wed = at({2023, 2, 8}, 10);
  s.bench->deliver(*s.lp, wed, ToMediation{s.dispute(wed)});
  ASSERT_EQ(s.pending<MediatorDone>().size(), 1u);
  EXPECT_DOUBLE_EQ(s.pending<MediatorDone>()[0].time, wed + 2 * kHour);  // the community's
  s.bench->run_until(*s.lp, wed + 2 * kHour);
  // Sessions end Thursday 12:00; the next daily review is Friday 09:00.
  ASSERT_EQ(s.pending<MediationReview>().size(), 1u);
  const double review = s.pending<MediationReview>()[0].time;
  EXPECT_DOUBLE_EQ(review, at({2023, 2, 10}, 9));
  EXPECT_DOUBLE_EQ(review,
                   model::next_review(cal, 9, cal.advance_working_time(wed + 2 * kHour, kDay)));
  s.bench->run_until(*s.lp, review);
  EXPECT_EQ(s.st().centre_escalated[s.community()], 1);
  EXPECT_EQ(s.st().centre_accepted[s.cfg->street_centre(0)], 1);
  // The street centre: the court sits next on Monday when the centre opens.
  ASSERT_EQ(s.pending<MediationJoin>().size(), 1u);
  const double join = s.pending<MediationJoin>()[0].time;
  EXPECT_DOUBLE_EQ(join, at({2023, 2, 13}, 8.5));
  EXPECT_DOUBLE_EQ(join,
                   model::next_sitting(cal, s.sc.mediation.hours, s.profession("court"), review));
  EXPECT_TRUE(s.pending<MediatorDone>().empty());  // no mediator before the court comes
  s.bench->run_until(*s.lp, join);
  ASSERT_EQ(s.pending<MediatorDone>().size(), 1u);
  EXPECT_DOUBLE_EQ(s.pending<MediatorDone>()[0].time, join + 3 * kHour);
  s.bench->run_until(*s.lp, join + 3 * kHour);
  // Sessions end Wednesday 11:30; the review is Thursday 09:00.
  ASSERT_EQ(s.pending<MediationReview>().size(), 1u);
  const double second_review = s.pending<MediationReview>()[0].time;
  EXPECT_DOUBLE_EQ(second_review, at({2023, 2, 16}, 9));
  s.bench->run_until(*s.lp, second_review - 1);
  EXPECT_TRUE(s.bench->sent.empty());
  s.bench->run_until(*s.lp, second_review);
  kernel::Event stamp{};
  const auto up = s.bench->take_sent<PlatformLp, ToMediation>(&stamp);
  EXPECT_EQ(stamp.dst, s.cfg->platform_lp());
  EXPECT_DOUBLE_EQ(stamp.time, second_review + s.cfg->latency);
  EXPECT_EQ(up.c.mediation_level, 1);
  EXPECT_EQ(s.sc.mediation.types[up.c.dispute_type].name, "contract");
  EXPECT_DOUBLE_EQ(up.c.t_mediation, wed);
  EXPECT_EQ(s.st().centre_escalated[s.cfg->street_centre(0)], 1);
  EXPECT_EQ(s.st().disputes_accepted, 1u);
  EXPECT_EQ(s.lp->book().cases().live(), 0u);
  EXPECT_TRUE(s.bench->pending().empty());
}

TEST(unit_mediation, a_court_dispute_escalated_on_a_monday_joins_at_once) {
  Street s("contract", 0, 0);
  const double thu = at({2023, 2, 9}, 10);
  s.bench->deliver(*s.lp, thu, ToMediation{s.dispute(thu)});
  const double review = at({2023, 2, 13}, 9);  // sessions end Friday 12:00: Monday's review
  s.bench->run_until(*s.lp, review);
  EXPECT_EQ(s.st().centre_accepted[s.cfg->street_centre(0)], 1);
  EXPECT_TRUE(s.pending<MediationJoin>().empty());
  ASSERT_EQ(s.pending<MediatorDone>().size(), 1u);
  EXPECT_DOUBLE_EQ(s.pending<MediatorDone>()[0].time, review + 3 * kHour);
}

TEST(unit_mediation, a_dispute_resolved_at_its_community_is_closed_there) {
  Street s("neighbour", /*p_community=*/1, 0);
  const double wed = at({2023, 2, 8}, 10);
  s.bench->deliver(*s.lp, wed, ToMediation{s.dispute(wed)});
  s.bench->run_until(*s.lp, at({2023, 2, 10}, 9));
  EXPECT_EQ(s.st().centre_resolved[s.community()], 1);
  EXPECT_EQ(s.st().disputes_resolved, 1u);
  EXPECT_EQ(s.st().centre_accepted[s.cfg->street_centre(0)], 0);
  EXPECT_EQ(s.lp->book().stats().flow.closed, 1u);
  EXPECT_EQ(s.lp->book().cases().live(), 0u);
  EXPECT_TRUE(s.bench->sent.empty());
  EXPECT_TRUE(s.bench->pending().empty());
}

// Three neighbour disputes of street 0 (Xigu) reach its street centre at the same review, where a
// neighbour room of `room_mediators` takes them (3 h each, centre open 08:30-16:30). Returns the
// room's tallies: accepted, and days from acceptance at the street centre to outcome, summed.
struct RoomRun {
  std::int32_t accepted = 0;
  double days = 0, wait_seconds = 0;
  std::vector<double> done;  // the room's MediatorDone times after the review
};
RoomRun three_disputes_in_a_room(int room_mediators) {
  Street s("neighbour", /*p_community=*/0, /*p_street=*/0, [&](model::Scenario& sc) {
    sc.mediation.community.mediators = 3;  // no queue at the community centre
    for (auto& r : sc.mediation.rooms)
      if (r.name == "shijie") {
        r.streets = {sc.streets[0].name};
        r.mediators = room_mediators;
      }
  });
  const double wed = at({2023, 2, 8}, 10);
  for (int k = 0; k < 3; ++k) {
    CaseRecord c = s.dispute(wed);
    c.id = RunConfig::case_id(0, 1 + k);
    s.bench->deliver(*s.lp, wed, ToMediation{c});
  }
  const double review = at({2023, 2, 10}, 9);  // community sessions end Thursday 12:00
  s.bench->run_until(*s.lp, review);
  RoomRun out;
  for (const auto& e : s.pending<MediatorDone>()) out.done.push_back(e.time);
  s.bench->run_until(*s.lp, at({2023, 3, 31}, 0));
  const int centre = s.cfg->street_centre(0);
  const model::MediationStats& st = s.st();
  int shijie = 0;
  while (s.sc.mediation.rooms[shijie].name != "shijie") ++shijie;
  const auto at_room = static_cast<std::size_t>(centre * st.rooms + shijie);
  out.accepted = st.room_accepted[at_room];
  EXPECT_EQ(st.room_ended[at_room], 3);
  out.days = st.room_days[at_room];
  const model::MediationCentre& street_centre = *s.lp->centres().back();
  EXPECT_EQ(street_centre.rooms().size(), 3u);  // property, labour and the neighbour room
  out.wait_seconds = street_centre.room_pool(2).stats().wait_sum;
  EXPECT_EQ(street_centre.room_pool(2).stats().arrivals, 3u);
  return out;
}

TEST(unit_mediation, a_room_with_too_few_mediators_delays_its_disputes) {
  // With 3 room mediators the three disputes' sessions all end at the review + 3 h; with one
  // they run one after another: +3 h, +6 h, and the third carries over to Monday (the centre
  // closes at 16:30), so their days to outcome add up to more.
  const RoomRun enough = three_disputes_in_a_room(3), few = three_disputes_in_a_room(1);
  const double review = at({2023, 2, 10}, 9);
  EXPECT_EQ(enough.accepted, 3);
  EXPECT_EQ(few.accepted, 3);
  ASSERT_EQ(enough.done.size(), 3u);
  for (double t : enough.done) EXPECT_DOUBLE_EQ(t, review + 3 * kHour);
  ASSERT_EQ(few.done.size(), 1u);  // the others wait for the one mediator
  EXPECT_DOUBLE_EQ(few.done[0], review + 3 * kHour);
  EXPECT_DOUBLE_EQ(enough.wait_seconds, 0);
  EXPECT_DOUBLE_EQ(few.wait_seconds, 3 * kHour + 6 * kHour);  // waits of the 2nd and 3rd
  EXPECT_GT(few.days, enough.days);
}

}  // namespace
}  // namespace gridplan::testing
