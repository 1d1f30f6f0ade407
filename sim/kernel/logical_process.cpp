// Context's refusals (a message under the lookahead, an event in the past) and the hand-over of
// unreceived bodies at the end.
#include "gridplan/kernel/logical_process.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace gridplan::kernel {

void Context::refuse_send(LpId dst, SimTime delay) const {
  if (dst != self_ && !(delay >= lookahead_)) {
    std::ostringstream msg;
    const auto name = [&](LpId id) {
      return id < n_lps_ && names_ ? *names_[id] : "lp" + std::to_string(id);
    };
    msg << "message from LP '" << name(self_) << "' to LP '" << name(dst) << "' has delay " << delay
        << " s, under the lookahead of " << lookahead_ << " s";
    throw std::logic_error(msg.str());
  }
  if (dst >= n_lps_) throw std::logic_error("message to unknown LP " + std::to_string(dst));
  refuse_schedule(delay);  // a past local event: the same message
}

void Context::refuse_schedule(SimTime delay) const {
  throw std::logic_error("LP '" + (names_ ? *names_[self_] : std::to_string(self_)) +
                         "' scheduled an event in the past (delay " + std::to_string(delay) +
                         " s)");
}

void Context::no_store() {
  throw std::logic_error("the engine gave this context no message body store");
}

void finish_run(std::span<LogicalProcess* const> lps, std::span<Context* const> contexts,
                SimTime horizon) {
  std::vector<Event> all;
  for (const Context* c : contexts)
    all.insert(all.end(), c->unreceived().begin(), c->unreceived().end());
  std::sort(all.begin(), all.end(), global_order_less);
  for (const Event& ev : all) {
    Context& ctx = *contexts[ev.dst];
    ctx.set_now(horizon);
    lps[ev.dst]->on_unreceived(ctx, ev);
  }
  for (LogicalProcess* lp : lps) lp->on_finish(horizon);
}

}  // namespace gridplan::kernel
