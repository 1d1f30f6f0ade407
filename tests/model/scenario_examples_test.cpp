// Every scenario in scenarios/ is an example and runs in CI, opening with its question: it must
// load, run a short horizon, and the what-if variants must differ from the baseline as they claim.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

TEST(scenario_examples, every_scenario_loads_and_runs_a_week) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("scenarios"))) {
    if (entry.path().extension() != ".toml") continue;
    const auto sc = io::load_scenario(entry.path().string(), {"scenario.days=7"});
    const auto out = run(sc);
    EXPECT_GT(kpi(out, "cases_arrived"), 10000) << entry.path();
    ++n;
  }
  EXPECT_GE(n, 4);
}

TEST(scenario_examples, whistle_variants_move_the_whistle_count_as_documented) {
  const auto days = std::vector<std::string>{"scenario.days=120"};
  const auto whistles = [&](const char* file) {
    return kpi(run(io::load_scenario(source_path(file), days)), "whistles_first");
  };
  const double base = whistles("scenarios/hongqiao-2023.toml");
  EXPECT_GT(whistles("scenarios/whistle-lower-threshold.toml"), base);
  EXPECT_LT(whistles("scenarios/whistle-no-repeat-rule.toml"), base);
  EXPECT_LE(whistles("scenarios/whistle-higher-threshold.toml"), base);
}

}  // namespace
}  // namespace gridplan::testing
