// Google Benchmark programs for replay (issue 8): the exported baseline year replayed through
// the model, and the event-log reader alone in rows per second. See docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gridplan/experiment/run.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/replay_feed.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/model/generated_feed.hpp"

namespace {

using namespace gridplan;

const std::string kScenario = std::string(GRIDPLAN_SOURCE_DIR) + "/scenarios/hongqiao-2023.toml";

const model::Scenario& baseline() {
  static const model::Scenario sc = io::load_scenario(kScenario);
  return sc;
}

const std::string& year_log_path() {
  static const std::string path =
      (std::filesystem::temp_directory_path() / "gridplan_replay_bench_year.csv").string();
  return path;
}

// The baseline year's arrivals, exported once per process to the temporary directory (52 MB,
// removed at exit).
const std::string& year_log() {
  static const bool written = [] {
    model::GeneratedFeed feed(baseline(), 0);
    io::write_event_log(year_log_path(), baseline(), feed);
    std::atexit([] { std::filesystem::remove(year_log_path()); });
    return true;
  }();
  (void)written;
  return year_log_path();
}

// Writing the generated year: the generators merged, as `gridplan export-events` does.
void BM_export_year(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "gridplan_replay_bench_export.csv";
  std::uint64_t rows = 0;
  for (auto _ : state) {
    model::GeneratedFeed feed(baseline(), 0);
    rows = io::write_event_log(path.string(), baseline(), feed);
  }
  std::filesystem::remove(path);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_export_year)->Unit(benchmark::kMillisecond)->Iterations(3);

// The log read once (no model): every row of the year parsed, checked, resolved and held, and
// the file hashed beside it, as `run --replay` and a sweep's process do.
void BM_event_log_read(benchmark::State& state) {
  io::ReplayOptions options;
  options.path = year_log();
  std::uint64_t rows = 0;
  for (auto _ : state) {
    rows = io::RecordedLog::load(options, baseline())->rows();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_event_log_read)->Unit(benchmark::kMillisecond)->Iterations(5);

// The baseline year generated (arg 0) and replayed from its export, tables in memory: the log
// read once for every run, as in a sweep (arg 1), or read for each run, as `run --replay`
// (arg 2).
void BM_year_generated_or_replayed(benchmark::State& state) {
  experiment::RunRequest req;
  req.scenario = baseline();
  io::ReplayOptions options;
  options.path = year_log();
  if (state.range(0) == 1) req.replay = io::RecordedLog::load(options, baseline());
  double cases = 0;
  for (auto _ : state) {
    if (state.range(0) == 2) req.replay = io::RecordedLog::load(options, baseline());
    const auto out = experiment::run_scenario(req);
    for (const auto& t : out.tables)
      if (t.name == "kpi") cases = t.column("cases_arrived").f64[0];
    benchmark::DoNotOptimize(out.events);
  }
  state.counters["cases_per_s"] = benchmark::Counter(
      cases * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_year_generated_or_replayed)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
