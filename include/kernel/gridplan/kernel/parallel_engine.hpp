// A conservative parallel engine: LPs grouped in partitions (a city's districts, say) that run
// side by side in windows no message between partitions can reach into. Every LP sees the
// events it would see under the native engine, in the same order, so results are identical for
// any partitioning and any number of threads (docs/architecture.md, "The parallel engine").
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "gridplan/kernel/engine.hpp"

namespace gridplan::kernel {

/// Runs body(0), ..., body(n - 1), possibly at once on several threads, and returns when all
/// have returned (rethrowing one of their exceptions, if any). The caller chooses the threads:
/// the kernel starts none of its own.
using ForEachPartition =
    std::function<void(std::size_t n, const std::function<void(std::size_t)>& body)>;

/// How the windows of the last run went: the figures that say what more cores would give.
struct WindowStats {
  std::uint64_t windows = 0;  ///< synchronisation rounds
  std::uint64_t events = 0;   ///< events handled in them
  /// Sum over windows of the busiest partition's events: the run's length in events if every
  /// partition had a core of its own (events / critical_events bounds the speed-up).
  std::uint64_t critical_events = 0;
  /// Share of partition-windows idle, counting a window's length as its busiest partition's
  /// events: 1 - events / (partitions * critical_events).
  double idle_share = 0;
  std::uint64_t cross_messages = 0;  ///< messages that went from one partition to another
};

/// Windowed conservative synchronisation (YAWNS-style): each round, every partition handles its
/// events stamped before its bound (by default the earliest pending event plus the least delay
/// of a message between partitions; with restrict_senders, what its senders allow); messages
/// between partitions wait in the sender's outbox and enter the receiver's queue at the round's
/// end.
class ParallelEngine final : public Engine {
 public:
  /// `partition_of[lp]` in [0, partitions); `between_partitions` (seconds, > 0): the least
  /// delay of a message from one partition to another (a message between partitions stamped
  /// before the current round's bound stops the run with std::logic_error naming both LPs);
  /// `for_each` runs the partitions of a round (empty: one after the other).
  ParallelEngine(std::vector<std::uint32_t> partition_of, SimTime between_partitions,
                 ForEachPartition for_each = {});
  /// Declares who may send to whom: `senders[p]` lists the partitions whose LPs may send to
  /// partition p's LPs (a message from any other stops the run with std::logic_error). Each
  /// partition's window then reaches the earliest time a message could still come from its
  /// senders, directly or through others (a partition nobody sends to runs ahead freely), but
  /// never more than `max_window` past the earliest pending event, so that progress and a stop
  /// are seen. Without it every partition may send to every other: one window of
  /// `between_partitions` for all.
  void restrict_senders(std::vector<std::vector<std::uint32_t>> senders, SimTime max_window);
  std::string name() const override { return "parallel"; }
  EngineStats run(std::span<LogicalProcess* const> lps, const EngineOptions& options) override;
  const WindowStats& window_stats() const { return window_stats_; }

 private:
  std::vector<std::uint32_t> partition_of_;
  SimTime between_;
  ForEachPartition for_each_;
  std::vector<std::vector<std::uint32_t>> senders_;  ///< by partition; empty: all to all
  SimTime max_window_ = 0;
  WindowStats window_stats_;
};

}  // namespace gridplan::kernel
