// Unit tests of the SimGrid engine on tiny models, against the native engine, and one test per
// SimGrid 3.32 pitfall that applies (waits, horizon, ties, sub-precision stamps, logs, one Engine).
#include "gridplan/kernel/simgrid_engine.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/event.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/native_engine.hpp"

namespace gridplan::kernel {
namespace {

// ---- Running an engine in a child process -------------------------------------------------
// SimGrid allows one Engine per process, so every SimGrid run below happens in a forked child
// that reports back through a pipe; the test process itself never starts SimGrid.

// What a child did: its exit status, its report, and everything it printed on stdout/stderr.
struct ChildOutcome {
  int exit_status = -1;
  std::string report;
  std::string printed;
};

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Runs `body` in a forked child; its return value becomes the report. An exception becomes the
// report "exception <type>: <what>" with exit status 3.
ChildOutcome in_child(const std::function<std::string()>& body) {
  int report_pipe[2], print_pipe[2];
  if (pipe(report_pipe) != 0 || pipe(print_pipe) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(report_pipe[0]);
    ::close(print_pipe[0]);
    ::dup2(print_pipe[1], STDOUT_FILENO);
    ::dup2(print_pipe[1], STDERR_FILENO);
    std::string report;
    int status = 0;
    try {
      report = body();
    } catch (const std::invalid_argument& e) {
      report = std::string("exception invalid_argument: ") + e.what(), status = 3;
    } catch (const std::logic_error& e) {
      report = std::string("exception logic_error: ") + e.what(), status = 3;
    } catch (const std::exception& e) {
      report = std::string("exception other: ") + e.what(), status = 3;
    }
    std::fflush(nullptr);
    write_all(report_pipe[1], report);
    _exit(status);  // no atexit handlers, no gtest teardown in the child
  }
  ::close(report_pipe[1]);
  ::close(print_pipe[1]);
  ChildOutcome out;
  // Read both pipes together: a child blocked on a full pipe would never exit.
  pollfd fds[2] = {{report_pipe[0], POLLIN, 0}, {print_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&out.report, &out.printed};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[65536];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  out.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

// ---- Tiny models ----------------------------------------------------------------------------

// Handlers running at once in this process (at most one, if handlers are atomic), and how
// often a second one started while another was still running.
int g_handlers_inside = 0;
int g_handler_overlaps = 0;

// An LP that records what it sees; subclasses decide what it does.
class Recorder : public LogicalProcess {
 public:
  explicit Recorder(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  void init(Context& ctx) override { start(ctx); }
  void on_event(Context& ctx, const Event& ev) override {
    if (++g_handlers_inside > 1) ++g_handler_overlaps;
    if (finish_calls > 0) ++events_after_finish;
    if (ctx.now() != ev.time) ++clock_mismatches;
    seen.push_back(ev);
    react(ctx, ev);
    --g_handlers_inside;
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
  virtual void start(Context& ctx) { (void)ctx; }
  virtual void react(Context& ctx, const Event& ev) {
    (void)ctx;
    (void)ev;
  }

 private:
  std::string name_;
};

// A recorder whose start and reactions are given as functions, for one-off systems.
class Scripted final : public Recorder {
 public:
  using Start = std::function<void(Scripted&, Context&)>;
  using React = std::function<void(Scripted&, Context&, const Event&)>;
  Scripted(std::string name, Start start, React react = {})
      : Recorder(std::move(name)), start_(std::move(start)), react_(std::move(react)) {}

 protected:
  void start(Context& ctx) override {
    if (start_) start_(*this, ctx);
  }
  void react(Context& ctx, const Event& ev) override {
    if (react_) react_(*this, ctx, ev);
  }

 private:
  Start start_;
  React react_;
};

enum Kind : std::uint32_t { kTick = 1, kBall = 2 };
constexpr SimTime kLookahead = 1.0;

// The ping-pong model of the native engine's tests: each LP starts two tied local ticks and
// throws a ball to each peer; a ball is thrown on 1 or 2 s later and leaves a tick 1 s later.
// Integer delays give many tied stamps from one sender, from several, and from a message and a
// local event together.
class PingPong final : public Recorder {
 public:
  PingPong(std::string name, std::uint64_t tag, std::vector<LpId> peers)
      : Recorder(std::move(name)), tag_(tag), peers_(std::move(peers)) {}

 protected:
  void start(Context& ctx) override {
    ctx.schedule(0.0, kTick, 0, tag_);
    ctx.schedule(0.0, kTick, 1, tag_);
    for (LpId p : peers_) ctx.send(p, kLookahead, kBall, 0, tag_);
  }
  void react(Context& ctx, const Event& ev) override {
    if (ev.kind != kBall) return;
    const std::uint32_t hop = ev.a + 1;
    const LpId to = peers_[(hop / 2 + hop / 3 + ev.b) % peers_.size()];
    ctx.send(to, kLookahead * (1 + hop % 2), kBall, hop, ev.b);
    ctx.schedule(kLookahead, kTick, hop, ev.b);  // ties with balls from the peers
  }

 private:
  std::uint64_t tag_;
  std::vector<LpId> peers_;
};

using Model = std::vector<std::unique_ptr<Recorder>>;

Model ping_pong(int n) {
  Model lps;
  for (int i = 0; i < n; ++i) {
    std::vector<LpId> peers;
    for (int j = 0; j < n; ++j)
      if (j != i) peers.push_back(static_cast<LpId>(j));
    lps.push_back(std::make_unique<PingPong>(std::string(1, static_cast<char>('a' + i)),
                                             static_cast<std::uint64_t>(i), peers));
  }
  return lps;
}

EngineOptions options(SimTime horizon, SimTime lookahead = kLookahead) {
  EngineOptions o;
  o.horizon = horizon;
  o.lookahead = lookahead;
  return o;
}

// ---- What a run did, as text that crosses the pipe exactly ---------------------------------

// A run's stats and every LP's record. Times travel as hexadecimal floats, so bit for bit.
struct RunRecord {
  EngineStats stats;
  std::vector<std::vector<Event>> seen;
  std::vector<int> finish_calls;
  std::vector<SimTime> finish_horizon;
  int events_after_finish = 0;
  int clock_mismatches = 0;
  int handler_overlaps = 0;
};

std::string serialise(const EngineStats& stats, const Model& lps) {
  std::ostringstream out;
  char t[64];
  std::snprintf(t, sizeof t, "%a", stats.end_time);
  out << "stats " << stats.events << ' ' << t << ' ' << stats.interrupted << ' '
      << g_handler_overlaps << '\n';
  for (const auto& lp : lps) {
    std::snprintf(t, sizeof t, "%a", lp->finish_horizon);
    out << "lp " << lp->finish_calls << ' ' << t << ' ' << lp->events_after_finish << ' '
        << lp->clock_mismatches << '\n';
    for (const Event& e : lp->seen) {
      std::snprintf(t, sizeof t, "%a", e.time);
      out << "ev " << t << ' ' << e.dst << ' ' << e.src << ' ' << e.seq << ' ' << e.kind << ' '
          << e.a << ' ' << e.b << '\n';
    }
  }
  return out.str();
}

RunRecord parse(const std::string& text) {
  RunRecord r;
  std::istringstream in(text);
  std::string tag;
  while (in >> tag) {
    std::string t;
    if (tag == "stats") {
      in >> r.stats.events >> t >> r.stats.interrupted >> r.handler_overlaps;
      r.stats.end_time = std::strtod(t.c_str(), nullptr);
    } else if (tag == "lp") {
      int calls = 0, after = 0, mismatches = 0;
      in >> calls >> t >> after >> mismatches;
      r.finish_calls.push_back(calls);
      r.finish_horizon.push_back(std::strtod(t.c_str(), nullptr));
      r.events_after_finish += after;
      r.clock_mismatches += mismatches;
      r.seen.emplace_back();
    } else if (tag == "ev") {
      Event e{};
      in >> t >> e.dst >> e.src >> e.seq >> e.kind >> e.a >> e.b;
      e.time = std::strtod(t.c_str(), nullptr);
      r.seen.back().push_back(e);
    } else {
      throw std::runtime_error("bad report line starting with '" + tag + "': " + text);
    }
  }
  return r;
}

std::vector<LogicalProcess*> pointers(const Model& lps) {
  std::vector<LogicalProcess*> out;
  for (const auto& lp : lps) out.push_back(lp.get());
  return out;
}

// Runs the model made by `make` on `engine` ("native" here, "simgrid" in a child process).
RunRecord run_on(const std::string& engine, const std::function<Model()>& make,
                 const EngineOptions& o) {
  const auto body = [&] {
    Model lps = make();
    const EngineStats stats = make_engine(engine)->run(pointers(lps), o);
    return serialise(stats, lps);
  };
  if (engine == "native") return parse(body());
  const ChildOutcome child = in_child(body);
  if (child.exit_status != 0)
    throw std::runtime_error("SimGrid child failed (" + std::to_string(child.exit_status) +
                             "): " + child.report + child.printed);
  return parse(child.report);
}

using Key =
    std::tuple<SimTime, LpId, LpId, std::uint64_t, std::uint32_t, std::uint32_t, std::uint64_t>;
std::vector<std::vector<Key>> keys(const RunRecord& r) {
  std::vector<std::vector<Key>> out;
  for (const auto& lp : r.seen) {
    out.emplace_back();
    for (const Event& e : lp)
      out.back().emplace_back(e.time, e.dst, e.src, e.seq, e.kind, e.a, e.b);
  }
  return out;
}

// Asserts that SimGrid gave the native engine's per-LP sequences, stats and on_finish calls.
void expect_same_as_native(const std::function<Model()>& make, const EngineOptions& o) {
  const RunRecord native = run_on("native", make, o);
  const RunRecord simgrid = run_on("simgrid", make, o);
  EXPECT_EQ(keys(simgrid), keys(native));
  EXPECT_EQ(simgrid.stats.events, native.stats.events);
  EXPECT_EQ(simgrid.stats.end_time, native.stats.end_time);
  EXPECT_EQ(simgrid.stats.interrupted, native.stats.interrupted);
  EXPECT_EQ(simgrid.finish_calls, native.finish_calls);
  EXPECT_EQ(simgrid.finish_horizon, native.finish_horizon);
  EXPECT_EQ(simgrid.clock_mismatches, 0);
  EXPECT_EQ(simgrid.events_after_finish, 0);
  EXPECT_EQ(simgrid.handler_overlaps, 0);
}

#if GRIDPLAN_WITH_SIMGRID
#define SKIP_WITHOUT_SIMGRID() (void)0
#else
#define SKIP_WITHOUT_SIMGRID() GTEST_SKIP() << "built without SimGrid"
#endif

// ---- The wait handed to SimGrid ---------------------------------------------------------------

TEST(simgrid_engine, wait_is_the_gap_when_it_is_long_enough) {
  EXPECT_EQ(simgrid_wait_seconds(10.0, 4.0), 6.0);
  EXPECT_EQ(simgrid_wait_seconds(86400.0, 0.0), 86400.0);
  EXPECT_EQ(simgrid_wait_seconds(1.0 + 2 * kSimGridMinWaitSeconds, 1.0),
            (1.0 + 2 * kSimGridMinWaitSeconds) - 1.0);
}

TEST(simgrid_engine, wait_is_zero_when_the_events_are_due_or_late) {
  // Expectation: 0 ("handle now") for a zero, negative or sub-precision gap, because SimGrid
  // reads a negative timeout other than -1 as a deadlock (and kills every actor at t = 0), and
  // rounds positive waits under 1e-9 s up to its precision.
  EXPECT_EQ(simgrid_wait_seconds(5.0, 5.0), 0.0);
  EXPECT_EQ(simgrid_wait_seconds(5.0, 5.0 + 1e-9), 0.0);
  EXPECT_EQ(simgrid_wait_seconds(5.0, 6.0), 0.0);
  EXPECT_EQ(simgrid_wait_seconds(5.0 + 1e-10, 5.0), 0.0);
  EXPECT_EQ(simgrid_wait_seconds(5.0 + 0.5e-6, 5.0), 0.0);
  const double year_end = 365 * 86400.0;  // one ulp is 3.7e-9 s here
  EXPECT_EQ(simgrid_wait_seconds(std::nextafter(year_end, 1e300), year_end), 0.0);
  EXPECT_EQ(simgrid_wait_seconds(year_end, std::nextafter(year_end, 1e300)), 0.0);
}

TEST(simgrid_engine, wait_is_never_negative_nor_under_the_minimum_on_a_dense_sweep) {
  // Every (target, now) pair around a few clock values, one ulp apart up to seconds apart: the
  // result is 0 or at least the minimum wait, and never -1 (which would mean "forever").
  int waits = 0, zeros = 0;
  for (const double base : {0.0, 1.0, 3600.0, 86400.0 * 30, 86400.0 * 365, 86400.0 * 3650}) {
    std::vector<double> around{base};
    double up = base, down = base;
    for (int i = 0; i < 40; ++i) around.push_back(up = std::nextafter(up, 1e300));
    for (int i = 0; i < 40; ++i) around.push_back(down = std::nextafter(down, -1e300));
    for (const double d : {1e-10, 1e-9, 5e-7, 1e-6, 2e-6, 1e-3, 1.0, 60.0})
      around.push_back(base + d), around.push_back(base - d);
    for (const double target : around)
      for (const double now : around) {
        const double w = simgrid_wait_seconds(target, now);
        ASSERT_TRUE(w == 0.0 || w >= kSimGridMinWaitSeconds) << target << ' ' << now << ' ' << w;
        ASSERT_LE(w, std::max(0.0, target - now));
        (w == 0.0 ? zeros : waits)++;
      }
  }
  EXPECT_GT(waits, 1000);
  EXPECT_GT(zeros, 1000);
}

TEST(simgrid_engine, wait_rejects_a_non_finite_clock_or_target) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(simgrid_wait_seconds(inf, 0.0), std::logic_error);
  EXPECT_THROW(simgrid_wait_seconds(nan, 0.0), std::logic_error);
  EXPECT_THROW(simgrid_wait_seconds(1.0, nan), std::logic_error);
}

// ---- The platform --------------------------------------------------------------------------

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(simgrid_engine, platform_has_one_host_per_lp_and_a_full_zone_per_group) {
  const std::vector<std::string> names = {"platform", "street:xigu", "street:heyuan",
                                          "street:santiaoshi", "department:police"};
  const std::string xml = simgrid_platform_xml(names);
  EXPECT_NE(xml.find("<platform version=\"4.1\">"), std::string::npos);
  EXPECT_EQ(count(xml, "<host "), names.size());
  for (const auto& n : names) EXPECT_NE(xml.find("<host id=\"" + n + "\""), std::string::npos) << n;
  // Root + platform, street, department; every zone routed Full (None and Cluster aborted).
  EXPECT_EQ(count(xml, "<zone "), 4u);
  EXPECT_EQ(count(xml, "routing=\"Full\""), 4u);
  EXPECT_EQ(count(xml, "routing=\"None\""), 0u);
  EXPECT_NE(xml.find("<zone id=\"street-zone\""), std::string::npos);
  // Full routing spelled out: 3 street pairs + 3 street hosts to their router, 1 + 1 elsewhere;
  // 3 zone pairs through the backbone.
  EXPECT_EQ(count(xml, "<route "), 3u + 3u + 1u + 1u);
  EXPECT_EQ(count(xml, "<zoneRoute "), 3u);
  EXPECT_EQ(count(xml, "latency=\"0s\""), count(xml, "<link "));
}

TEST(simgrid_engine, platform_escapes_names_and_rejects_clashes) {
  const std::string xml = simgrid_platform_xml(std::vector<std::string>{"a&b", "c<d>\"e\""});
  EXPECT_NE(xml.find("<host id=\"a&amp;b\""), std::string::npos);
  EXPECT_NE(xml.find("c&lt;d&gt;&quot;e&quot;"), std::string::npos);
  EXPECT_THROW(simgrid_platform_xml(std::vector<std::string>{"x", "x"}), std::invalid_argument);
  EXPECT_THROW(simgrid_platform_xml(std::vector<std::string>{"street:a", "street-zone"}),
               std::invalid_argument);
  EXPECT_THROW(simgrid_platform_xml(std::vector<std::string>{""}), std::invalid_argument);
}

// ---- The factory -----------------------------------------------------------------------------

TEST(simgrid_engine, factory_makes_it_or_says_the_build_lacks_it) {
  if (simgrid_engine_available()) {
    EXPECT_EQ(make_engine("simgrid")->name(), "simgrid");  // making it does not start SimGrid
    return;
  }
  try {
    make_engine("simgrid");
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("without SimGrid"), std::string::npos) << e.what();
  }
}

// ---- Runs against the native engine -----------------------------------------------------------

TEST(simgrid_engine, ping_pong_gives_the_native_per_lp_sequences) {
  SKIP_WITHOUT_SIMGRID();
  const auto make = [] { return ping_pong(4); };
  expect_same_as_native(make, options(600.0));
  // The system is worth comparing: ties from one sender, from several, and between a message
  // and a local event.
  const RunRecord r = run_on("native", make, options(600.0));
  int cross = 0, same = 0, mixed = 0;
  for (const auto& lp : r.seen)
    for (std::size_t i = 1; i < lp.size(); ++i) {
      const Event &p = lp[i - 1], &q = lp[i];
      if (p.time != q.time) continue;
      if (p.src != q.src) ++cross;
      if (p.src == q.src) ++same;
      if ((p.src == p.dst) != (q.src == q.dst)) ++mixed;
    }
  EXPECT_GT(cross, 100);
  EXPECT_GT(same, 100);
  EXPECT_GT(mixed, 100);
  EXPECT_GT(r.stats.events, 3000u);
}

Model xyz(const std::vector<std::string>& listing) {
  // y sends z a message for t = 10 at init; x sends z one for t = 10 only when it handles its
  // own t = 3 event, after y's was queued; z has its own t = 10 event.
  LpId z = 0;
  for (std::size_t i = 0; i < listing.size(); ++i)
    if (listing[i] == "z") z = static_cast<LpId>(i);
  Model lps;
  for (const auto& n : listing)
    lps.push_back(std::make_unique<Scripted>(
        n,
        [z](Scripted& me, Context& ctx) {
          if (me.name() == "x") ctx.schedule(3.0, kTick);
          if (me.name() == "y") ctx.send(z, 10.0, kBall);
          if (me.name() == "z") ctx.schedule(10.0, kTick);
        },
        [z](Scripted& me, Context& ctx, const Event& ev) {
          if (me.name() == "x" && ev.kind == kTick) ctx.send(z, 7.0, kBall);
        }));
  return lps;
}

TEST(simgrid_engine, handlers_are_atomic_even_when_they_send) {
  // A send is a SimGrid simcall, and a simcall lets the other actors due at the same date run.
  // If it happened inside a handler, another LP's handler would run in the middle of this one
  // while it may hold references into the model's shared case table (which can reallocate).
  // Expectation: no handler ever starts while another is running, on the ping-pong model, where
  // every ball handler sends and many LPs are due at the same dates.
  SKIP_WITHOUT_SIMGRID();
  const RunRecord r = run_on(
      "simgrid", [] { return ping_pong(6); }, options(300.0));
  EXPECT_GT(r.stats.events, 1000u);
  EXPECT_EQ(r.handler_overlaps, 0);
}

TEST(simgrid_engine, tied_stamps_are_ordered_by_sender_as_on_native) {
  // Expectation: z sees its three t = 10 events by sender id whatever the send order, as the
  // native engine does, because the key is (t, src, seq) and never an arrival counter.
  SKIP_WITHOUT_SIMGRID();
  for (const auto& listing :
       std::vector<std::vector<std::string>>{{"x", "y", "z"}, {"z", "y", "x"}}) {
    const auto make = [&] { return xyz(listing); };
    const RunRecord r = run_on("simgrid", make, options(20.0));
    LpId z = 0;
    while (listing[z] != "z") ++z;
    std::string senders;
    for (const Event& e : r.seen[z]) senders += listing[e.src];
    EXPECT_EQ(senders, listing[0] + listing[1] + listing[2]);
    expect_same_as_native(make, options(20.0));
  }
}

TEST(simgrid_engine, message_at_the_instant_of_a_local_event_sorts_by_sender) {
  // System: "b" (id 1) has local events at t = 10 (two, from init and from its t = 4 event);
  // "a" (id 0) and "c" (id 2) each send b a message stamped t = 10, a at t = 9 (one lookahead
  // before) and c at init. Expectation: b sees a's, then its own two in seq order, then c's.
  SKIP_WITHOUT_SIMGRID();
  const auto make = [] {
    Model lps;
    lps.push_back(std::make_unique<Scripted>(
        "a", [](Scripted&, Context& ctx) { ctx.schedule(9.0, kTick); },
        [](Scripted&, Context& ctx, const Event& ev) {
          if (ev.kind == kTick) ctx.send(1, kLookahead, kBall, 100);
        }));
    lps.push_back(std::make_unique<Scripted>(
        "b",
        [](Scripted&, Context& ctx) {
          ctx.schedule(10.0, kTick, 200);
          ctx.schedule(4.0, kTick, 0);
        },
        [](Scripted&, Context& ctx, const Event& ev) {
          if (ev.kind == kTick && ev.a == 0) ctx.schedule(6.0, kTick, 201);
        }));
    lps.push_back(std::make_unique<Scripted>(
        "c", [](Scripted&, Context& ctx) { ctx.send(1, 10.0, kBall, 300); }));
    return lps;
  };
  const RunRecord r = run_on("simgrid", make, options(20.0));
  std::vector<std::uint32_t> order;
  for (const Event& e : r.seen[1]) order.push_back(e.a);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{0, 100, 200, 201, 300}));
  expect_same_as_native(make, options(20.0));
}

TEST(simgrid_engine, zero_delay_local_event_runs_before_pending_ties_as_on_native) {
  SKIP_WITHOUT_SIMGRID();
  const auto make = [] {
    Model lps;
    lps.push_back(
        std::make_unique<Scripted>("a", nullptr, [](Scripted&, Context& ctx, const Event& ev) {
          if (ev.kind == kBall && ev.a == 1) ctx.schedule(0.0, kTick, 9);
        }));
    lps.push_back(std::make_unique<Scripted>("b", [](Scripted&, Context& ctx) {
      ctx.send(0, 5.0, kBall, 1);
      ctx.send(0, 5.0, kBall, 2);
    }));
    return lps;
  };
  const RunRecord r = run_on("simgrid", make, options(10.0));
  ASSERT_EQ(r.seen[0].size(), 3u);
  EXPECT_EQ(r.seen[0][0].a, 1u);
  EXPECT_EQ(r.seen[0][1].a, 9u);
  EXPECT_EQ(r.seen[0][2].a, 2u);
  expect_same_as_native(make, options(10.0));
}

TEST(simgrid_engine, late_message_reaches_an_lp_idle_since_time_zero) {
  // System: horizon H = 1000, lookahead L = 60. "sender" works until H - L and sends "idle",
  // whose own list is empty from t = 0, messages stamped H - 1 (sent at H - L - 1), exactly H
  // and just past H (both sent at H - L). Expectation: idle sees the two stamped <= H, because
  // no actor leaves before the clock reaches H (leaving early lost events silently in the
  // prototype), and the one past H is dropped.
  SKIP_WITHOUT_SIMGRID();
  constexpr SimTime H = 1000.0, L = 60.0;
  const auto make = [] {
    Model lps;
    lps.push_back(std::make_unique<Scripted>("idle", nullptr));
    lps.push_back(std::make_unique<Scripted>(
        "sender",
        [](Scripted&, Context& ctx) {
          ctx.schedule_at(H - L - 1.0, kTick);
          ctx.schedule_at(H - L, kTick);
        },
        [](Scripted&, Context& ctx, const Event& ev) {
          if (ev.time < H - L) {
            ctx.send(0, L, kBall, 2);
          } else {
            ctx.send(0, L, kBall, 1);
            ctx.send(0, L + 1e-6, kBall, 3);
          }
        }));
    return lps;
  };
  const RunRecord r = run_on("simgrid", make, options(H, L));
  ASSERT_EQ(r.seen[0].size(), 2u);
  EXPECT_EQ(r.seen[0][0].time, H - 1.0);
  EXPECT_EQ(r.seen[0][1].time, H);
  EXPECT_EQ(r.stats.end_time, H);
  EXPECT_EQ(r.finish_calls, (std::vector<int>{1, 1}));
  expect_same_as_native(make, options(H, L));
}

TEST(simgrid_engine, stamps_closer_than_simgrid_precision_keep_their_order) {
  // System: "a" sends "b" messages stamped 50, 50 + 1e-10 and 50 + 3e-7; b has local events at
  // 50 + 5e-11 and 50 + 2e-7, and near a year's end, where one ulp is 3.7e-9 s, events one and
  // two ulps apart. Expectation: the native order, because due events are picked by their
  // stamps, never by SimGrid's clock (whose waits merge within 1e-9 s).
  SKIP_WITHOUT_SIMGRID();
  constexpr SimTime year = 365 * 86400.0;
  const auto make = [] {
    Model lps;
    lps.push_back(std::make_unique<Scripted>("a", [](Scripted&, Context& ctx) {
      ctx.send(1, 50.0, kBall, 1);
      ctx.send(1, 50.0 + 1e-10, kBall, 2);
      ctx.send(1, 50.0 + 3e-7, kBall, 3);
      const double t = year - 100.0;
      ctx.send(1, std::nextafter(t, 1e300), kBall, 4);
      ctx.send(1, t, kBall, 5);
    }));
    lps.push_back(std::make_unique<Scripted>("b", [](Scripted&, Context& ctx) {
      ctx.schedule(50.0 + 5e-11, kTick, 6);
      ctx.schedule(50.0 + 2e-7, kTick, 7);
      const double t = year - 100.0;
      ctx.schedule(std::nextafter(std::nextafter(t, 1e300), 1e300), kTick, 8);
      ctx.schedule(t, kTick, 9);
    }));
    return lps;
  };
  const RunRecord r = run_on("simgrid", make, options(year));
  std::vector<std::uint32_t> order;
  for (const Event& e : r.seen[1]) order.push_back(e.a);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 6, 2, 7, 3, 5, 9, 4, 8}));
  expect_same_as_native(make, options(year));
}

