// Replay (issue 8): the generated arrivals, exported and replayed, reproduce the generated run bit
// for bit; scale and surge perturb only what they should.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/model/generated_feed.hpp"

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

model::Scenario baseline(int days) {
  return io::load_scenario(baseline_path(), {"scenario.days=" + std::to_string(days)});
}

/// Exports replication `rep` of `sc` to `path`; returns the rows written.
std::uint64_t export_log(const model::Scenario& sc, const std::string& path,
                         std::uint64_t rep = 0) {
  model::GeneratedFeed feed(sc, rep);
  return io::write_event_log(path, sc, feed);
}

experiment::RunOutput replay(const model::Scenario& sc, const io::ReplayOptions& options,
                             std::uint64_t rep = 0) {
  experiment::RunRequest req;
  req.scenario = sc;
  req.replication = rep;
  req.run_id = rep;
  req.replay = io::RecordedLog::load(options, sc);
  return experiment::run_scenario(req);
}

io::ReplayOptions log_options(const std::string& path) {
  io::ReplayOptions o;
  o.path = path;
  return o;
}

std::vector<std::int64_t> daily(const experiment::RunOutput& out, const std::string& metric) {
  return table_of(out, "timeseries/daily").column(metric).i64;
}

TEST(replay_round_trip, generated_feed_reproduces_the_run) {
  // The model side alone: the generators' arrivals, merged and handed in as a feed.
  const auto sc = baseline(30);
  const auto generated = run(sc, 0, /*trace=*/true);
  model::GeneratedFeed feed(sc, 0);
  experiment::RunRequest req;
  req.scenario = sc;
  req.trace = true;
  req.feed = &feed;
  const auto replayed = experiment::run_scenario(req);
  for (const char* name : {"kpi", "timeseries/daily", "grids", "departments", "cases"})
    EXPECT_TRUE(identical(table_of(generated, name), table_of(replayed, name))) << name;
}

TEST(replay_round_trip, exported_log_reproduces_kpi_and_daily_series) {
  // System: the baseline, 30 days. Expectation: export then replay gives bit-identical /kpi and
  // /timeseries/daily, because every replayed case gets its generated id, time and attributes.
  const auto sc = baseline(30);
  const auto path = (temp_dir("replay_round_trip") / "baseline-30d.csv").string();
  const std::uint64_t rows = export_log(sc, path);
  const auto generated = run(sc, 0, /*trace=*/false);
  const auto replayed = replay(sc, log_options(path));
  EXPECT_EQ(static_cast<double>(rows), kpi(generated, "cases_arrived"));
  for (const char* name : {"kpi", "timeseries/daily", "grids", "departments", "queues", "streets"})
    EXPECT_TRUE(identical(table_of(generated, name), table_of(replayed, name))) << name;
  const auto& runs = table_of(replayed, "runs");
  EXPECT_EQ(runs.column("replay_rows_accepted").i64.at(0), static_cast<std::int64_t>(rows));
  EXPECT_EQ(runs.column("replay_rows_rejected").i64.at(0), 0);
}

TEST(replay_round_trip, cli_export_then_replay_writes_identical_datasets) {
  const auto dir = temp_dir("replay_cli");
  const auto log = (dir / "log.csv").string(), a = (dir / "a.h5").string(),
             b = (dir / "b.h5").string();
  const std::string cli = std::string(GRIDPLAN_CLI);
  const std::string common = baseline_path() + " --days 30 --seed 3 --quiet";
  const std::vector<std::string> commands = {
      cli + " export-events " + common + " --out " + log, cli + " run " + common + " --out " + a,
      cli + " run " + common + " --replay " + log + " --out " + b};
  for (const std::string& cmd : commands) ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  for (const char* name : {"kpi", "timeseries/daily"})
    EXPECT_TRUE(identical(io::read_hdf5_table(a, name), io::read_hdf5_table(b, name))) << name;
}

#ifdef GRIDPLAN_WITH_SIMGRID
TEST(replay_round_trip, simgrid_replays_like_native) {
  // The SimGrid engine replaying the export matches the native generated run; a bad row stops
  // it as it stops the native engine (the platform actor's exception reaches the command).
  const auto dir = temp_dir("replay_simgrid");
  const auto log = (dir / "log.csv").string(), a = (dir / "a.h5").string(),
             b = (dir / "b.h5").string(), bad = (dir / "bad.csv").string();
  const std::string cli = std::string(GRIDPLAN_CLI);
  const std::string common = baseline_path() + " --days 10 --quiet";
  const std::vector<std::string> commands = {
      cli + " export-events " + common + " --out " + log, cli + " run " + common + " --out " + a,
      cli + " run " + common + " --engine simgrid --replay " + log + " --out " + b};
  for (const std::string& cmd : commands) ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  for (const char* name : {"kpi", "timeseries/daily"})
    EXPECT_TRUE(identical(io::read_hdf5_table(a, name), io::read_hdf5_table(b, name))) << name;
  std::ofstream(bad) << "time_s,source,category,grid\n100,hotline,heating,5\n200,hotline,x,5\n";
  const std::string stop = cli + " run " + common + " --engine simgrid --replay " + bad +
                           " --out " + b + "2 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(stop.c_str())), 2);
  EXPECT_FALSE(fs::exists(b + "2"));
}
#endif

