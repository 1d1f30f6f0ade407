// Context::send and Context::schedule: stamping, sequence numbers and the lookahead check.
#include "gridplan/kernel/logical_process.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace gridplan::kernel {

void Context::send(LpId dst, SimTime delay, std::uint32_t kind, std::uint32_t a, std::uint64_t b) {
  // A message shorter than the lookahead would break conservative synchronisation in the
  // parallel engines even if the native engine could handle it: reject it everywhere.
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
  if (dst == self_ && !(delay >= 0.0)) {
    schedule(delay, kind, a, b);  // throws with the same message as a past local event
    return;
  }
  post(Event{now_ + delay, dst, self_, seq_++, kind, a, b});
}

void Context::schedule(SimTime delay, std::uint32_t kind, std::uint32_t a, std::uint64_t b) {
  if (!(delay >= 0.0)) {
    throw std::logic_error("LP '" + (names_ ? *names_[self_] : std::to_string(self_)) +
                           "' scheduled an event in the past (delay " + std::to_string(delay) +
                           " s)");
  }
  post(Event{now_ + delay, self_, self_, seq_++, kind, a, b});
}

}  // namespace gridplan::kernel
