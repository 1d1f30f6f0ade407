// The parallel engine's rounds: find the window's bound, let every partition handle its events
// below it (side by side), then deliver the messages that crossed partitions.
#include "gridplan/kernel/parallel_engine.hpp"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "gridplan/kernel/event_queue.hpp"

namespace gridplan::kernel {
namespace {

/// A message to another partition, with its body's bytes when it has one.
struct Outgoing {
  Event event;
  BodyStore::Bytes body;
};

/// What one partition owns: its pending events, the bodies addressed to its LPs, and the
/// messages its LPs sent to other partitions during the current round.
struct Partition {
  explicit Partition(SimTime horizon) : queue(horizon, kBucketSeconds) {}
  EventQueue queue;
  BodyStore bodies;
  std::vector<Outgoing> outbox;
  SimTime bound = -std::numeric_limits<SimTime>::infinity();  // no message may arrive before
  std::uint64_t events = 0;                                   // handled in the current round
};

/// Whether partition `from` may send to partition `to` (senders empty: every partition may).
bool may_send(const std::vector<std::vector<std::uint32_t>>& senders, std::uint32_t from,
              std::uint32_t to) {
  if (senders.empty()) return true;
  const auto& s = senders[to];
  return std::find(s.begin(), s.end(), from) != s.end();
}

class PartitionContext final : public Context {
 public:
  PartitionContext(Partition* home, std::uint32_t index, std::vector<Partition>* parts,
                   const std::vector<std::uint32_t>* of,
                   const std::vector<std::vector<std::uint32_t>>* senders,
                   const std::vector<const std::string*>* names)
      : home_(home),
        index_(index),
        parts_(parts),
        partition_of_(of),
        senders_(senders),
        names_(names) {}
  std::uint32_t partition() const { return index_; }
  std::vector<Event>& kept_past_horizon() { return unreceived_events(); }

 protected:
  void post(const Event& e) override {
    if ((*partition_of_)[e.dst] == index_) {
      home_->queue.push(e);
      return;
    }
    // Conservative: the receiver may already have handled everything before its bound (which
    // no other partition writes during a round).
    const std::uint32_t to = (*partition_of_)[e.dst];
    if (!may_send(*senders_, index_, to)) refuse(e, "is not among its declared senders");
    if (e.time < (*parts_)[to].bound) refuse(e, "sent it under the least delay between partitions");
    Outgoing out{e, {}};
    if (e.kind & kBodyFlag) out.body = home_->bodies.take_bytes(e.b);
    home_->outbox.push_back(out);
  }

