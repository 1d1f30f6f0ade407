// A test bench for one LP alone: it delivers typed messages to the LP in time order, runs the
// LP's own events, and keeps what the LP sends to other LPs, so a unit is tested through its
// messages without a district around it.
#pragma once

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/model/message.hpp"

namespace gridplan::testing {

class SingleLp final : public kernel::Context {
 public:
  /// The LP under test has id `self` among `n_lps` LPs (names "lp0", "lp1", ...).
  SingleLp(kernel::LpId self, std::size_t n_lps, double lookahead) : names_(n_lps) {
    for (std::size_t i = 0; i < n_lps; ++i) {
      storage_.push_back("lp" + std::to_string(i));
    }
    for (std::size_t i = 0; i < n_lps; ++i) names_[i] = &storage_[i];
    bind(self, lookahead, names_.data(), n_lps);
    set_run(std::numeric_limits<double>::infinity(), &bodies_);
  }

  /// Delivers `m` to `lp` at time `at` (as if another LP's message arrived then), after running
  /// every own event due at or before `at`; `at` must not be in the LP's past.
  template <class Lp, class M>
  void deliver(Lp& lp, double at, const M& m) {
    run_until(lp, at);
    if (at < now()) throw std::logic_error("SingleLp: a message delivered in the LP's past");
    set_now(at);
    Lp::Inbox::schedule(*this, 0.0, m);  // queued as an own event, handled next
    run_until(lp, at);
  }
  /// Runs the LP's own events due at or before `t`.
  template <class Lp>
  void run_until(Lp& lp, double t) {
    for (;;) {
      auto it = std::min_element(own_.begin(), own_.end(), kernel::lp_order_less);
      if (it == own_.end() || it->time > t) break;
      const kernel::Event ev = *it;
      own_.erase(it);
      set_now(ev.time);
      lp.on_event(*this, ev);
      ++handled;
    }
  }
  /// The first message sent to another LP carrying an M, opened (its body taken), or throws.
  template <class Receiver, class M>
  M take_sent(kernel::Event* stamp = nullptr) {
    for (auto it = sent.begin(); it != sent.end(); ++it) {
      if (!Receiver::Inbox::template is<M>(*it)) continue;
      const kernel::Event ev = *it;
      sent.erase(it);
      if (stamp) *stamp = ev;
      return Receiver::Inbox::template open<M>(*this, ev);
    }
    throw std::runtime_error("SingleLp: no " + std::string(M::kName) + " was sent");
  }
  /// Own events still pending.
  const std::vector<kernel::Event>& pending() const { return own_; }
  /// Own pending events carrying an M, in the LP's order.
  template <class Lp, class M>
  std::vector<kernel::Event> pending_of() const {
    std::vector<kernel::Event> out;
    for (const auto& e : own_)
      if (Lp::Inbox::template is<M>(e)) out.push_back(e);
    std::sort(out.begin(), out.end(), kernel::lp_order_less);
    return out;
  }
  /// Number of messages sent to other LPs carrying an M.
  template <class Receiver, class M>
  std::size_t count_sent() const {
    return static_cast<std::size_t>(std::count_if(sent.begin(), sent.end(), [](const auto& e) {
      return Receiver::Inbox::template is<M>(e);
    }));
  }

  std::vector<kernel::Event> sent;  ///< messages to other LPs, in sending order
  int handled = 0;                  ///< own events handled

 protected:
  void post(const kernel::Event& e) override {
    if (e.dst == self())
      own_.push_back(e);
    else
      sent.push_back(e);
  }

 private:
  std::vector<std::string> storage_;
  std::vector<const std::string*> names_;
  kernel::BodyStore bodies_;
  std::vector<kernel::Event> own_;
};

}  // namespace gridplan::testing
