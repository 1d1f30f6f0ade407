// export_events: the generators' arrivals as an event log, annotated if asked with the whistles
// and dispute types of a run of the model on them.
#include "gridplan/experiment/export_events.hpp"

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/kernel/engine.hpp"
#include "gridplan/model/case_outcome.hpp"
#include "gridplan/model/generated_feed.hpp"
#include "gridplan/model/governance_model.hpp"

namespace gridplan::experiment {

namespace {

// The run's cases that were whistled or mediated, by id. The generated run is the reference:
// its arrivals are those the log holds.
std::vector<model::CaseOutcome> run_outcomes(const model::Scenario& scenario,
                                             std::uint64_t replication,
                                             const std::function<bool()>& stop) {
  model::GovernanceModel model(scenario, replication, /*trace=*/false);
  model.record_outcomes();
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  if (stop) opt.progress = [&](double, std::uint64_t) { return !stop(); };
  auto lps = model.lps();
  const kernel::EngineStats st = kernel::make_engine("native")->run(lps, opt);
  if (st.interrupted) throw io::WriteStopped("stopped before the run for the log was complete");
  return model.outcomes();
}

}  // namespace

std::uint64_t export_events(const model::Scenario& scenario, std::uint64_t replication,
                            const std::string& path, bool recorded_columns,
                            const std::function<bool()>& stop) {
  model::GeneratedFeed generated(scenario, replication);
  if (!recorded_columns) return io::write_event_log(path, scenario, generated, stop);
  model::OutcomeFeed feed(scenario, generated, run_outcomes(scenario, replication, stop));
  return io::write_event_log(path, scenario, feed, stop, /*recorded_columns=*/true);
}

}  // namespace gridplan::experiment
