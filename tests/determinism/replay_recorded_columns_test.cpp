// Replay of recorded first whistles and dispute types (issue 21, docs/event-log.md): an export
// with --with-whistles replays to the generated run bit for bit, and a whistle recorded on a case
// the rules leave alone is blown at its time.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gridplan/experiment/export_events.hpp"
#include "gridplan/io/event_log.hpp"
#include "gridplan/io/hdf5_writer.hpp"

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

// The baseline with overdue whistles a day past the time limit, so that 30 days see every
// rule: overdue (at the end of staff work and in lead time), repeat and multi-department.
model::Scenario scenario(int days) {
  return io::load_scenario(
      baseline_path(), {"scenario.days=" + std::to_string(days), "whistle.first_after_hours=24"});
}

experiment::RunOutput replay(const model::Scenario& sc, const std::string& path, bool trace) {
  experiment::RunRequest req;
  req.scenario = sc;
  req.trace = trace;
  io::ReplayOptions o;
  o.path = path;
  req.replay = io::RecordedLog::load(o, sc);
  return experiment::run_scenario(req);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::int64_t count(const experiment::RunOutput& out, const std::string& column) {
  return table_of(out, "replay").column(column).i64.at(0);
}

TEST(replay_recorded_columns, export_with_whistles_replays_to_identical_datasets) {
  // System: the baseline, 30 days, overdue whistles after 24 hours. Expectation: the log holds a
  // whistle for every row of /whistles and a dispute type for every dispute mediated, and
  // replaying it gives every dataset of the generated run bit for bit, /cases included, each
  // recorded whistle honoured at its time.
  const auto sc = scenario(30);
  const auto path = (temp_dir("recorded_round_trip") / "log.csv").string();
  const std::uint64_t rows = experiment::export_events(sc, 0, path, /*recorded_columns=*/true);
  const auto generated = run(sc, 0, /*trace=*/true);
  const auto replayed = replay(sc, path, /*trace=*/true);
  EXPECT_EQ(static_cast<double>(rows), kpi(generated, "cases_arrived"));
  for (const auto& t : generated.tables) {
    if (t.name == "runs") continue;
    EXPECT_TRUE(identical(t, table_of(replayed, t.name))) << t.name;
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.front(), "time_s,source,category,grid,whistle,dispute_type");
  std::int64_t whistles = 0, types = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = fields_of(lines[i]);
    ASSERT_EQ(f.size(), 6u) << lines[i];
    whistles += !f[4].empty();
    types += !f[5].empty();
  }
  const auto& w = table_of(generated, "whistles");
  std::map<std::string, int> by_rule;
  for (const auto& r : w.column("rule").str) ++by_rule[r];
  EXPECT_GT(by_rule["overdue"], 0);
  EXPECT_GT(by_rule["repeat"], 0);
  EXPECT_EQ(by_rule["recorded"], 0);
  EXPECT_EQ(whistles, static_cast<std::int64_t>(w.column("case").i64.size()));
  EXPECT_GT(types, 0);
  EXPECT_EQ(count(replayed, "recorded_whistles"), whistles);
  EXPECT_EQ(count(replayed, "recorded_whistles_on_time"), whistles);
  EXPECT_EQ(count(replayed, "recorded_dispute_types"), types);
  EXPECT_EQ(count(replayed, "recorded_dispute_types_used"), types);
}

TEST(replay_recorded_columns, cli_export_with_whistles_then_replay_writes_identical_datasets) {
  const auto dir = temp_dir("recorded_cli");
  const auto log = (dir / "log.csv").string(), a = (dir / "a.h5").string(),
             b = (dir / "b.h5").string();
  const std::string cli = std::string(GRIDPLAN_CLI);
  const std::string common =
      baseline_path() + " --days 20 --seed 5 --set whistle.first_after_hours=24 --quiet";
  const std::vector<std::string> commands = {
      cli + " export-events " + common + " --with-whistles --out " + log,
      cli + " run " + common + " --out " + a,
      cli + " run " + common + " --replay " + log + " --out " + b};
  for (const std::string& cmd : commands) ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  for (const std::string& name : io::list_hdf5_tables(a)) {
    if (name == "runs") continue;
    EXPECT_TRUE(identical(io::read_hdf5_table(a, name), io::read_hdf5_table(b, name))) << name;
  }
  EXPECT_EQ(lines_of(log).front(), "time_s,source,category,grid,whistle,dispute_type");
}

std::string seconds(double t) {
  char text[64];
  return std::string(text,
                     std::to_chars(text, text + sizeof text, t, std::chars_format::fixed).ptr);
}

