// Validation of every queue's bookkeeping with Little's law, L = lambda W (docs/validation.md),
// on the baseline: seat operators, every street office and department, every grid worker.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

TEST(littles_law, holds_on_every_queue_of_the_baseline) {
  // System: the baseline scenario, 60 days. Inputs: each queue's time-average number waiting
  // (L, from the area under the queue-length path), arrival rate (lambda) and mean wait (W).
  // Expectation: L = lambda W within 1% for the waiting line and for the whole system (waiting
  // plus service), because Little's law holds on every sample path when the waits of cases
  // still present at the horizon are counted up to it. L and W are tallied by separate code.
  auto sc = io::load_scenario(baseline_path(), {"scenario.days=60"});
  const auto out = run(sc);
  const auto& q = table_of(out, "queues");
  const auto& name = q.column("queue").str;
  const auto& lambda = q.column("arrival_rate_per_hour").f64;
  const auto& w = q.column("wait_hours_mean").f64;
  const auto& l = q.column("queue_length_mean").f64;
  const auto& ws = q.column("sojourn_hours_mean").f64;
  const auto& ls = q.column("in_system_mean").f64;
  ASSERT_GT(q.rows(), 1000u);  // operators, 16 offices, 990 grid workers
  int checked = 0;
  for (std::size_t i = 0; i < q.rows(); ++i) {
    if (lambda[i] == 0) continue;
    const double lw = lambda[i] * w[i], lws = lambda[i] * ws[i];
    EXPECT_NEAR(l[i], lw, 0.01 * std::max(l[i], 1e-9) + 1e-12) << name[i];
    EXPECT_NEAR(ls[i], lws, 0.01 * ls[i]) << name[i];
    ++checked;
  }
  EXPECT_GT(checked, 1000);
  // The operators' queue is not trivially empty: the check has something to check.
  EXPECT_GT(l[0], 0.0);
}

}  // namespace
}  // namespace gridplan::testing
