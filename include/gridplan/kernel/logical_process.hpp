// Logical processes and the context through which they act: an LP owns its state and talks to
// other LPs only by time-stamped messages that respect the lookahead.
#pragma once

#include <cstdint>
#include <string>

#include "gridplan/kernel/event.hpp"
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
  void send(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0);
  /// Schedules a local event `delay` >= 0 seconds from now.
  void schedule(SimTime delay, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0);
  /// Schedules a local event at absolute time `at` >= now.
  void schedule_at(SimTime at, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0) {
    schedule(at - now_, kind, a, b);
  }

  // Engine side.
  void set_now(SimTime t) { now_ = t; }
  void bind(LpId self, SimTime lookahead, const std::string* const* names, std::size_t n_lps) {
    self_ = self;
    lookahead_ = lookahead;
    names_ = names;
    n_lps_ = n_lps;
  }

 protected:
  /// Hands a fully stamped event to the engine.
  virtual void post(const Event& e) = 0;

 private:
  SimTime now_ = 0.0;
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
  /// Called once when the horizon is reached (no more events will come).
  virtual void on_finish(SimTime horizon) { (void)horizon; }
};

}  // namespace gridplan::kernel