TEST(replay_recorded_columns, a_recorded_whistle_the_rules_would_not_blow_is_blown_at_its_time) {
  // System: the export of the baseline's 30 days (overdue after 24 hours) with a whistle column
  // that is empty but for three cases the rules did not whistle: recorded before its dispatch
  // (B), in its routine lead time (C), and on a case settled in the grid (D). Expectation: C is
  // whistled exactly at its recorded time and B at its dispatch (rule "recorded"), the first
  // moment it could be; D, never dispatched, is not whistled; /replay counts each.
  const auto sc = scenario(30);
  const auto path = (temp_dir("recorded_added") / "log.csv").string();
  experiment::export_events(sc, 0, path, /*recorded_columns=*/false);
  const auto generated = run(sc, 0, /*trace=*/true);
  const auto& cases = table_of(generated, "cases");
  const auto& id = cases.column("id").i64;
  const auto& dept = cases.column("department").i64;
  const auto& reopen = cases.column("reopen_count").i64;
  const auto& dispatch = cases.column("t_dispatch").f64;
  const auto& settle = cases.column("t_settle").f64;
  const auto& whistled = table_of(generated, "whistles").column("case").i64;
  const auto is_whistled = [&](std::int64_t k) {
    return std::find(whistled.begin(), whistled.end(), k) != whistled.end();
  };
  // Platform cases (ids below 2^40); /cases times are hours.
  std::int64_t b = -1, c = -1, d = -1;
  double tc = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (id[i] >= (std::int64_t{1} << 40) || is_whistled(id[i]) || reopen[i] != 0) continue;
    const bool dispatched = !std::isnan(dispatch[i]) && dept[i] >= 0;
    if (dispatched && b < 0) {
      b = id[i];
    } else if (dispatched && c < 0 && settle[i] - dispatch[i] > 48 && !std::isnan(settle[i])) {
      // Lead times are days: ten minutes before the result the staff work is long done.
      c = id[i], tc = settle[i] * 3600 - 600;
    } else if (std::isnan(dispatch[i]) && d < 0) {
      d = id[i];
    }
  }
  ASSERT_TRUE(b >= 0 && c >= 0 && d >= 0);
  // Their rows are the log's platform rows (sources not found by workers), counted in order.
  auto lines = lines_of(path);
  std::map<std::int64_t, double> recorded;
  std::int64_t serial = 0;
  lines[0] += ",whistle";
  for (std::size_t i = 1; i < lines.size(); ++i) {
    lines[i] += ",";
    const auto f = fields_of(lines[i]);
    bool patrol = false;
    for (const auto& src : sc.sources) patrol |= src.name == f[1] && src.found_by_worker;
    if (patrol) continue;
    const std::int64_t k = serial++;
    if (k != b && k != c && k != d) continue;
    const double report = std::stod(f[0]);
    const std::string t = seconds(k == c ? tc : report + (k == d ? 60 : 0));
    recorded[k] = std::stod(t);
    lines[i] += t;
  }
  {
    std::ofstream out(path);
    for (const auto& l : lines) out << l << '\n';
  }
  const auto replayed = replay(sc, path, /*trace=*/true);
  const auto& w = table_of(replayed, "whistles");
  std::map<std::int64_t, std::pair<std::string, double>> blown;
  for (std::size_t i = 0; i < w.column("case").i64.size(); ++i)
    blown[w.column("case").i64[i]] = {w.column("rule").str[i], w.column("t_blown").f64[i]};
  const auto& rc = table_of(replayed, "cases");
  const auto dispatched_at = [&](std::int64_t k) {
    for (std::size_t i = 0; i < rc.column("id").i64.size(); ++i)
      if (rc.column("id").i64[i] == k) return rc.column("t_dispatch").f64[i];
    return std::nan("");
  };
  ASSERT_TRUE(blown.count(b));
  EXPECT_EQ(blown[b].first, "recorded");
  EXPECT_GT(blown[b].second, recorded[b] / 3600);
  EXPECT_EQ(blown[b].second, dispatched_at(b));
  ASSERT_TRUE(blown.count(c));
  EXPECT_EQ(blown[c].first, "recorded");
  EXPECT_EQ(blown[c].second, recorded[c] / 3600);
  EXPECT_FALSE(blown.count(d));
  EXPECT_EQ(count(replayed, "recorded_whistles"), 3);
  EXPECT_EQ(count(replayed, "recorded_whistles_on_time"), 1);
  EXPECT_EQ(count(replayed, "recorded_whistles_late"), 1);
  EXPECT_EQ(count(replayed, "recorded_whistles_not_applicable") +
                count(replayed, "recorded_whistles_open"),
            1);
}

}  // namespace
}  // namespace gridplan::testing
