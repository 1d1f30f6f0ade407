// Lead time on the office's clock (docs/model.md, "Offices: staff time and lead time"): on the
// office_hours clock every dispatched result comes back while its office is on duty (closing
// time included); on the working_days clock a large share comes back outside, and the grid
// worker's verification waits longer. Baseline, 60 days, one replication each, common random
// numbers (same seed).
#include <gtest/gtest.h>

#include <cmath>

#include "gridplan/model/run_config.hpp"
#include "model/unit_support.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using kernel::kHour;

struct Results {
  double outside = 0;            // share of office results outside the office's duty hours
  double verify_wait_hours = 0;  // mean from result to the end of verification
  std::size_t results = 0;
};

Results results_on(const std::string& clock) {
  model::Scenario sc = baseline();
  sc.days = 60;
  sc.street_office_lead_clock = clock;
  for (auto& d : sc.departments) d.lead_clock = clock;
  const auto out = run(sc, 0, /*trace=*/true);
  const model::RunConfig cfg(sc, 0, false);
  const kernel::Table& cases = table_of(out, "cases");
  const auto& office = cases.column("department").i64;
  const auto& dispatched = cases.column("t_dispatch").f64;
  const auto& settle = cases.column("t_settle").f64;
  const auto& verify = cases.column("t_verify").f64;
  Results r;
  std::size_t outside = 0, verified = 0;
  double wait = 0;
  for (std::size_t i = 0; i < office.size(); ++i) {
    if (std::isnan(dispatched[i]) || std::isnan(settle[i]) || office[i] < 0) continue;
    const kernel::ShiftPattern& shift = cfg.office_shift(static_cast<int>(office[i]));
    if (shift.always_on()) continue;  // an office on duty around the clock is never closed
    const double t = settle[i] * kHour;
    ++r.results;
    // Hours in the table round the seconds: allow a millisecond either side of the window.
    if (!shift.is_on(t) && !shift.is_on(t - 1e-3) && !shift.is_on(t + 1e-3)) ++outside;
    if (!std::isnan(verify[i])) {
      wait += verify[i] - settle[i];
      ++verified;
    }
  }
  r.outside = static_cast<double>(outside) / static_cast<double>(r.results);
  r.verify_wait_hours = wait / static_cast<double>(verified);
  return r;
}

TEST(lead_clock, office_hours_results_come_back_while_the_office_is_open) {
  const Results office = results_on("office_hours");
  const Results days = results_on("working_days");
  ASSERT_GT(office.results, 10000u);
  EXPECT_EQ(office.outside, 0.0);
  EXPECT_GT(days.outside, 0.3);  // the 24-hour clock ends most lead times outside office hours
  EXPECT_LT(office.verify_wait_hours, days.verify_wait_hours / 2);
}

}  // namespace
}  // namespace gridplan::testing
