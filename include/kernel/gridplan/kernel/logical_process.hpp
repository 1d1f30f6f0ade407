// Logical processes and the context through which they act: an LP owns its state and talks to
// other LPs only by time-stamped messages that respect the lookahead.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/event.hpp"
#include "gridplan/kernel/message_body.hpp"
#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {

/// What an LP may do while it handles an event. One Context per LP; engines implement `post`.
class Context {
 public:
  virtual ~Context() = default;

  /// Current simulated time (the stamp of the event being handled), seconds.
  SimTime now() const { return now_; }
  /// This LP's id.
  LpId self() const { return self_; }
  /// The model's lookahead, seconds: the least delay of a message to another LP.
  SimTime lookahead() const { return lookahead_; }

  /// Sends a message to another LP, arriving `delay` seconds from now; `delay` must be at least
  /// the lookahead (throws std::logic_error naming both LPs otherwise).
  void send(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0) {
    check_send(dst, delay);
    stamp(dst, delay, kind, a, b);
  }
  /// Schedules a local event `delay` >= 0 seconds from now.
  void schedule(SimTime delay, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0) {
    check_schedule(delay);
    stamp(self_, delay, kind, a, b);
  }
  /// Schedules a local event at absolute time `at` >= now.
  void schedule_at(SimTime at, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0) {
    schedule(at - now_, kind, a, b);
  }

  /// Sends a message with a body (see message_body.hpp): the receiver gets its own copy with
  /// take_body(). Same rules as send().
  template <class Body>
  void send_body(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a, const Body& body) {
    check_send(dst, delay);
    stamp(dst, delay, kind | kBodyFlag, a, store().put(body));
  }
  /// send_body with the body built in place from `args` (no copy of it made first).
  template <class Body, class... Args>
  void send_body_emplace(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a,
                         Args&&... args) {
    check_send(dst, delay);
    stamp(dst, delay, kind | kBodyFlag, a, store().emplace<Body>(std::forward<Args>(args)...));
  }
  /// Schedules a local event with a body, `delay` >= 0 seconds from now.
  template <class Body>
  void schedule_body(SimTime delay, std::uint32_t kind, std::uint32_t a, const Body& body) {
    check_schedule(delay);
    stamp(self_, delay, kind | kBodyFlag, a, store().put(body));
  }
  /// Takes the body of `ev`, an event with a body addressed to this LP.
  template <class Body>
  Body take_body(const Event& ev) {
    if (!(ev.kind & kBodyFlag)) throw std::logic_error("the event has no body");
    return store().take<Body>(ev.b);
  }
  /// The body of `ev` in place, valid until release_body(ev) (other messages may be sent
  /// meanwhile).
  template <class Body>
  const Body& view_body(const Event& ev) {
    if (!(ev.kind & kBodyFlag)) throw std::logic_error("the event has no body");
    return store().view<Body>(ev.b);
  }
  void release_body(const Event& ev) { store().release(ev.b); }

  // Engine side.
  void set_now(SimTime t) { now_ = t; }
  /// The run's horizon and body store. Events stamped past the horizon run nowhere; those with
  /// a body are kept and handed to their receivers at the end (finish_run).
  void set_run(SimTime horizon, BodyStore* bodies) {
    horizon_ = horizon;
    bodies_ = bodies;
  }
  /// Messages with a body that were stamped past the horizon, in sending order.
  const std::vector<Event>& unreceived() const { return unreceived_; }
  void bind(LpId self, SimTime lookahead, const std::string* const* names, std::size_t n_lps) {
    self_ = self;
    lookahead_ = lookahead;
    names_ = names;
    n_lps_ = n_lps;
  }

 protected:
  /// Hands a fully stamped event, due at or before the horizon, to the engine.
  virtual void post(const Event& e) = 0;
  /// The kept messages past the horizon, for an engine that must move their bodies to the
  /// receivers' store before finish_run.
  std::vector<Event>& unreceived_events() { return unreceived_; }

 private:
  void check_send(LpId dst, SimTime delay) const {
    // A message shorter than the lookahead would break conservative synchronisation in the
    // parallel engines even if the native engine could handle it: reject it everywhere.
    if ((dst != self_ && !(delay >= lookahead_)) || dst >= n_lps_ || !(delay >= 0.0))
      refuse_send(dst, delay);
  }
  void check_schedule(SimTime delay) const {
    if (!(delay >= 0.0)) refuse_schedule(delay);
  }
  [[noreturn]] void refuse_send(LpId dst, SimTime delay) const;
  [[noreturn]] void refuse_schedule(SimTime delay) const;
  void stamp(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a, std::uint64_t b) {
    // The sequence number is taken even for an event past the horizon, so that numbering never
    // depends on the horizon.
    const Event e{now_ + delay, dst, self_, seq_++, kind, a, b};
    if (e.time <= horizon_) {
      post(e);
    } else if (kind & kBodyFlag) {
      unreceived_.push_back(e);
    }
  }
  BodyStore& store() const {
    if (!bodies_) no_store();
    return *bodies_;
  }
  [[noreturn]] static void no_store();

  SimTime now_ = 0.0;
  SimTime horizon_ = std::numeric_limits<SimTime>::infinity();
  BodyStore* bodies_ = nullptr;
  std::vector<Event> unreceived_;
  SimTime lookahead_ = 0.0;
  LpId self_ = 0;
  std::uint64_t seq_ = 0;
  const std::string* const* names_ = nullptr;
  std::size_t n_lps_ = 0;
};

/// A logical process: a state plus handlers. It must not read another LP's state.
class LogicalProcess {
 public:
  virtual ~LogicalProcess() = default;
  /// A short name for messages and platform files.
  virtual const std::string& name() const = 0;
  /// Called once at time 0, before any event; schedules the LP's first events.
  virtual void init(Context& ctx) = 0;
  /// Handles one event addressed to this LP.
  virtual void on_event(Context& ctx, const Event& ev) = 0;
  /// Called at the horizon, before on_finish, for each message with a body addressed to this LP
  /// and stamped past the horizon (the LP may take the body: a case still on its way is open).
  virtual void on_unreceived(Context& ctx, const Event& ev) {
    (void)ctx;
    (void)ev;
  }
  /// Called once when the horizon is reached (no more events will come).
  virtual void on_finish(SimTime horizon) { (void)horizon; }
};

/// How every engine ends a run that reached its horizon: hands every unreceived message with a
/// body to its receiver's on_unreceived, in global order (time, dst, src, seq), then calls each
/// LP's on_finish in LP order. contexts[i] belongs to lps[i].
void finish_run(std::span<LogicalProcess* const> lps, std::span<Context* const> contexts,
                SimTime horizon);

}  // namespace gridplan::kernel
