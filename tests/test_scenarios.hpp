// Small scenarios built in code for validation tests: each isolates one queue so that an
// analytic result (Erlang C, hand arithmetic) applies.
#pragma once

#include <string>

#include "gridplan/model/scenario.hpp"

namespace gridplan::testing {

/// A district where one Poisson source (`lambda_per_hour`, flat in time) goes straight to
/// `servers` seat operators with exponential filing times (`mean_minutes`): an M/M/c queue.
/// Downstream handling is instantaneous and verification never fails.
inline model::Scenario mmc_scenario(int servers, double lambda_per_hour, double mean_minutes,
                                    int days) {
  using kernel::Distribution;
  model::Scenario sc;
  sc.name = "mmc";
  sc.days = days;
  sc.seed = 42;
  sc.streets.push_back({"only", 1, 1, 10, 1000, 5});
  sc.street_office_hours = {0, 24, 0, 24};
  model::CategorySpec cat;
  cat.name = "any";
  cat.settle_in_grid = 0;
  cat.settle_minutes = Distribution::fixed(1);
  cat.handlers = {{"street", 1.0}};
  cat.time_limit_days = 1;
  cat.staff_hours = Distribution::fixed(0.001);
  cat.lead_working_days = Distribution::fixed(0);
  sc.categories.push_back(cat);
  model::SourceSpec src;
  src.name = "calls";
  src.per_year = lambda_per_hour * 24 * 365;
  src.entry = "platform";
  src.grid_weight = "households";
  src.hour_factors.fill(1.0);
  src.category_shares = {1.0};
  sc.sources.push_back(src);
  sc.grid_worker.shift = {0, 24, 0, 24};
  sc.grid_worker.report_minutes = Distribution::fixed(1);
  sc.grid_worker.verify_minutes = Distribution::fixed(1);
  sc.grid_worker.p_verification_fail = 0;
  sc.platform.operators_by_hour.fill(servers);
  sc.platform.file_minutes = Distribution::exponential(mean_minutes);
  return sc;
}

}  // namespace gridplan::testing
