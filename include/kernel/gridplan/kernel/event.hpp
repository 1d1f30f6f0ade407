// A time-stamped message between logical processes: a small POD so that the native
// engine keeps millions of them in one flat heap without allocating per event.
#pragma once

#include <cstdint>

#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {

/// Index of a logical process in the engine's LP list.
using LpId = std::uint32_t;

/// One event. Inside an LP, events are ordered by (time, src, seq); `seq` is the sender's own
/// counter, so the order never depends on an engine's insertion order.
struct Event {
  SimTime time;        ///< arrival stamp, seconds
  LpId dst;            ///< receiving LP
  LpId src;            ///< sending LP (== dst for a local event)
  std::uint64_t seq;   ///< sender's sequence number
  std::uint32_t kind;  ///< meaning is the model's
  std::uint32_t a;     ///< small payload, meaning is the model's
  std::uint64_t b;     ///< payload, meaning is the model's
};

/// Set in Event::kind when `b` is the ticket of a message body (Context::send_body); the model's
/// kinds use the other 31 bits.
inline constexpr std::uint32_t kBodyFlag = std::uint32_t{1} << 31;

/// Per-LP order: (time, src, seq). Strict weak order; unique for distinct events of one LP.
inline bool lp_order_less(const Event& x, const Event& y) {
  if (x.time != y.time) return x.time < y.time;
  if (x.src != y.src) return x.src < y.src;
  return x.seq < y.seq;
}

/// Global order used by the native engine: (time, dst, src, seq).
inline bool global_order_less(const Event& x, const Event& y) {
  if (x.time != y.time) return x.time < y.time;
  if (x.dst != y.dst) return x.dst < y.dst;
  if (x.src != y.src) return x.src < y.src;
  return x.seq < y.seq;
}

}  // namespace gridplan::kernel
