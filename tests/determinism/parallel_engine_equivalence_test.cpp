// The district model on the parallel engine (docs/architecture.md, "The parallel engine"):
// every LP a partition of its own, the rounds on two TBB threads, so that LPs really handle
// events at once. Expectation: every result table bit-identical to the native engine's, which
// holds only if no LP touches another's state and each sees its events in the same order.
#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "gridplan/experiment/partition_threads.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/native_engine.hpp"
#include "gridplan/kernel/parallel_engine.hpp"
#include "gridplan/model/governance_model.hpp"

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

struct Outcome {
  std::uint64_t events = 0;
  std::vector<kernel::Table> tables;
  kernel::WindowStats windows;
};

Outcome run_on(const model::Scenario& sc, bool parallel) {
  model::GovernanceModel model(sc, /*replication=*/0, /*trace=*/true);
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  auto lps = model.lps();
  Outcome out;
  if (parallel) {
    std::vector<std::uint32_t> own(lps.size());
    for (std::uint32_t i = 0; i < own.size(); ++i) own[i] = i;
    kernel::ParallelEngine engine(own, model.lookahead_seconds(),
                                  experiment::partitions_on_threads(2));
    out.events = engine.run(lps, opt).events;
    out.windows = engine.window_stats();
  } else {
    out.events = kernel::NativeEngine{}.run(lps, opt).events;
  }
  out.tables = model.results(0, out.events);
  return out;
}

TEST(parallel_engine_equivalence, district_with_every_lp_a_partition_on_two_threads) {
  const auto sc = io::load_scenario(baseline_path(), {"scenario.days=10"});
  const Outcome native = run_on(sc, false), parallel = run_on(sc, true);
  EXPECT_EQ(parallel.events, native.events);
  ASSERT_EQ(parallel.tables.size(), native.tables.size());
  bool has_cases = false;
  for (std::size_t i = 0; i < native.tables.size(); ++i) {
    EXPECT_EQ(parallel.tables[i].name, native.tables[i].name);
    EXPECT_TRUE(identical(parallel.tables[i], native.tables[i])) << native.tables[i].name;
    has_cases = has_cases || native.tables[i].name == "cases";
  }
  EXPECT_TRUE(has_cases);
  EXPECT_GT(native.events, 100000u);
  EXPECT_GT(parallel.windows.cross_messages, 10000u);  // LPs did talk across partitions
  // What docs/architecture.md quotes: a district's one-minute lookahead leaves few events to a
  // round, so it runs sequentially.
  const kernel::WindowStats& w = parallel.windows;
  std::cout << "parallel engine, 10 days, every LP a partition: " << w.windows << " rounds, "
            << static_cast<double>(w.events) / static_cast<double>(w.windows)
            << " events a round, speed-up bound "
            << static_cast<double>(w.events) / static_cast<double>(w.critical_events)
            << ", idle share " << w.idle_share << "\n";
}

}  // namespace
}  // namespace gridplan::testing
