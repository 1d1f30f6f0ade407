// The typed messages (model/message.hpp) at the LPs that receive them. Checked: an LP handed an
// event built by another kind of LP's Inbox throws std::logic_error naming itself and the message
// (a street's ToWorker at a department, the platform's OperatorDone at a street, a department's
// ToOffice at a street: the same struct, another LP's kind), and a kind past the end of its own
// Inbox; one struct has a different kind at each LP that accepts it; a message of at most 12
// bytes travels in the event's fields and a larger one as a body, both opened back unchanged.
#include <gtest/gtest.h>

#include <string>

#include "gridplan/model/department.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/street_office.hpp"
#include "model/single_lp.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using model::DepartmentLp;
using model::PlatformLp;
using model::RunConfig;
using model::StreetOfficeLp;

const model::Scenario& baseline() {
  static const model::Scenario sc = io::load_scenario(baseline_path());
  return sc;
}
const RunConfig& config() {
  static const RunConfig cfg(baseline(), 0, false);
  return cfg;
}

// What `lp` says when its own pending event (planted by the test) is not for it.
template <class Lp>
std::string refusal(Lp& lp, SingleLp& bench) {
  try {
    bench.run_until(lp, bench.now());
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(unit_inbox, a_department_refuses_a_streets_message_naming_both) {
  const RunConfig& cfg = config();
  ASSERT_EQ(cfg.sc.departments[1].name, "police");
  DepartmentLp lp(cfg, 1);
  SingleLp bench(cfg.department_lp(1), cfg.n_lps(), cfg.latency);
  StreetOfficeLp::Inbox::schedule(bench, 0.0, model::ToWorker{});
  const std::string what = refusal(lp, bench);
  EXPECT_NE(what.find("LP 'department:police'"), std::string::npos) << what;
  EXPECT_NE(what.find("message ToWorker (for street LPs)"), std::string::npos) << what;
  EXPECT_EQ(lp.book().cases().live(), 0u);
}

TEST(unit_inbox, a_street_refuses_the_platforms_pool_event) {
  const RunConfig& cfg = config();
  StreetOfficeLp lp(cfg, 0);
  SingleLp bench(cfg.street_lp(0), cfg.n_lps(), cfg.latency);
  PlatformLp::Inbox::schedule(bench, 0.0, model::OperatorDone{});
  const std::string what = refusal(lp, bench);
  EXPECT_NE(what.find("LP 'street:" + cfg.sc.streets[0].name + "'"), std::string::npos) << what;
  EXPECT_NE(what.find("OperatorDone (for platform LPs)"), std::string::npos) << what;
}

TEST(unit_inbox, the_same_struct_for_another_kind_of_lp_is_refused) {
  const RunConfig& cfg = config();
  // ToOffice is accepted by streets and departments alike, under different kinds.
  EXPECT_NE(StreetOfficeLp::Inbox::kind_of<model::ToOffice>(),
            DepartmentLp::Inbox::kind_of<model::ToOffice>());
  StreetOfficeLp lp(cfg, 0);
  SingleLp bench(cfg.street_lp(0), cfg.n_lps(), cfg.latency);
  DepartmentLp::Inbox::schedule(bench, 0.0, model::ToOffice{});
  const std::string what = refusal(lp, bench);
  EXPECT_NE(what.find("ToOffice (for department LPs)"), std::string::npos) << what;
  EXPECT_EQ(lp.office().pool().stats().arrivals, 0u);
  // The street's own ToOffice is accepted: its office takes the case.
  model::CaseRecord c;
  c.grid = cfg.district.street_first_grid[0];
  c.office = 0;
  bench.deliver(lp, 1.0, model::ToOffice{c});
  EXPECT_EQ(lp.office().pool().stats().arrivals, 1u);
}

TEST(unit_inbox, a_kind_past_the_end_of_the_lps_own_inbox_is_refused) {
  const RunConfig& cfg = config();
  PlatformLp lp(cfg);
  SingleLp bench(cfg.platform_lp(), cfg.n_lps(), cfg.latency);
  bench.schedule(0.0, PlatformLp::Inbox::kTag << 16 | 0xffu);  // its tag, no such message
  const std::string what = refusal(lp, bench);
  EXPECT_NE(what.find("LP 'platform'"), std::string::npos) << what;
  EXPECT_NE(what.find("of no known LP"), std::string::npos) << what;
}

TEST(unit_inbox, small_messages_travel_in_the_fields_and_large_ones_as_bodies) {
  const RunConfig& cfg = config();
  SingleLp bench(cfg.platform_lp(), cfg.n_lps(), cfg.latency);
  const model::MediationJoin join{7, {123456, 42}};  // 12 bytes
  StreetOfficeLp::Inbox::send(bench, cfg.street_lp(2), 60.0, join);
  model::CaseRecord c;
  c.id = 99;
  c.grid = 5;
  StreetOfficeLp::Inbox::send(bench, cfg.street_lp(2), 90.0, model::ToVerify{c, 1234.5});
  ASSERT_EQ(bench.sent.size(), 2u);
  EXPECT_EQ(bench.sent[0].kind & kernel::kBodyFlag, 0u);
  EXPECT_NE(bench.sent[1].kind & kernel::kBodyFlag, 0u);
  EXPECT_EQ(bench.sent[1].dst, cfg.street_lp(2));
  EXPECT_DOUBLE_EQ(bench.sent[1].time, 90.0);
  const auto j = bench.take_sent<StreetOfficeLp, model::MediationJoin>();
  EXPECT_EQ(j.centre, 7u);
  EXPECT_EQ(j.handle.slot, 123456u);
  EXPECT_EQ(j.handle.generation, 42u);
  const auto v = bench.take_sent<StreetOfficeLp, model::ToVerify>();
  EXPECT_EQ(v.c.id, 99u);
  EXPECT_EQ(v.c.grid, 5);
  EXPECT_DOUBLE_EQ(v.void_from, 1234.5);
  EXPECT_THROW((bench.take_sent<StreetOfficeLp, model::ToVerify>()), std::runtime_error);
}

}  // namespace
}  // namespace gridplan::testing
