// A case's place in its holder's table: a handle names a case only while the slot still holds
// it, and handing a case on frees the slot. The first version recognised a stale message by the
// slot and the low 32 bits of the case id (the creating LP's counter), so a slot reused by
// another LP's case with the same counter passed for the live case; the first test is that case.
#include <gtest/gtest.h>

#include "gridplan/model/case_record.hpp"
#include "gridplan/model/run_config.hpp"

namespace gridplan::testing {
namespace {

using model::CaseHandle;
using model::CaseRecord;
using model::CaseTable;
using model::RunConfig;

TEST(case_table, a_slot_reused_by_a_case_with_the_same_counter_is_not_the_old_case) {
  CaseTable t;
  const std::uint32_t s = t.allocate();
  t[s].id = RunConfig::case_id(/*lp=*/0, /*serial=*/7);
  const CaseHandle old = t.handle(s);
  t.release(s);
  CaseRecord other;
  other.id = RunConfig::case_id(/*lp=*/3, /*serial=*/7);  // same low 32 bits
  ASSERT_EQ(t.adopt(other), s);                           // the freed slot is reused
  EXPECT_FALSE(t.current(old));
  EXPECT_TRUE(t.current(t.handle(s)));
  EXPECT_EQ(t[s].id, other.id);
}

TEST(case_table, handing_a_case_on_frees_its_slot_and_returns_its_record) {
  CaseTable t;
  const std::uint32_t a = t.allocate(), b = t.allocate();
  t[a].id = 11;
  t[a].grid = 5;
  t[b].id = 12;
  const CaseHandle ha = t.handle(a);
  const CaseRecord r = t.hand_on(a);
  EXPECT_EQ(r.id, 11u);
  EXPECT_EQ(r.grid, 5);
  EXPECT_EQ(t.live(), 1u);
  EXPECT_FALSE(t.current(ha));
  std::vector<std::uint64_t> ids;
  t.for_each_live([&](const CaseRecord& c) { ids.push_back(c.id); });
  EXPECT_EQ(ids, std::vector<std::uint64_t>{12});
  EXPECT_FALSE(t.current(CaseHandle{99, 0}));  // a slot the table never had
}

}  // namespace
}  // namespace gridplan::testing
