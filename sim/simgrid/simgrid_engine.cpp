// The SimGrid engine's actors, built as a plug-in (libgridplan_simgrid.so) that the engine factory
// loads on demand, so a native run maps no SimGrid. The kernel symbols it uses come from the
// program that loads it. The pitfalls this file avoids were measured on a SimGrid 3.32
// prototype: Comm::wait_for throws on timeout (about 10x slower than Comm::wait_any_for), and an
// actor that exits before the horizon loses late messages.
#include "gridplan/kernel/simgrid_engine.hpp"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <set>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mailbox.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridplan/kernel/event_heap.hpp"

namespace gridplan::kernel {

namespace {

namespace sg4 = simgrid::s4u;

class SimGridContext;

// What the actors share. Contexts are sequential (one actor runs at a time, on one thread), so
// plain fields are safe; parallel contexts would make every field here a data race.
struct Shared {
  std::span<LogicalProcess* const> lps;
  EngineOptions options;
  std::vector<SimGridContext>* contexts = nullptr;
  bool running = false;  // false while the LPs' init() runs, before SimGrid starts
  bool stop = false;     // every actor leaves at its next wake-up
  std::uint64_t events = 0;
  SimTime last_progress_time = 0.0;
  SimTime stop_time = 0.0;
  bool interrupted = false;
  std::exception_ptr error;
};

using LocalHeap = EventHeap<&lp_order_less>;

class SimGridContext final : public Context {
 public:
  SimGridContext(Shared* shared, sg4::Mailbox* mailbox) : shared_(shared), mailbox_(mailbox) {}

  LocalHeap& heap() { return heap_; }
  sg4::Mailbox* mailbox() const { return mailbox_; }
  /// Puts the messages sent by the events just handled on their receivers' mailboxes.
  void flush_outbox();

 protected:
  void post(const Event& e) override;

 private:
  Shared* shared_;
  sg4::Mailbox* mailbox_;
  LocalHeap heap_;
  std::vector<Event> outbox_;
};

void SimGridContext::post(const Event& e) {
  if (e.dst == self()) {
    heap_.push(e);
    return;
  }
  if (!shared_->running) {
    // During init() no actor runs yet: the receiver's heap is free to fill.
    (*shared_->contexts)[e.dst].heap_.push(e);
    return;
  }
  // Every SimGrid call is a simcall, and a simcall lets the other actors due at the same date
  // run. A put inside a handler would let them run in the middle of this one, while it may hold
  // references into state the actors share (the message body store, which can reallocate). So
  // handlers only queue; the puts happen once the batch of due events is done.
  outbox_.push_back(e);
}

void SimGridContext::flush_outbox() {
  for (const Event& e : outbox_) {
    // Zero simulated bytes over zero-latency links: the comm completes at the date it is sent,
    // which is at least a lookahead before the stamp. The payload must be non-null
    // (put_init(nullptr, 0) dies in SimGrid); clean_fun frees it only if the comm fails, e.g.
    // when a stopped run ends with messages still in flight.
    (*shared_->contexts)[e.dst].mailbox_->put_init(new Event(e), 0)->detach([](void* p) {
      delete static_cast<Event*>(p);
    });
  }
  outbox_.clear();
}

// Handles the due events of one LP: those stamped at or before `target`, in (time, src, seq)
// order, including any zero-delay local events they schedule. No SimGrid call happens here, so
// no other actor runs meanwhile. Returns false if the run stops.
bool handle_due(Shared& s, LogicalProcess& lp, SimGridContext& ctx, SimTime target) {
  constexpr std::uint64_t kProgressEvery = 1 << 16;
  LocalHeap& heap = ctx.heap();
  while (!heap.empty() && heap.top().time <= target) {
    const Event ev = heap.pop();
    ctx.set_now(ev.time);
    lp.on_event(ctx, ev);
    ++s.events;
    if (s.options.progress && s.events % kProgressEvery == 0) {
      // Wake-ups merged within SimGrid's precision may run a slightly later stamp first: keep
      // the reported time monotone.
      s.last_progress_time = std::max(s.last_progress_time, ev.time);
      if (!s.options.progress(s.last_progress_time, s.events)) {
        s.stop = true;
        s.interrupted = true;
        s.stop_time = s.last_progress_time;
        return false;
      }
    }
  }
  return true;
}

// One LP's actor: sleep until the next local event or the horizon, waking for each message.
void actor_main(Shared& s, LpId id) {
  SimGridContext& ctx = (*s.contexts)[id];
  LogicalProcess& lp = *s.lps[id];
  const SimTime horizon = s.options.horizon;
  Event* in = nullptr;
  std::vector<sg4::CommPtr> pending{ctx.mailbox()->get_async<Event>(&in)};
  try {
    while (!s.stop) {
      LocalHeap& heap = ctx.heap();
      const SimTime target = heap.empty() ? horizon : std::min(heap.top().time, horizon);
      const double wait = simgrid_wait_seconds(target, sg4::Engine::get_clock());
      // wait_any_for, not Comm::wait_for: the latter throws on timeout (10x slower) and leaves
      // the comm unusable. -1 is a timeout, and the receive stays posted.
      if (wait > 0.0 && sg4::Comm::wait_any_for(pending, wait) == 0) {
        heap.push(*in);  // may be earlier than `target`: recompute before sleeping again
        delete in;
        in = nullptr;
        pending[0] = ctx.mailbox()->get_async<Event>(&in);
        continue;
      }
      if (s.stop) break;
      // The clock is at `target`. At the horizon with nothing left, every message stamped at
      // or before it has arrived (it was sent a lookahead earlier): only now may the actor end.
      if (heap.empty()) break;
      // Due events are chosen by their stamps, never by the clock, which may be 1e-9 s early.
      if (!handle_due(s, lp, ctx, target)) break;
      ctx.flush_outbox();
    }
  } catch (const simgrid::ForcefulKillException&) {
    throw;  // SimGrid's own way of ending an actor: let it through
  } catch (...) {
    if (!s.error) s.error = std::current_exception();
    s.stop = true;
  }
  pending[0]->cancel();
  delete in;
}

// SimGrid installs its own SIGINT handler (print and exit(1)); the caller's handler, e.g. the
// CLI's "stop and write nothing", must keep working.
class SigintKeeper {
 public:
  SigintKeeper() { sigaction(SIGINT, nullptr, &saved_); }
  void restore() const { sigaction(SIGINT, &saved_, nullptr); }

