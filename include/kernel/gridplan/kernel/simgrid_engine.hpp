// The SimGrid engine: every LP is a SimGrid S4U actor on its own host, messages travel through
// mailboxes, and SimGrid's global clock keeps the actors conservative (lookahead > 0).
#pragma once

#include <span>
#include <string>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {

/// True when the SimGrid engine's plug-in loads: built (GRIDPLAN_WITH_SIMGRID) and found beside
/// the program. Loads it on the first call.
bool simgrid_engine_available();

/// Runs each LP as an S4U actor with sequential contexts. A message is put on the receiver's
/// mailbox at send time carrying its arrival stamp; the receiver keeps its own (time, src, seq)
/// heap and sleeps with `Comm::wait_any_for` until its next event or the horizon, so it sees
/// exactly the per-LP sequence the native engine gives. Needs a finite horizon and a lookahead
/// above 2 * kSimGridMinWaitSeconds. SimGrid allows one simulation per process: a second run()
/// in the same process throws std::logic_error (run each in a child process instead). Defined in
/// the plug-in (sim/simgrid/): make_engine("simgrid") loads it; a program may link it instead.
class SimGridEngine final : public Engine {
 public:
  std::string name() const override { return "simgrid"; }
  EngineStats run(std::span<LogicalProcess* const> lps, const EngineOptions& options) override;
};

/// The SimGrid platform (XML, platform DTD 4.1) the engine loads for LPs called `lp_names`: one
/// host per LP (named after it) inside a zone per group, all under one root zone, every zone
/// routed `Full` over zero-latency links. An LP's group is its name up to the first ':'
/// ("street:xigu" is in "street"), or its whole name. Throws std::invalid_argument if two LPs,
/// or an LP and a generated zone, router or link, would share a name.
std::string simgrid_platform_xml(std::span<const std::string> lp_names);

/// Waits shorter than this are not handed to SimGrid, seconds: well above SimGrid's 1e-9 s timing
/// precision and above the resolution of a double clock up to 1e9 s (30 years).
inline constexpr SimTime kSimGridMinWaitSeconds = 1e-6;

/// The timeout an actor at clock `now` gives `Comm::wait_any_for` to sleep until `target`,
/// seconds: target - now when that is at least kSimGridMinWaitSeconds, else 0, meaning "do not
/// wait: the events at `target` are due". Never negative, never NaN, never infinite (SimGrid
/// reads -1 as "forever" and any other negative value as a deadlock).
double simgrid_wait_seconds(SimTime target, SimTime now);

}  // namespace gridplan::kernel
