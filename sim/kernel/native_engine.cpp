// The native engine's main loop: pop the globally least event, set its LP's clock, handle it.
#include "gridplan/kernel/native_engine.hpp"

#include <stdexcept>
#include <vector>

#include "gridplan/kernel/event_queue.hpp"

namespace gridplan::kernel {
namespace {

using GlobalHeap = EventQueue;

class NativeContext final : public Context {
 public:
  explicit NativeContext(GlobalHeap* heap) : heap_(heap) {}

 protected:
  void post(const Event& e) override { heap_->push(e); }

 private:
  GlobalHeap* heap_;
};

}  // namespace

EngineStats NativeEngine::run(std::span<LogicalProcess* const> lps, const EngineOptions& options) {
  if (!(options.lookahead > 0.0)) throw std::invalid_argument("lookahead must be > 0");
  GlobalHeap heap(options.horizon, kBucketSeconds);
  std::vector<const std::string*> names;
  std::vector<NativeContext> contexts;
  std::vector<Context*> context_ptrs;
  BodyStore bodies;
  names.reserve(lps.size());
  contexts.reserve(lps.size());
  for (auto* lp : lps) names.push_back(&lp->name());
  for (std::size_t i = 0; i < lps.size(); ++i) {
    contexts.emplace_back(&heap);
    contexts.back().bind(static_cast<LpId>(i), options.lookahead, names.data(), lps.size());
    contexts.back().set_run(options.horizon, &bodies);
    context_ptrs.push_back(&contexts.back());
  }
  for (std::size_t i = 0; i < lps.size(); ++i) lps[i]->init(contexts[i]);

  EngineStats stats;
  constexpr std::uint64_t kProgressEvery = 1 << 16;
  while (!heap.empty()) {
    const Event ev = heap.pop();
    NativeContext& ctx = contexts[ev.dst];
    ctx.set_now(ev.time);
    lps[ev.dst]->on_event(ctx, ev);
    ++stats.events;
    if (options.progress && stats.events % kProgressEvery == 0 &&
        !options.progress(ev.time, stats.events)) {
      stats.interrupted = true;
      stats.end_time = ev.time;
      return stats;
    }
  }
  stats.end_time = options.horizon;
  finish_run(lps, context_ptrs, options.horizon);
  return stats;
}

}  // namespace gridplan::kernel