 private:
  struct sigaction saved_ {};
};

// Writes `text` to a fresh temporary file ending in ".xml" (SimGrid picks its parser by the
// extension) and removes it when destroyed.
class TempPlatformFile {
 public:
  explicit TempPlatformFile(const std::string& text) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/gridplan-platform-XXXXXX.xml";
    const int fd = mkstemps(path_.data(), 4);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file " + path_);
    FILE* f = fdopen(fd, "w");
    const bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (f) std::fclose(f);
    if (!ok) {
      std::remove(path_.c_str());
      throw std::runtime_error("cannot write the temporary file " + path_);
    }
  }
  ~TempPlatformFile() { std::remove(path_.c_str()); }
  TempPlatformFile(const TempPlatformFile&) = delete;
  TempPlatformFile& operator=(const TempPlatformFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::atomic<bool> g_simgrid_used{false};

}  // namespace

EngineStats SimGridEngine::run(std::span<LogicalProcess* const> lps, const EngineOptions& options) {
  if (!(options.lookahead > 2 * kSimGridMinWaitSeconds))
    throw std::invalid_argument("lookahead must be > " +
                                std::to_string(2 * kSimGridMinWaitSeconds) +
                                " s for the SimGrid engine");
  if (!std::isfinite(options.horizon) || options.horizon < 0)
    throw std::invalid_argument("the SimGrid engine needs a finite horizon >= 0");
  // A second sg4::Engine in one process aborts, and one created after the first is destroyed
  // keeps the old clock: refuse instead of giving wrong results.
  if (g_simgrid_used.exchange(true))
    throw std::logic_error(
        "the SimGrid engine runs one simulation per process; start a new process for another");

  std::vector<std::string> names;
  std::vector<const std::string*> name_ptrs;
  for (auto* lp : lps) {
    names.push_back(lp->name());
    name_ptrs.push_back(&lp->name());
  }
  const TempPlatformFile platform(simgrid_platform_xml(names));

  // SimGrid logs to stderr (and a few lines to stdout): keep only what would precede a crash.
  std::vector<std::string> args = {"gridplan", "--log=root.thresh:critical",
                                   "--cfg=contexts/nthreads:1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  const SigintKeeper sigint;
  sg4::Engine engine(&argc, argv.data());
  sigint.restore();
  engine.load_platform(platform.path());

  Shared s;
  s.lps = lps;
  s.options = options;
  std::vector<SimGridContext> contexts;
  std::vector<Context*> context_ptrs;
  BodyStore bodies;
  contexts.reserve(lps.size());
  s.contexts = &contexts;
  for (std::size_t i = 0; i < lps.size(); ++i) {
    contexts.emplace_back(&s, sg4::Mailbox::by_name(names[i]));
    contexts.back().bind(static_cast<LpId>(i), options.lookahead, name_ptrs.data(), lps.size());
    contexts.back().set_run(options.horizon, &bodies);
    context_ptrs.push_back(&contexts.back());
  }
  // init() for every LP before any event, in LP order, as the native engine does.
  for (std::size_t i = 0; i < lps.size(); ++i) lps[i]->init(contexts[i]);
  s.running = true;

  for (std::size_t i = 0; i < lps.size(); ++i)
    sg4::Actor::create(names[i], engine.host_by_name(names[i]),
                       [&s, i] { actor_main(s, static_cast<LpId>(i)); });
  engine.run();
  sigint.restore();
  if (s.error) std::rethrow_exception(s.error);

  EngineStats stats;
  stats.events = s.events;
  if (s.interrupted) {
    stats.interrupted = true;
    stats.end_time = s.stop_time;
    return stats;
  }
  stats.end_time = options.horizon;
  finish_run(lps, context_ptrs, options.horizon);
  return stats;
}

}  // namespace gridplan::kernel

/// The plug-in's entry point, found by name (extern "C": no mangling) by make_engine.
extern "C" __attribute__((visibility("default"))) gridplan::kernel::Engine*
gridplan_simgrid_engine_new() {
  return new gridplan::kernel::SimGridEngine();
}