TEST(simgrid_engine, on_finish_is_called_once_per_lp_including_an_idle_one) {
  SKIP_WITHOUT_SIMGRID();
  const auto make = [] {
    Model lps = ping_pong(3);
    lps.push_back(std::make_unique<Scripted>("idle", nullptr));
    return lps;
  };
  const RunRecord r = run_on("simgrid", make, options(250.0));
  EXPECT_EQ(r.finish_calls, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(r.finish_horizon, (std::vector<SimTime>{250.0, 250.0, 250.0, 250.0}));
  EXPECT_EQ(r.events_after_finish, 0);
  EXPECT_TRUE(r.seen[3].empty());
}

TEST(simgrid_engine, progress_callback_can_stop_the_run) {
  // Ping-pong to 1e5 s is some 800 k events; the callback stops it at its 2nd call. Every
  // actor must leave at its next wake-up without handling another event, and on_finish is not
  // called (as on native).
  SKIP_WITHOUT_SIMGRID();
  const ChildOutcome child = in_child([] {
    Model lps = ping_pong(3);
    int calls = 0;
    SimTime last_time = -1;
    std::uint64_t last_events = 0;
    EngineOptions o = options(1e5);
    bool monotone = true;
    o.progress = [&](SimTime t, std::uint64_t events) {
      monotone = monotone && t >= last_time && events > last_events;
      last_time = t;
      last_events = events;
      return ++calls < 2;
    };
    const EngineStats stats = SimGridEngine().run(pointers(lps), o);
    std::uint64_t handled = 0;
    int finished = 0;
    for (const auto& lp : lps) handled += lp->seen.size(), finished += lp->finish_calls;
    std::ostringstream out;
    out << calls << ' ' << monotone << ' ' << stats.interrupted << ' '
        << (stats.events == last_events) << ' ' << (handled == stats.events) << ' '
        << (stats.end_time == last_time) << ' ' << (stats.end_time < o.horizon) << ' ' << finished;
    return out.str();
  });
  EXPECT_EQ(child.exit_status, 0) << child.report << child.printed;
  EXPECT_EQ(child.report, "2 1 1 1 1 1 1 0");
}

TEST(simgrid_engine, a_handler_error_ends_the_run_with_the_same_exception) {
  // A message under the lookahead throws inside an actor; run() must rethrow it (naming both
  // LPs) after SimGrid has ended, not let it cross SimGrid's context switch.
  SKIP_WITHOUT_SIMGRID();
  const ChildOutcome child = in_child([] {
    Model lps;
    lps.push_back(std::make_unique<Scripted>(
        "dispatcher", [](Scripted&, Context& ctx) { ctx.schedule(2.0, kTick); },
        [](Scripted&, Context& ctx, const Event&) { ctx.send(1, 0.5, kBall); }));
    lps.push_back(std::make_unique<Scripted>("crew_pool", nullptr));
    SimGridEngine().run(pointers(lps), options(10.0));
    return std::string("no exception");
  });
  EXPECT_EQ(child.exit_status, 3);
  EXPECT_NE(child.report.find("exception logic_error"), std::string::npos) << child.report;
  EXPECT_NE(child.report.find("dispatcher"), std::string::npos) << child.report;
  EXPECT_NE(child.report.find("crew_pool"), std::string::npos) << child.report;
}

TEST(simgrid_engine, a_second_run_in_one_process_is_refused) {
  // A second sg4::Engine in one process aborts, and one made after the first is destroyed keeps
  // the old clock: the engine refuses with an error instead.
  SKIP_WITHOUT_SIMGRID();
  const ChildOutcome child = in_child([] {
    Model first = ping_pong(2), second = ping_pong(2);
    SimGridEngine().run(pointers(first), options(50.0));
    SimGridEngine().run(pointers(second), options(50.0));
    return std::string("no exception");
  });
  EXPECT_EQ(child.exit_status, 3);
  EXPECT_NE(child.report.find("exception logic_error"), std::string::npos) << child.report;
  EXPECT_NE(child.report.find("one simulation per process"), std::string::npos) << child.report;
}

TEST(simgrid_engine, rejects_an_infinite_horizon_and_a_lookahead_under_its_precision) {
  SKIP_WITHOUT_SIMGRID();
  for (const auto& o : {options(std::numeric_limits<double>::infinity()), options(10.0, 1e-7),
                        options(10.0, 0.0)}) {
    const ChildOutcome child = in_child([&] {
      Model lps = ping_pong(2);
      SimGridEngine().run(pointers(lps), o);
      return std::string("no exception");
    });
    EXPECT_NE(child.report.find("exception invalid_argument"), std::string::npos) << child.report;
  }
}

TEST(simgrid_engine, prints_nothing) {
  // SimGrid logs to stdout and stderr by default; `gridplan run` output must stay clean.
  SKIP_WITHOUT_SIMGRID();
  const ChildOutcome child = in_child([] {
    Model lps = ping_pong(3);
    SimGridEngine().run(pointers(lps), options(100.0));
    return std::string("ok");
  });
  EXPECT_EQ(child.exit_status, 0);
  EXPECT_EQ(child.report, "ok");
  EXPECT_EQ(child.printed, "");
}

}  // namespace
}  // namespace gridplan::kernel
