// An hourly staff pool (the seat operators) starts a waiting case at every hour at which its
// headcount rises, not only at an hour above the headcount when the case was blocked; the slots
// in service keep their order whether kept in place or spilled.
#include "gridplan/model/staff_pool.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "recording_context.hpp"

namespace gridplan::testing {
namespace {

using kernel::kHour;

TEST(staff_pool, a_smaller_later_rise_starts_a_waiting_case) {
  // 2 on duty in 00-01, none in 01-02, 1 in 02-03, 3 after. Two cases start at 00:30 and end
  // at 01:30; a third waits. When the first two end nobody is on duty; at 02:00 one operator
  // comes on and must take it (before the fix it waited for 03:00, the first hour above 2).
  std::array<int, 24> roster{};
  roster.fill(3);
  roster[0] = 2;
  roster[1] = 0;
  roster[2] = 1;
  const kernel::Calendar calendar(kernel::Date{2023, 1, 2}, {}, {}, 10);
  model::StaffPool pool(0, roster, roster, &calendar, {/*done=*/1, /*wake=*/2});
  model::CaseTable cases;
  RecordingContext ctx;
  const auto a = cases.allocate(), b = cases.allocate(), c = cases.allocate();
  ctx.set_now(0.5 * kHour);
  pool.arrive(ctx, cases, a, kHour);
  pool.arrive(ctx, cases, b, kHour);
  pool.arrive(ctx, cases, c, kHour);
  ASSERT_EQ(ctx.posted.size(), 3u);  // a and b done at 01:30, and one wake-up
  const kernel::Event wake = ctx.posted[2];
  EXPECT_EQ(wake.kind, 2u);
  EXPECT_DOUBLE_EQ(wake.time, 2 * kHour);
  ctx.set_now(1.5 * kHour);
  pool.on_done(ctx, cases, a);
  pool.on_done(ctx, cases, b);
  EXPECT_EQ(pool.busy(), 0);  // nobody on duty
  EXPECT_EQ(ctx.posted.size(), 3u);
  ctx.set_now(2 * kHour);
  pool.on_wake(ctx, cases);
  EXPECT_EQ(pool.busy(), 1);
  ASSERT_EQ(ctx.posted.size(), 4u);
  EXPECT_EQ(ctx.posted[3].b, c);
  EXPECT_DOUBLE_EQ(ctx.posted[3].time, 3 * kHour);  // started at 02:00, an hour's work
}

std::vector<std::uint32_t> slots_of(const model::InService& s) {
  std::vector<std::uint32_t> out;
  s.for_each([&](std::uint32_t slot) { out.push_back(slot); });
  return out;
}

TEST(staff_pool, slots_in_service_keep_their_order_in_place_and_spilled) {
  // The order is that of the sums at the horizon, so it must not depend on where they are kept.
  model::InService s;
  s.push_back(7);
  s.push_back(3);
  s.erase(7);
  EXPECT_EQ(slots_of(s), (std::vector<std::uint32_t>{3}));
  s.push_back(9);
  s.push_back(1);  // a third at once: all spill, in order
  s.push_back(5);
  s.erase(9);
  EXPECT_EQ(slots_of(s), (std::vector<std::uint32_t>{3, 1, 5}));
  s.erase(3);
  s.erase(5);
  s.erase(1);  // empty: back in place
  EXPECT_TRUE(slots_of(s).empty());
  s.push_back(4);
  s.push_back(2);
  s.erase(4);
  EXPECT_EQ(slots_of(s), (std::vector<std::uint32_t>{2}));
}

}  // namespace
}  // namespace gridplan::testing
