// run_scenario: one model on one engine, timed, with its "runs" row added to the tables.
#include "gridplan/experiment/run.hpp"

#include <chrono>
#include <memory>
#include <stdexcept>

#include "gridplan/experiment/partition_threads.hpp"
#include "gridplan/kernel/engine.hpp"
#include "gridplan/kernel/parallel_engine.hpp"
#include "gridplan/model/city_model.hpp"
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
        .str.push_back(req.replay->identity().path);
    t.add_i64("replay_rows_accepted", "rows", "log rows replayed (before scale and surge copies)")
        .i64.push_back(static_cast<std::int64_t>(replay->rows_accepted()));
    t.add_i64("replay_rows_rejected", "rows", "bad log rows set aside (--skip-bad-rows)")
        .i64.push_back(static_cast<std::int64_t>(replay->rows_rejected()));
  }
  return t;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// A city: the districts side by side on the parallel engine, on req.threads threads.
RunOutput run_city(const RunRequest& req, std::chrono::steady_clock::time_point t0) {
  if (req.replay || req.feed || req.filing_log)
    throw std::invalid_argument("a city scenario cannot be replayed (replay one of its districts)");
  if (req.trace) throw std::invalid_argument("--trace is not offered for a city scenario yet");
  if (req.engine != "native")
    throw std::invalid_argument("a city runs on the parallel engine (--threads N), not on the " +
                                req.engine + " engine");
  model::CityModel model(req.scenario, req.replication);
  kernel::EngineOptions opt;
  opt.horizon = model.horizon_seconds();
  opt.lookahead = model.lookahead_seconds();
  if (req.progress)
    opt.progress = [&](double t, std::uint64_t) { return req.progress(t, model.cases_so_far()); };
  auto lps = model.lps();
  // Even on one thread the city runs in windows: a queue per district is smaller than one for
  // the city, and faster. Only the centre sends to districts, so the centre runs up to a week
  // ahead and each district a week at a time, its state in the caches for longer than a day's
  // or a 15-minute window's worth of events (docs/performance.md, "A city").
  kernel::ParallelEngine engine(model.partition_of(), model.between_partitions_seconds(),
                                partitions_on_threads(req.threads));
  engine.restrict_senders(model.senders(), 7 * kernel::kDay);
  const kernel::EngineStats st = engine.run(lps, opt);
  RunOutput out;
  out.windows = engine.window_stats();
  out.events = st.events;
  out.interrupted = st.interrupted;
  if (st.interrupted) return out;
  out.tables = model.results(static_cast<std::int64_t>(req.run_id), st.events);
  out.wall_seconds = seconds_since(t0);
  kernel::Table runs = runs_table(req, out, nullptr);
  runs.column("engine").str.assign(1, "parallel");
  runs.add_i64("threads", "threads", "threads asked for (--threads)").i64.push_back(req.threads);
  {
    const kernel::WindowStats& w = out.windows;
    runs.add_i64("windows", "windows", "synchronisation windows of the parallel engine")
        .i64.push_back(static_cast<std::int64_t>(w.windows));
    runs.add_i64("critical_events", "events",
                 "sum over windows of the busiest partition's events (events / critical_events "
                 "bounds the speed-up)")
        .i64.push_back(static_cast<std::int64_t>(w.critical_events));
    runs.add_f64("idle_share", "1", "share of partition-windows idle").f64.push_back(w.idle_share);
    runs.add_i64("cross_messages", "messages", "messages from one partition to another")
        .i64.push_back(static_cast<std::int64_t>(w.cross_messages));
  }
  out.tables.insert(out.tables.begin(), std::move(runs));
  return out;
}

}  // namespace

RunOutput run_scenario(const RunRequest& req) {
  const auto t0 = std::chrono::steady_clock::now();
  if (req.scenario.city) return run_city(req, t0);
  auto engine = kernel::make_engine(req.engine);
  model::GovernanceModel model(req.scenario, req.replication, req.trace);
  if (req.replay && req.feed) throw std::invalid_argument("replay a log or a feed, not both");
  std::unique_ptr<io::ReplayFeed> replay;
  if (req.replay)
    replay = std::make_unique<io::ReplayFeed>(req.replay, req.scenario, req.replication,
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
  // The events KPI counts model work: the feed's own hand-on events are left out, so that a
  // replayed export matches its generated run.
  const std::uint64_t feed_events = model.feed_events();
  out.tables = model.results(static_cast<std::int64_t>(req.run_id), st.events - feed_events,
                             req.trace_on_demand ? &out.sources : nullptr);
  out.wall_seconds = seconds_since(t0);
  out.tables.insert(out.tables.begin(), runs_table(req, out, replay.get()));
  if (req.threads > 1)
    out.note = "a district runs on one thread: its units exchange messages every " +
               std::to_string(static_cast<int>(model.lookahead_seconds())) +
               " s, too little work between synchronisations to share (docs/performance.md, "
               "\"The parallel engine\"); --threads " +
               std::to_string(req.threads) + " ignored";
  return out;
}

}  // namespace gridplan::experiment
