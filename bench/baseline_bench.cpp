// Google Benchmark programs: the baseline year through the model (no file writing), and the
// native engine's event queue on its own. Run: build/gridplan_bench (see docs/performance.md).
#include <benchmark/benchmark.h>

#include <string>

#include "gridplan/experiment/run.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/event_queue.hpp"
#include "gridplan/kernel/random_stream.hpp"

namespace {

using namespace gridplan;

const std::string kBaseline = std::string(GRIDPLAN_SOURCE_DIR) + "/scenarios/hongqiao-2023.toml";

// One simulated baseline year, model and tables in memory; `trace` adds the /cases table.
void BM_baseline_year(benchmark::State& state) {
  experiment::RunRequest req;
  req.scenario = io::load_scenario(kBaseline);
  req.trace = state.range(0) != 0;
  double cases = 0;
  for (auto _ : state) {
    const auto out = experiment::run_scenario(req);
    for (const auto& t : out.tables)
      if (t.name == "kpi") cases = t.column("cases_arrived").f64[0];
    benchmark::DoNotOptimize(out.events);
  }
  state.counters["cases_per_s"] = benchmark::Counter(
      cases * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_baseline_year)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// Hold-model throughput of the calendar queue: pop one event, push one 0-2 days later.
void BM_event_queue_hold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const double horizon = 1e9;
  kernel::EventQueue q(horizon, 300.0);
  kernel::RandomStream rng(kernel::RandomKey(1, 0), 1, 0);
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < pending; ++i)
    q.push({rng.uniform() * 172800.0, 0, 0, seq++, 0, 0, 0});
  for (auto _ : state) {
    kernel::Event e = q.pop();
    e.time += rng.uniform() * 172800.0;
    e.seq = seq++;
    q.push(e);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_event_queue_hold)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
