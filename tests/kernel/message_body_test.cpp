// Message bodies: a body sent with a message reaches its receiver unchanged, read in place while
// others are sent; a body stamped past the horizon is handed to its receiver's on_unreceived,
// in global order and before on_finish; slots are reused. (The native engine here: SimGrid runs
// once per process, and the golden SimGrid cases hold it to the native results.)
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/message_body.hpp"

namespace gridplan::kernel {
namespace {

struct Parcel {
  std::uint64_t id;
  double values[12] = {};  // larger than an event's own fields
};

constexpr std::uint32_t kParcel = 1, kTick = 2;

// LP 0 sends a parcel to LP 1 every 10 s from t = 0, each `delay` s on its way; LP 1 records
// what it receives and what is handed to it at the end.
class Sender final : public LogicalProcess {
 public:
  explicit Sender(double delay) : delay_(delay) {}
  const std::string& name() const override { return name_; }
  void init(Context& ctx) override { ctx.schedule(0.0, kTick); }
  void on_event(Context& ctx, const Event&) override {
    Parcel p{next_, {}};
    for (int k = 0; k < 12; ++k) p.values[k] = static_cast<double>(next_) + k / 16.0;
    ++next_;
    ctx.send_body(1, delay_, kParcel, 7, p);
    ctx.schedule(10.0, kTick);
  }

 private:
  std::string name_ = "sender";
  double delay_;
  std::uint64_t next_ = 0;
};

class Receiver final : public LogicalProcess {
 public:
  const std::string& name() const override { return name_; }
  void init(Context&) override {}
  void on_event(Context& ctx, const Event& ev) override {
    EXPECT_EQ(ev.kind & ~kBodyFlag, kParcel);
    EXPECT_EQ(ev.a, 7u);
    const Parcel& p = ctx.view_body<Parcel>(ev);
    for (int k = 0; k < 12; ++k) EXPECT_EQ(p.values[k], static_cast<double>(p.id) + k / 16.0);
    received.push_back(p.id);
    ctx.release_body(ev);
  }
  void on_unreceived(Context& ctx, const Event& ev) override {
    EXPECT_EQ(ctx.now(), horizon);
    EXPECT_FALSE(finished) << "on_unreceived must come before on_finish";
    unreceived.push_back(ctx.take_body<Parcel>(ev).id);
  }
  void on_finish(SimTime) override { finished = true; }

  double horizon = 0;
  bool finished = false;
  std::vector<std::uint64_t> received, unreceived;

 private:
  std::string name_ = "receiver";
};

TEST(message_body, bodies_arrive_unchanged_and_those_past_the_horizon_are_handed_over) {
  Sender sender(/*delay=*/25.0);
  Receiver receiver;
  receiver.horizon = 100.0;
  LogicalProcess* lps[] = {&sender, &receiver};
  EngineOptions o;
  o.horizon = 100.0;
  o.lookahead = 1.0;
  make_engine("native")->run(lps, o);
  // Parcels sent at 0, 10, ..., 100 arrive 25 s later: those sent up to 70 s arrive by 95 s,
  // the three sent at 80-100 s would arrive past the horizon.
  EXPECT_EQ(receiver.received, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(receiver.unreceived, (std::vector<std::uint64_t>{8, 9, 10}));
  EXPECT_TRUE(receiver.finished);
}

TEST(message_body, a_store_reuses_freed_slots_and_refuses_a_ticket_it_never_gave) {
  BodyStore store;
  const std::uint64_t a = store.put(Parcel{1, {}});
  const std::uint64_t b = store.emplace<Parcel>(std::uint64_t{2});
  EXPECT_EQ(store.in_flight(), 2u);
  EXPECT_EQ(store.view<Parcel>(b).id, 2u);
  EXPECT_EQ(store.take<Parcel>(a).id, 1u);
  EXPECT_EQ(store.put(Parcel{3, {}}), a);  // the freed slot comes back first
  EXPECT_EQ(store.view<Parcel>(a).id, 3u);
  EXPECT_THROW(store.view<Parcel>(99), std::logic_error);
}

}  // namespace
}  // namespace gridplan::kernel
