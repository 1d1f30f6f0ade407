// run_scenario: one model on one engine, timed, with its "runs" row added to the tables.
#include "gridplan/experiment/run.hpp"

#include <chrono>
#include <memory>
#include <stdexcept>

#include "gridplan/kernel/engine.hpp"
#include "gridplan/model/governance_model.hpp"

namespace gridplan::experiment {

namespace {

kernel::Table runs_table(const RunRequest& req, const RunOutput& out,
                         const io::ReplayFeed* replay) {
  kernel::Table t;
  t.name = "runs";
  t.description = "one row per run: what was run and what it cost";
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
  if (replay) {
    t.add_str("replay_log", "event log replayed instead of generated arrivals")
        .str.push_back(req.replay->path);
    t.add_i64("replay_rows_accepted", "rows", "log rows replayed (before scale and surge copies)")
        .i64.push_back(static_cast<std::int64_t>(replay->rows_accepted()));
    t.add_i64("replay_rows_rejected", "rows", "bad log rows set aside (--skip-bad-rows)")
        .i64.push_back(static_cast<std::int64_t>(replay->rows_rejected()));
  }
  return t;
}

}  // namespace

RunOutput run_scenario(const RunRequest& req) {
  const auto t0 = std::chrono::steady_clock::now();
  auto engine = kernel::make_engine(req.engine);
  model::GovernanceModel model(req.scenario, req.replication, req.trace);
  if (req.replay && req.feed) throw std::invalid_argument("replay a log or a feed, not both");
  std::unique_ptr<io::ReplayFeed> replay;
  if (req.replay)
    replay = std::make_unique<io::ReplayFeed>(*req.replay, req.scenario, req.replication,
                                              model.horizon_seconds(), model.lookahead_seconds());
  model::ArrivalFeed* feed = replay ? replay.get() : req.feed;
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  if (req.progress)
    opt.progress = [&](double t, std::uint64_t) { return req.progress(t, model.cases_so_far()); };
  if (feed) model.replay_from(feed);
  if (req.filing_log) model.record_filing(req.filing_log);
  auto lps = model.lps();
  const kernel::EngineStats st = engine->run(lps, opt);
  RunOutput out;
  out.events = st.events;
  out.interrupted = st.interrupted;
  if (st.interrupted) return out;
  if (replay) out.rejected_rows_file = replay->finish();
  // The events KPI counts model work: the feed's own hand-on events are left out, so that a
  // replayed export matches its generated run.
  const std::uint64_t feed_events = model.feed_events();
  out.tables = model.results(static_cast<std::int64_t>(req.run_id), st.events - feed_events,
                             req.trace_on_demand ? &out.sources : nullptr);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.tables.insert(out.tables.begin(), runs_table(req, out, replay.get()));
  return out;
}

}  // namespace gridplan::experiment
