// The district on the parallel engine, every LP a partition, against the native engine: what a
// one-minute lookahead between LPs costs in rounds (docs/performance.md, "The parallel engine").
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/experiment/partition_threads.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/native_engine.hpp"
#include "gridplan/kernel/parallel_engine.hpp"
#include "gridplan/model/governance_model.hpp"

namespace {

using namespace gridplan;

// 30 days of the baseline; range(0): 0 the native engine, N the parallel engine on N threads.
void BM_district_30_days(benchmark::State& state) {
  const auto sc = io::load_scenario(
      std::string(GRIDPLAN_SOURCE_DIR) + "/scenarios/hongqiao-2023.toml", {"scenario.days=30"});
  const int threads = static_cast<int>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    model::GovernanceModel model(sc, 0, false);
    kernel::EngineOptions opt;
    opt.horizon = model.horizon_seconds();
    opt.lookahead = model.lookahead_seconds();
    auto lps = model.lps();
    if (threads == 0) {
      events = kernel::NativeEngine{}.run(lps, opt).events;
    } else {
      std::vector<std::uint32_t> own(lps.size());
      for (std::uint32_t i = 0; i < own.size(); ++i) own[i] = i;
      kernel::ParallelEngine engine(own, opt.lookahead, experiment::partitions_on_threads(threads));
      events = engine.run(lps, opt).events;
    }
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_district_30_days)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
