// The engine interface: runs a set of LPs to a horizon. The model never knows which engine runs
// it; the same LPs, seed and horizon must give identical per-LP event sequences on every engine.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {

/// Settings of one engine run.
struct EngineOptions {
  SimTime horizon = 0.0;    ///< events stamped after this are dropped, seconds
  SimTime lookahead = 1.0;  ///< least delay of an LP-to-LP message, seconds (> 0)
  /// Called now and then with (simulated time, events so far); return false to stop early.
  std::function<bool(SimTime, std::uint64_t)> progress;
};

/// What an engine run did.
struct EngineStats {
  std::uint64_t events = 0;  ///< events handled
  SimTime end_time = 0.0;    ///< simulated time reached, seconds
  bool interrupted = false;  ///< the progress callback asked to stop
};

/// Runs LPs; one implementation per execution strategy.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  /// Runs `lps` (LP id = index) from 0 to the horizon and calls every LP's on_finish.
  virtual EngineStats run(std::span<LogicalProcess* const> lps, const EngineOptions& options) = 0;
};

/// Creates an engine by name ("native"; "simgrid" when built with SimGrid). Throws
/// std::invalid_argument with the list of available engines otherwise.
std::unique_ptr<Engine> make_engine(const std::string& name);

}  // namespace gridplan::kernel
