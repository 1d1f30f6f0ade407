// GeneratedFeed: the platform's and the streets' arrival processes merged by time, each arrival
// stamped and numbered exactly as the engine and the creating LP would stamp and number it.
#include "gridplan/model/generated_feed.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/run_config.hpp"

namespace gridplan::model {

namespace {
// Heap order: earliest first; ties (of measure zero) by LP, then generator.
struct Later {
  template <class P>
  bool operator()(const P& x, const P& y) const {
    if (x.time != y.time) return x.time > y.time;
    if (x.lp != y.lp) return x.lp > y.lp;
    return x.generator > y.generator;
  }
};
}  // namespace

GeneratedFeed::GeneratedFeed(const Scenario& scenario, std::uint64_t replication)
    : config_(std::make_unique<RunConfig>(scenario, replication, false)) {
  const RunConfig& w = *config_;
  serials_.assign(1 + w.n_streets, 0);
  // The same generators, with the same streams, as PlatformLp::init and GridWorkers::init.
  for (int s = 0; s < static_cast<int>(scenario.sources.size()); ++s) {
    if (scenario.sources[s].found_by_worker) continue;
    sources_.push_back(s);
    processes_.emplace_back(&w.profiles[s], 1.0, w.arrival_stream(s, w.platform_lp()));
    push(processes_.back().next_after(0.0), w.platform_lp(), static_cast<int>(sources_.size()) - 1);
  }
  for (int street = 0; street < w.n_streets; ++street) {
    for (int s = 0; s < static_cast<int>(scenario.sources.size()); ++s) {
      if (!scenario.sources[s].found_by_worker) continue;
      sources_.push_back(s);
      processes_.emplace_back(&w.profiles[s], w.patrol_share(street),
                              w.arrival_stream(s, w.street_lp(street)));
      push(processes_.back().next_after(0.0), w.street_lp(street),
           static_cast<int>(sources_.size()) - 1);
    }
  }
}

GeneratedFeed::~GeneratedFeed() = default;

void GeneratedFeed::push(double time, kernel::LpId lp, int generator) {
  // The engine drops events after the horizon: those cases never arrive.
  if (!(time <= config_->horizon)) return;
  heap_.push_back({time, lp, generator});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

bool GeneratedFeed::next(RecordedArrival& out) {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  const Pending p = heap_.back();
  heap_.pop_back();
  const RunConfig& w = *config_;
  const int street = p.lp == w.platform_lp() ? -1 : static_cast<int>(p.lp) - 1;
  const std::uint64_t id = RunConfig::case_id(p.lp, serials_[p.lp]++);
  const CaseDraw d = w.draw_case(sources_[p.generator], id, p.time, street);
  out = RecordedArrival{p.time, sources_[p.generator], d.category, d.grid, kCategoryHandler, 1};
  // As Context::schedule_at stamps the next arrival: now + (t - now), which may round off t.
  const double t = processes_[p.generator].next_after(p.time);
  push(p.time + (t - p.time), p.lp, p.generator);
  return true;
}

}  // namespace gridplan::model
