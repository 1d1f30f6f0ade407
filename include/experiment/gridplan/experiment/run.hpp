// One run of a scenario: build the model, run it on an engine, collect its result tables.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/io/replay_feed.hpp"
#include "gridplan/kernel/parallel_engine.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/filing_queue.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::experiment {

/// What to run.
struct RunRequest {
  model::Scenario scenario;
  std::uint64_t run_id = 0;       ///< row key in every table
  std::uint64_t replication = 0;  ///< selects the random streams (with the scenario seed)
  std::string engine = "native";
  bool trace = false;  ///< also produce the per-case table "cases"
  /// With trace: "cases" in RunOutput::sources rather than tables, for a caller that writes it
  /// to a file (a year's trace as columns is 140 MB more, held at once).
  bool trace_on_demand = false;
  /// Replay an event log (read once, shared by any number of runs) instead of generating
  /// arrivals; /runs then counts its rows. The caller writes its rejected rows.
  std::shared_ptr<const io::RecordedLog> replay;
  /// Or replay any feed of arrivals (not owned; tests and benchmarks). Not with `replay`.
  model::ArrivalFeed* feed = nullptr;
  /// If set, receives every case's filing job (not owned; staffing searches).
  std::vector<model::FilingJob>* filing_log = nullptr;
  /// Threads for one run: a city (Scenario::city) runs its districts on the parallel engine on
  /// this many; a district runs on one whatever this says (RunOutput::note).
  int threads = 1;
  /// Called now and then with (simulated seconds, cases arrived so far); false stops the run.
  std::function<bool(double, std::uint64_t)> progress;
};

/// What a run produced.
struct RunOutput {
  std::vector<kernel::Table> tables;  ///< "kpi", "timeseries/daily", "grids", ... ("runs" too)
  /// With RunRequest::trace_on_demand: "cases", its rows made as they are written.
  std::vector<kernel::TableSource> sources;
  double wall_seconds = 0;
  std::uint64_t events = 0;
  bool interrupted = false;
  std::string note;  ///< what the run chose that the caller did not ask for (one line, or "")
  /// A city on the parallel engine: its synchronisation windows (zero otherwise).
  kernel::WindowStats windows;
};

/// Runs one scenario. Throws std::invalid_argument for an unknown engine or what a city does
/// not offer (replay, trace, the SimGrid engine).
RunOutput run_scenario(const RunRequest& request);

}  // namespace gridplan::experiment
