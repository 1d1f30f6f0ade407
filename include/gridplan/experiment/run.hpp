// One run of a scenario: build the model, run it on an engine, collect its result tables.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::experiment {

/// What to run.
struct RunRequest {
  model::Scenario scenario;
  std::uint64_t run_id = 0;       ///< row key in every table
  std::uint64_t replication = 0;  ///< selects the random streams (with the scenario seed)
  std::string engine = "native";
  bool trace = false;  ///< also produce the per-case table "cases"
  /// Called now and then with (simulated seconds, cases arrived so far); false stops the run.
  std::function<bool(double, std::uint64_t)> progress;
};

/// What a run produced.
struct RunOutput {
  std::vector<kernel::Table> tables;  ///< "kpi", "timeseries/daily", "grids", ... ("runs" too)
  double wall_seconds = 0;
  std::uint64_t events = 0;
  bool interrupted = false;
};

/// Runs one scenario. Throws std::invalid_argument for an unknown engine.
RunOutput run_scenario(const RunRequest& request);

}  // namespace gridplan::experiment