 private:
  [[noreturn]] void refuse(const Event& e, const char* why) const {
    const std::uint32_t to = (*partition_of_)[e.dst];
    std::ostringstream msg;
    msg << "message from LP '" << *(*names_)[e.src] << "' (partition " << index_ << ") to LP '"
        << *(*names_)[e.dst] << "' (partition " << to << "), delay " << e.time - now()
        << " s: partition " << index_ << " " << why << " (partition " << to << "'s window reaches "
        << (*parts_)[to].bound << " s)";
    throw std::logic_error(msg.str());
  }
  Partition* home_;
  std::uint32_t index_;
  std::vector<Partition>* parts_;
  const std::vector<std::uint32_t>* partition_of_;
  const std::vector<std::vector<std::uint32_t>>* senders_;
  const std::vector<const std::string*>* names_;
};

}  // namespace

ParallelEngine::ParallelEngine(std::vector<std::uint32_t> partition_of, SimTime between_partitions,
                               ForEachPartition for_each)
    : partition_of_(std::move(partition_of)),
      between_(between_partitions),
      for_each_(std::move(for_each)) {
  if (!(between_ > 0.0)) throw std::invalid_argument("the delay between partitions must be > 0");
}

void ParallelEngine::restrict_senders(std::vector<std::vector<std::uint32_t>> senders,
                                      SimTime max_window) {
  if (!(max_window > 0.0)) throw std::invalid_argument("the longest window must be > 0");
  senders_ = std::move(senders);
  max_window_ = max_window;
}

EngineStats ParallelEngine::run(std::span<LogicalProcess* const> lps,
                                const EngineOptions& options) {
  if (!(options.lookahead > 0.0)) throw std::invalid_argument("lookahead must be > 0");
  if (partition_of_.size() != lps.size())
    throw std::invalid_argument("the partition list names " + std::to_string(partition_of_.size()) +
                                " LPs, the run has " + std::to_string(lps.size()));
  const std::size_t n_parts =
      lps.empty() ? 0
                  : *std::max_element(partition_of_.begin(), partition_of_.end()) + std::size_t{1};
  if (!senders_.empty() && senders_.size() != n_parts)
    throw std::invalid_argument("the senders list names " + std::to_string(senders_.size()) +
                                " partitions, the run has " + std::to_string(n_parts));
  std::vector<Partition> parts;
  parts.reserve(n_parts);
  for (std::size_t p = 0; p < n_parts; ++p) parts.emplace_back(options.horizon);
  std::vector<const std::string*> names;
  for (auto* lp : lps) names.push_back(&lp->name());
  std::vector<PartitionContext> contexts;
  contexts.reserve(lps.size());
  std::vector<Context*> context_ptrs;
  for (LpId i = 0; i < lps.size(); ++i) {
    const std::uint32_t p = partition_of_[i];
    contexts.emplace_back(&parts[p], p, &parts, &partition_of_, &senders_, &names);
    contexts.back().bind(i, options.lookahead, names.data(), lps.size());
    contexts.back().set_run(options.horizon, &parts[p].bodies);
    context_ptrs.push_back(&contexts.back());
  }

  window_stats_ = {};
  // Messages between partitions enter their receivers' queues (and bodies their stores) in
  // partition order; the order does not matter, each queue orders its events by key.
  const auto deliver = [&] {
    for (Partition& from : parts) {
      for (Outgoing& out : from.outbox) {
        Partition& to = parts[partition_of_[out.event.dst]];
        if (out.event.kind & kBodyFlag) out.event.b = to.bodies.put_bytes(out.body);
        to.queue.push(out.event);
        ++window_stats_.cross_messages;
      }
      from.outbox.clear();
    }
  };
  for (LpId i = 0; i < lps.size(); ++i) lps[i]->init(contexts[i]);
  deliver();

  const auto handle_round = [&](std::size_t p) {
    Partition& part = parts[p];
    part.events = 0;
    while (part.queue.next_time() < part.bound) {
      const Event ev = part.queue.pop();
      PartitionContext& ctx = contexts[ev.dst];
      ctx.set_now(ev.time);
      lps[ev.dst]->on_event(ctx, ev);
      ++part.events;
    }
  };
  const ForEachPartition sequential = [](std::size_t n, const std::function<void(std::size_t)>& f) {
    for (std::size_t p = 0; p < n; ++p) f(p);
  };
  const ForEachPartition& for_each = for_each_ ? for_each_ : sequential;

  // Each round's bounds. Without declared senders: nothing sent at or after `first` reaches
  // another partition before first + between. With them: the earliest event partition q may
  // still handle is at least earliest[q] = min(its next event, earliest[r] + between for each
  // sender r) (a fixed point: shortest paths, found in at most n passes), and partition p's
  // bound is the least earliest[q] + between over its senders q, capped at first + max_window.
  std::vector<SimTime> earliest(n_parts);
  const auto set_bounds = [&](SimTime first) {
    if (senders_.empty()) {
      for (Partition& part : parts) part.bound = first + between_;
      return;
    }
    for (std::size_t q = 0; q < n_parts; ++q) earliest[q] = parts[q].queue.next_time();
    for (std::size_t pass = 0; pass < n_parts; ++pass) {
      bool changed = false;
      for (std::size_t q = 0; q < n_parts; ++q)
        for (std::uint32_t r : senders_[q])
          if (earliest[r] + between_ < earliest[q]) {
            earliest[q] = earliest[r] + between_;
            changed = true;
          }
      if (!changed) break;
    }
    for (std::size_t p = 0; p < n_parts; ++p) {
      SimTime bound = first + max_window_;
      for (std::uint32_t q : senders_[p]) bound = std::min(bound, earliest[q] + between_);
      parts[p].bound = bound;
    }
  };

  EngineStats stats;
  constexpr std::uint64_t kProgressEvery = 1 << 16;
  std::uint64_t next_progress = kProgressEvery;
  for (;;) {
    SimTime first = std::numeric_limits<SimTime>::infinity();
    for (Partition& part : parts) first = std::min(first, part.queue.next_time());
    if (first == std::numeric_limits<SimTime>::infinity()) break;
    set_bounds(first);
    for_each(parts.size(), handle_round);
    deliver();
    std::uint64_t round = 0, busiest = 0;
    for (const Partition& part : parts) {
      round += part.events;
      busiest = std::max(busiest, part.events);
    }
    ++window_stats_.windows;
    window_stats_.events += round;
    window_stats_.critical_events += busiest;
    stats.events += round;
    if (options.progress && stats.events >= next_progress) {
      next_progress = (stats.events / kProgressEvery + 1) * kProgressEvery;
      if (!options.progress(first, stats.events)) {
        stats.interrupted = true;
        stats.end_time = first;
        return stats;
      }
    }
  }
  if (window_stats_.critical_events > 0)
    window_stats_.idle_share = 1.0 - static_cast<double>(window_stats_.events) /
                                         (static_cast<double>(n_parts) *
                                          static_cast<double>(window_stats_.critical_events));

  // Bodies of messages past the horizon wait in the sender's store; finish_run hands them to
  // their receivers, who read their own partition's store.
  for (PartitionContext& ctx : contexts)
    for (Event& e : ctx.kept_past_horizon()) {
      const std::uint32_t to = partition_of_[e.dst];
      if (to != ctx.partition())
        e.b = parts[to].bodies.put_bytes(parts[ctx.partition()].bodies.take_bytes(e.b));
    }
  stats.end_time = options.horizon;
  finish_run(lps, context_ptrs, options.horizon);
  return stats;
}

}  // namespace gridplan::kernel
