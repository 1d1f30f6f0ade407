// Unit tests of the native engine on tiny models: per-LP order (time, src, seq), the lookahead
// and past-time checks, the horizon, on_finish, the progress callback and run-to-run identity.
#include "gridplan/kernel/native_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/event.hpp"
#include "gridplan/kernel/logical_process.hpp"

namespace gridplan::kernel {
namespace {

// An LP that records what it sees; subclasses decide what it sends.
class Recorder : public LogicalProcess {
 public:
  explicit Recorder(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  void init(Context& ctx) override { (void)ctx; }
  void on_event(Context& ctx, const Event& ev) override {
    if (finish_calls > 0) ++events_after_finish;
    if (ctx.now() != ev.time) ++clock_mismatches;
    seen.push_back(ev);
    react(ctx, ev);
  }
  void on_finish(SimTime horizon) override {
    ++finish_calls;
    finish_horizon = horizon;
  }

  std::vector<Event> seen;
  int finish_calls = 0;
  SimTime finish_horizon = -1.0;
  int events_after_finish = 0;
  int clock_mismatches = 0;

 protected:
  virtual void react(Context& ctx, const Event& ev) {
    (void)ctx;
    (void)ev;
  }

 private:
  std::string name_;
};

// The ping-pong model. Each LP starts two tied local ticks and throws one ball to each of its two
// peers; a ball is thrown on to a peer, 1 or 2 s later, and leaves a local tick 0.5 s later (a
// zero-delay tick could sort before the ball that made it: see zero_delay_local_event_...). Every
// reaction is a function of the event and of the peers' *names* only, so the events of a run do not
// depend on the order in which the LPs are listed. Integer delays give many tied stamps, from the
// same sender and from different senders.
enum Kind : std::uint32_t { kTick = 1, kBall = 2 };
constexpr SimTime kLookahead = 1.0;

class PingPong final : public Recorder {
 public:
  PingPong(std::string name, std::uint64_t tag) : Recorder(std::move(name)), tag_(tag) {}
  // Peers in name order, whatever their ids.
  void set_peers(std::vector<LpId> peers) { peers_ = std::move(peers); }

  void init(Context& ctx) override {
    ctx.schedule(0.0, kTick, 0, tag_);
    ctx.schedule(0.0, kTick, 1, tag_);
    for (LpId p : peers_) ctx.send(p, kLookahead, kBall, 0, tag_);
  }

 protected:
  void react(Context& ctx, const Event& ev) override {
    if (ev.kind != kBall) return;
    const std::uint32_t hop = ev.a + 1;
    const LpId to = peers_[(hop / 2 + hop / 3 + ev.b) % peers_.size()];
    ctx.send(to, kLookahead * (1 + hop % 2), kBall, hop, ev.b);
    ctx.schedule(0.5, kTick, hop, ev.b);
  }