TEST(replay_round_trip, other_replication_replays_its_own_export) {
  const auto sc = baseline(10);
  const auto path = (temp_dir("replay_replication") / "rep2.csv").string();
  export_log(sc, path, 2);
  const auto generated = run(sc, 2);
  const auto replayed = replay(sc, log_options(path), 2);
  EXPECT_TRUE(identical(table_of(generated, "kpi"), table_of(replayed, "kpi")));
}

TEST(replay_perturbation, scale_raises_arrivals_by_its_factor) {
  // Inputs: the baseline's exported 60 days (about 195,000 rows), --replay-scale 1.3.
  // Expectation: 1.3 x the rows within 1%: each row gives 1 case, plus 1 w.p. 0.3; the
  // relative standard error is about 0.1% at this size.
  const auto sc = baseline(60);
  const auto path = (temp_dir("replay_scale") / "log.csv").string();
  const double rows = static_cast<double>(export_log(sc, path));
  auto options = log_options(path);
  options.scale = 1.3;
  const auto scaled = replay(sc, options);
  EXPECT_NEAR(kpi(scaled, "cases_arrived") / rows, 1.3, 0.013);
  options.scale = 0.5;  // thinning
  EXPECT_NEAR(kpi(replay(sc, options), "cases_arrived") / rows, 0.5, 0.005);
}

TEST(replay_perturbation, surge_changes_only_its_window) {
  // A surge x1.5 over days 10 to 14: daily arrivals outside identical, inside about 1.5x.
  const auto sc = baseline(30);
  const auto path = (temp_dir("replay_surge") / "log.csv").string();
  export_log(sc, path);
  const auto plain = replay(sc, log_options(path));
  auto options = log_options(path);
  options.surge = true;
  options.surge_from_s = 10 * kernel::kDay;
  options.surge_to_s = 15 * kernel::kDay;
  options.surge_factor = 1.5;
  const auto surged = replay(sc, options);
  const auto a = daily(plain, "arrivals"), b = daily(surged, "arrivals");
  ASSERT_EQ(a.size(), b.size());
  double inside_a = 0, inside_b = 0;
  for (std::size_t d = 0; d < a.size(); ++d) {
    if (d >= 10 && d < 15) {
      inside_a += static_cast<double>(a[d]);
      inside_b += static_cast<double>(b[d]);
    } else {
      EXPECT_EQ(a[d], b[d]) << "day " << d;
    }
  }
  EXPECT_NEAR(inside_b / inside_a, 1.5, 0.03);
  // Before the window the runs are the same run: the copies' ids leave the others' draws alone.
  const auto closed_a = daily(plain, "closed"), closed_b = daily(surged, "closed");
  for (std::size_t d = 0; d < 10; ++d) EXPECT_EQ(closed_a[d], closed_b[d]) << "day " << d;
}

TEST(replay_perturbation, bootstrap_resamples_whole_days_deterministically) {
  const auto sc = baseline(20);
  const auto path = (temp_dir("replay_bootstrap") / "log.csv").string();
  export_log(sc, path);
  auto options = log_options(path);
  options.bootstrap = true;
  const auto a = replay(sc, options, 0), again = replay(sc, options, 0), b = replay(sc, options, 1);
  EXPECT_TRUE(identical(table_of(a, "kpi"), table_of(again, "kpi")));
  EXPECT_FALSE(identical(table_of(a, "kpi"), table_of(b, "kpi")));
  // Every day of the run holds the rows of some day of the log.
  const auto plain = replay(sc, log_options(path));
  const auto log_days = daily(plain, "arrivals"), days = daily(a, "arrivals");
  for (std::size_t d = 0; d < days.size(); ++d)
    EXPECT_NE(std::find(log_days.begin(), log_days.end(), days[d]), log_days.end()) << d;
  EXPECT_EQ(table_of(a, "runs").column("replay_rows_accepted").i64.at(0),
            static_cast<std::int64_t>(kpi(plain, "cases_arrived")));
}

}  // namespace
}  // namespace gridplan::testing
