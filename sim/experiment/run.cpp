// run_scenario: one model on one engine, timed, with its "runs" row added to the tables.
#include "gridplan/experiment/run.hpp"

#include <chrono>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/model/governance_model.hpp"

namespace gridplan::experiment {

namespace {

kernel::Table runs_table(const RunRequest& req, const RunOutput& out) {
  kernel::Table t;
  t.name = "runs";
  t.description = "one row per run: what was run and what it cost";
  t.columns.reserve(8);
  t.add_i64("run", "", "run id").i64.push_back(static_cast<std::int64_t>(req.run_id));
  t.add_i64("replication", "", "replication index (selects random streams)")
      .i64.push_back(static_cast<std::int64_t>(req.replication));
  t.add_i64("seed", "", "scenario seed")
      .i64.push_back(static_cast<std::int64_t>(req.scenario.seed));
  t.add_i64("days", "days", "horizon").i64.push_back(req.scenario.days);
  t.add_str("engine", "engine that ran it").str.push_back(req.engine);
  t.add_i64("events", "events", "events handled")
      .i64.push_back(static_cast<std::int64_t>(out.events));
  t.add_f64("wall_seconds", "s", "wall-clock time of the run (not deterministic)")
      .f64.push_back(out.wall_seconds);
  return t;
}

}  // namespace

RunOutput run_scenario(const RunRequest& req) {
  const auto t0 = std::chrono::steady_clock::now();
  auto engine = kernel::make_engine(req.engine);
  model::GovernanceModel model(req.scenario, req.replication, req.trace);
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  if (req.progress)
    opt.progress = [&](double t, std::uint64_t) { return req.progress(t, model.cases_so_far()); };
  auto lps = model.lps();
  const kernel::EngineStats st = engine->run(lps, opt);
  RunOutput out;
  out.events = st.events;
  out.interrupted = st.interrupted;
  if (st.interrupted) return out;
  out.tables = model.results(static_cast<std::int64_t>(req.run_id), st.events);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.tables.insert(out.tables.begin(), runs_table(req, out));
  return out;
}

}  // namespace gridplan::experiment