 private:
  std::uint64_t tag_;
  std::vector<LpId> peers_;
};

// Builds the ping-pong LPs for the names in listing order ("a", "b", "c" tagged 0, 1, 2).
std::vector<std::unique_ptr<PingPong>> ping_pong(const std::vector<std::string>& listing) {
  std::map<std::string, LpId> id;
  for (std::size_t i = 0; i < listing.size(); ++i) id[listing[i]] = static_cast<LpId>(i);
  std::vector<std::unique_ptr<PingPong>> lps;
  for (const auto& name : listing) {
    lps.push_back(std::make_unique<PingPong>(name, static_cast<std::uint64_t>(name[0] - 'a')));
    std::vector<LpId> peers;
    for (const auto& [peer, peer_id] : id)  // std::map: name order
      if (peer != name) peers.push_back(peer_id);
    lps.back()->set_peers(peers);
  }
  return lps;
}

template <class T>
std::vector<LogicalProcess*> pointers(const std::vector<std::unique_ptr<T>>& lps) {
  std::vector<LogicalProcess*> out;
  for (const auto& lp : lps) out.push_back(lp.get());
  return out;
}

EngineOptions options(SimTime horizon) {
  EngineOptions o;
  o.horizon = horizon;
  o.lookahead = kLookahead;
  return o;
}

using Key =
    std::tuple<SimTime, LpId, LpId, std::uint64_t, std::uint32_t, std::uint32_t, std::uint64_t>;
Key key(const Event& e) {
  return {e.time, e.dst, e.src, e.seq, e.kind, e.a, e.b};
}

std::vector<Key> keys(const std::vector<Event>& events) {
  std::vector<Key> out;
  for (const Event& e : events) out.push_back(key(e));
  return out;
}

// Counts consecutive pairs of `seen` that are not strictly increasing in (time, src, seq).
int order_violations(const std::vector<Event>& seen) {
  int bad = 0;
  for (std::size_t i = 1; i < seen.size(); ++i)
    if (!lp_order_less(seen[i - 1], seen[i])) ++bad;
  return bad;
}

TEST(native_engine, ping_pong_events_per_lp_arrive_in_time_src_seq_order) {
  auto lps = ping_pong({"a", "b", "c"});
  NativeEngine engine;
  const EngineStats stats = engine.run(pointers(lps), options(500.0));

  std::uint64_t total = 0;
  for (std::size_t i = 0; i < lps.size(); ++i) {
    const PingPong& lp = *lps[i];
    SCOPED_TRACE(lp.name());
    EXPECT_GT(lp.seen.size(), 100u);
    EXPECT_EQ(order_violations(lp.seen), 0);
    EXPECT_EQ(lp.clock_mismatches, 0);
    for (const Event& e : lp.seen) EXPECT_EQ(e.dst, i);
    total += lp.seen.size();
  }
  EXPECT_EQ(stats.events, total);
  EXPECT_FALSE(stats.interrupted);
  EXPECT_EQ(stats.end_time, 500.0);

  // The model must really exercise ties: some LP sees equal stamps from two different senders
  // and equal stamps from one sender (then ordered by seq).
  int cross_sender_ties = 0, same_sender_ties = 0;
  for (const auto& lp : lps)
    for (std::size_t i = 1; i < lp->seen.size(); ++i) {
      const Event &p = lp->seen[i - 1], &q = lp->seen[i];
      if (p.time != q.time) continue;
      if (p.src != q.src)
        ++cross_sender_ties;
      else
        ++same_sender_ties;
    }
  EXPECT_GT(cross_sender_ties, 10);
  EXPECT_GT(same_sender_ties, 10);
}

TEST(native_engine, tied_stamps_are_ordered_by_sender_id_not_insertion_or_listing) {
  // System: LPs x, y, z. At init y sends z a message for t = 10; x sends z one for t = 10 only
  // when it handles its own event at t = 3, i.e. after y's message was queued. z also gets a
  // local event at t = 10 scheduled at init.
  // Expectation: z sees the three t = 10 events sorted by sender id (its own id included), and
  // listing the same LPs in another order re-sorts them by the new ids, because the contract
  // is (time, src, seq) and nothing else: no insertion counter, no name order.
  class Lp final : public Recorder {
   public:
    using Recorder::Recorder;
    LpId z = 0;
    void init(Context& ctx) override {
      if (name() == "x") ctx.schedule(3.0, kTick);
      if (name() == "y") ctx.send(z, 10.0, kBall);
      if (name() == "z") ctx.schedule(10.0, kTick);
    }

   protected:
    void react(Context& ctx, const Event& ev) override {
      if (name() == "x" && ev.kind == kTick) ctx.send(z, 7.0, kBall);
    }
  };
  const auto senders_seen_by_z = [](const std::vector<std::string>& listing) {
    std::vector<std::unique_ptr<Lp>> lps;
    const LpId z =
        static_cast<LpId>(std::find(listing.begin(), listing.end(), "z") - listing.begin());
    for (const auto& n : listing) {
      lps.push_back(std::make_unique<Lp>(n));
      lps.back()->z = z;
    }
    NativeEngine engine;
    engine.run(pointers(lps), options(20.0));
    std::string out;
    for (const Event& e : lps[z]->seen) {
      EXPECT_EQ(e.time, 10.0);
      out += listing[e.src];
    }
    return out;
  };
  EXPECT_EQ(senders_seen_by_z({"x", "y", "z"}), "xyz");
  EXPECT_EQ(senders_seen_by_z({"z", "y", "x"}), "zyx");
  EXPECT_EQ(senders_seen_by_z({"y", "z", "x"}), "yzx");
}

TEST(native_engine, listing_order_changes_only_the_src_ids_of_the_per_lp_sequence) {
  // The same ping-pong LPs listed in another order: each LP must see the same events (named by
  // sender, without seq, whose values follow the sender's handling order), and its sequence must
  // again be in (time, src, seq) order under the new ids. Nothing stronger is promised.
  using Named = std::tuple<SimTime, std::string, std::uint32_t, std::uint32_t, std::uint64_t>;
  const auto run = [](const std::vector<std::string>& listing) {
    auto lps = ping_pong(listing);
    NativeEngine engine;
    engine.run(pointers(lps), options(300.0));
    std::map<std::string, std::vector<Named>> by_name;
    for (const auto& lp : lps) {
      EXPECT_EQ(order_violations(lp->seen), 0) << lp->name();
      auto& v = by_name[lp->name()];
      for (const Event& e : lp->seen) v.emplace_back(e.time, listing[e.src], e.kind, e.a, e.b);
      std::sort(v.begin(), v.end());
    }
    return by_name;
  };
  const auto abc = run({"a", "b", "c"});
  EXPECT_EQ(run({"c", "a", "b"}), abc);
  EXPECT_EQ(run({"b", "c", "a"}), abc);
}

TEST(native_engine, zero_delay_local_event_runs_before_pending_ties_from_higher_senders) {
  // System: LP "b" (id 1) sends "a" (id 0) two messages stamped t = 5; handling the first, "a"
  // schedules a local event with delay 0, stamped (5, src 0).
  // Expectation: a sees ball, tick, ball, because each pop takes the least *pending* event in
  // (time, src, seq) and (5, 0, *) < (5, 1, 1). So an LP's sequence is sorted except where a
  // zero-delay local event sorts before the event that created it; models must not assume more.
  class Lp final : public Recorder {
   public:
    using Recorder::Recorder;
    void init(Context& ctx) override {
      if (ctx.self() == 1) {
        ctx.send(0, 5.0, kBall, 1);
        ctx.send(0, 5.0, kBall, 2);
      }
    }

   protected:
    void react(Context& ctx, const Event& ev) override {
      if (ev.kind == kBall && ev.a == 1) ctx.schedule(0.0, kTick, 9);
    }
  };
  Lp a("a"), b("b");
  std::vector<LogicalProcess*> lps = {&a, &b};
  NativeEngine engine;
  engine.run(lps, options(10.0));
  ASSERT_EQ(a.seen.size(), 3u);
  EXPECT_EQ(a.seen[0].a, 1u);
  EXPECT_EQ(a.seen[1].a, 9u);
  EXPECT_EQ(a.seen[2].a, 2u);
  for (const Event& e : a.seen) EXPECT_EQ(e.time, 5.0);
}

TEST(native_engine, identical_runs_give_identical_per_lp_sequences) {
  std::vector<std::vector<Key>> first;
  for (int run = 0; run < 3; ++run) {
    auto lps = ping_pong({"a", "b", "c"});
    NativeEngine engine;
    engine.run(pointers(lps), options(400.0));
    std::vector<std::vector<Key>> now;
    for (const auto& lp : lps) now.push_back(keys(lp->seen));
    if (run == 0)
      first = now;
    else
      EXPECT_EQ(now, first) << "run " << run;
  }
}

TEST(native_engine, message_under_the_lookahead_throws_naming_both_lps) {
  class Sender final : public Recorder {
   public:
    Sender(std::string name, SimTime delay) : Recorder(std::move(name)), delay_(delay) {}
    void init(Context& ctx) override {
      if (name() == "dispatcher") ctx.schedule(2.0, kTick);
    }

   protected:
    void react(Context& ctx, const Event& ev) override {
      if (ev.kind == kTick) ctx.send(1, delay_, kBall);
    }

   private:
    SimTime delay_;
  };
  for (const SimTime delay : {0.0, 0.5, kLookahead * (1 - 1e-12), -1.0}) {
    SCOPED_TRACE(delay);
    Sender from("dispatcher", delay), to("crew_pool", delay);
    std::vector<LogicalProcess*> lps = {&from, &to};
    NativeEngine engine;
    try {
      engine.run(lps, options(10.0));
      ADD_FAILURE() << "no exception";
    } catch (const std::logic_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("dispatcher"), std::string::npos) << what;
      EXPECT_NE(what.find("crew_pool"), std::string::npos) << what;
    }
  }
  // Exactly the lookahead is allowed.
  Sender from("dispatcher", kLookahead), to("crew_pool", kLookahead);
  std::vector<LogicalProcess*> lps = {&from, &to};
  NativeEngine engine;
  EXPECT_NO_THROW(engine.run(lps, options(10.0)));
  ASSERT_EQ(to.seen.size(), 1u);
  EXPECT_EQ(to.seen[0].time, 2.0 + kLookahead);
}

TEST(native_engine, message_to_an_unknown_lp_throws) {
  class Lost final : public Recorder {
   public:
    using Recorder::Recorder;
    void init(Context& ctx) override { ctx.send(7, kLookahead, kBall); }
  };
  Lost lp("lost");
  std::vector<LogicalProcess*> lps = {&lp};
  NativeEngine engine;
  EXPECT_THROW(engine.run(lps, options(10.0)), std::logic_error);
}

TEST(native_engine, scheduling_in_the_past_throws) {
  class Past final : public Recorder {
   public:
    Past(std::string name, int how) : Recorder(std::move(name)), how_(how) {}
    void init(Context& ctx) override { ctx.schedule(5.0, kTick); }

   protected:
    void react(Context& ctx, const Event&) override {
      if (how_ == 0) ctx.schedule(-1.0, kTick);
      if (how_ == 1) ctx.schedule_at(ctx.now() - 1e-9, kTick);
      if (how_ == 2) ctx.schedule(std::numeric_limits<double>::quiet_NaN(), kTick);
    }

   private:
    int how_;
  };
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(how);
    Past lp("clerk", how);
    std::vector<LogicalProcess*> lps = {&lp};
    NativeEngine engine;
    try {
      engine.run(lps, options(10.0));
      ADD_FAILURE() << "no exception";
    } catch (const std::logic_error& e) {
      EXPECT_NE(std::string(e.what()).find("clerk"), std::string::npos) << e.what();
    }
  }
}

// Regression: a message to the sending LP itself with a negative delay used to be queued in
// the past (the LP clock ran 5 -> 2); it must throw like schedule(-3).
TEST(native_engine, message_to_self_in_the_past_throws) {
  class SelfPast final : public Recorder {
   public:
    using Recorder::Recorder;
    void init(Context& ctx) override { ctx.schedule(5.0, kTick); }

   protected:
    void react(Context& ctx, const Event& ev) override {
      if (ev.kind == kTick) ctx.send(ctx.self(), -3.0, kBall);
    }
  };
  SelfPast lp("clerk");
  std::vector<LogicalProcess*> lps = {&lp};
  NativeEngine engine;
  EXPECT_THROW(engine.run(lps, options(10.0)), std::logic_error);
  EXPECT_EQ(order_violations(lp.seen), 0);
}

TEST(native_engine, events_after_the_horizon_are_dropped) {
  // Horizon H = 100: local events at H - 1, H and H + 1e-6; a message stamped exactly H and one
  // stamped H + 0.5. Those at or before H run; the others never do.
  class Edge final : public Recorder {
   public:
    using Recorder::Recorder;
    void init(Context& ctx) override {
      if (name() == "edge") {
        ctx.schedule_at(99.0, kTick);
        ctx.schedule_at(100.0, kTick);
        ctx.schedule_at(100.0 + 1e-6, kTick);
        ctx.send(1, 100.5, kBall);
      } else {
        ctx.send(0, 100.0, kBall);
      }
    }
  };
  Edge edge("edge"), peer("peer");
  std::vector<LogicalProcess*> lps = {&edge, &peer};
  NativeEngine engine;
  const EngineStats stats = engine.run(lps, options(100.0));
  ASSERT_EQ(edge.seen.size(), 3u);
  EXPECT_EQ(edge.seen[0].time, 99.0);
  EXPECT_EQ(edge.seen[1].time, 100.0);
  EXPECT_EQ(edge.seen[1].src, 0u);  // own event first: src 0 < 1
  EXPECT_EQ(edge.seen[2].time, 100.0);
  EXPECT_EQ(edge.seen[2].src, 1u);
  EXPECT_TRUE(peer.seen.empty());
  EXPECT_EQ(stats.events, 3u);
  EXPECT_EQ(stats.end_time, 100.0);
}

// Regression: the calendar queue once sized its buckets from the horizon unchecked (undefined
// for an infinite horizon, 784 MB for 1e10 s); an infinite horizon now means one plain heap.
TEST(native_engine, infinite_horizon_runs_until_no_event_is_left) {
  class Chain final : public Recorder {
   public:
    using Recorder::Recorder;
    void init(Context& ctx) override { ctx.schedule(1e7, kTick); }

   protected:
    void react(Context& ctx, const Event& ev) override {
      if (seen.size() < 5) ctx.schedule(ev.time, kTick);  // doubles the time each step
    }
  };
  Chain chain("chain");
  std::vector<LogicalProcess*> lps = {&chain};
  NativeEngine engine;
  const EngineStats stats = engine.run(lps, options(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(stats.events, 5u);
  ASSERT_EQ(chain.seen.size(), 5u);
  EXPECT_EQ(chain.seen[4].time, 1.6e8);
  EXPECT_EQ(chain.finish_calls, 1);
}

TEST(native_engine, on_finish_is_called_once_per_lp_after_the_last_event) {
  auto lps = ping_pong({"a", "b", "c"});
  NativeEngine engine;
  engine.run(pointers(lps), options(250.0));
  for (const auto& lp : lps) {
    SCOPED_TRACE(lp->name());
    EXPECT_EQ(lp->finish_calls, 1);
    EXPECT_EQ(lp->finish_horizon, 250.0);
    EXPECT_EQ(lp->events_after_finish, 0);
  }
  // An LP with no event at all is finished too.
  Recorder idle("idle");
  std::vector<LogicalProcess*> one = {&idle};
  engine.run(one, options(5.0));
  EXPECT_EQ(idle.finish_calls, 1);
}

TEST(native_engine, progress_callback_can_stop_the_run) {
  // Ping-pong to a horizon of 1e5 s is some 800 k events; the callback stops it at its 2nd call.
  auto lps = ping_pong({"a", "b", "c"});
  int calls = 0;
  SimTime last_time = -1;
  std::uint64_t last_events = 0;
  EngineOptions o = options(1e5);
  o.progress = [&](SimTime t, std::uint64_t events) {
    EXPECT_GE(t, last_time);
    EXPECT_GT(events, last_events);
    last_time = t;
    last_events = events;
    return ++calls < 2;
  };
  NativeEngine engine;
  const EngineStats stats = engine.run(pointers(lps), o);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(stats.interrupted);
  EXPECT_EQ(stats.events, last_events);
  EXPECT_EQ(stats.end_time, last_time);
  EXPECT_LT(stats.end_time, o.horizon);
  std::uint64_t handled = 0;
  for (const auto& lp : lps) handled += lp->seen.size();
  EXPECT_EQ(handled, stats.events);
}

TEST(native_engine, progress_callback_that_never_stops_changes_nothing) {
  auto quiet = ping_pong({"a", "b", "c"});
  auto watched = ping_pong({"a", "b", "c"});
  NativeEngine engine;
  const EngineStats s1 = engine.run(pointers(quiet), options(12000.0));
  EngineOptions o = options(12000.0);
  int calls = 0;
  o.progress = [&](SimTime, std::uint64_t) { return ++calls > 0; };
  const EngineStats s2 = engine.run(pointers(watched), o);
  EXPECT_GT(calls, 0);  // the run is long enough for at least one call
  EXPECT_FALSE(s2.interrupted);
  EXPECT_EQ(s2.events, s1.events);
  for (std::size_t i = 0; i < quiet.size(); ++i)
    EXPECT_EQ(keys(watched[i]->seen), keys(quiet[i]->seen));
}

TEST(native_engine, rejects_a_lookahead_that_is_not_positive) {
  Recorder lp("lp");
  std::vector<LogicalProcess*> lps = {&lp};
  NativeEngine engine;
  for (const SimTime l : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    EngineOptions o = options(10.0);
    o.lookahead = l;
    EXPECT_THROW(engine.run(lps, o), std::invalid_argument) << l;
  }
}

TEST(native_engine, factory_makes_native_and_lists_engines_otherwise) {
  EXPECT_EQ(make_engine("native")->name(), "native");
  try {
    make_engine("warp");
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("native"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gridplan::kernel
