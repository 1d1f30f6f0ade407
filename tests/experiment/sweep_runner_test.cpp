// Sweeps in the library: the file is bit-identical for 1 and 2 threads, a stopped sweep that lost
// a part resumes to the uninterrupted file, and parts of another sweep are refused.
#include "gridplan/experiment/sweep_runner.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "gridplan/experiment/sweep_parts.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "test_support.hpp"

namespace gridplan::experiment {
namespace {

namespace fs = std::filesystem;
using kernel::Table;

/// True when two tables hold the same columns with bit-identical values.
bool identical(const Table& a, const Table& b) {
  if (a.columns.size() != b.columns.size() || a.rows() != b.rows()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const auto &x = a.columns[c], &y = b.columns[c];
    if (x.name != y.name || x.unit != y.unit || x.i64 != y.i64 || x.str != y.str ||
        x.f64.size() != y.f64.size())
      return false;
    if (!x.f64.empty() &&
        std::memcmp(x.f64.data(), y.f64.data(), x.f64.size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

/// Expects every dataset of two result files to read back bit-identical, except the
/// non-deterministic /runs/wall_seconds.
void expect_same_datasets(const std::string& a, const std::string& b) {
  const auto names = io::list_hdf5_tables(a);
  ASSERT_EQ(names, io::list_hdf5_tables(b));
  for (const std::string& name : names) {
    Table ta = io::read_hdf5_table(a, name), tb = io::read_hdf5_table(b, name);
    if (name == "runs") {
      ta.column("wall_seconds").f64.clear();
      tb.column("wall_seconds").f64.clear();
    }
    EXPECT_TRUE(identical(ta, tb)) << name;
  }
}

/// A fresh directory for one test.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("gridplan_sweep_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// 2 points (police staff) x 3 replications of 4 baseline days.
SweepPlan small_plan(int replications = 3) {
  SweepSpec spec;
  spec.sets = {"scenario.days=4"};
  spec.axes = {{"departments.police.staff", {"20", "30"}}};
  spec.replications = replications;
  return make_sweep_plan(spec, [](const std::vector<std::string>& overrides) {
    return io::load_scenario(testing::baseline_path(), overrides);
  });
}

SweepOptions options(int threads) {
  SweepOptions o;
  o.threads = threads;
  o.warmup_days = 1;
  o.provenance.version = "test";
  o.provenance.created = "now";
  return o;
}

TEST(sweep_runner, one_and_two_threads_write_identical_datasets) {
  const fs::path dir = scratch("threads");
  const SweepPlan plan = small_plan();
  const std::string one = (dir / "one.h5").string(), two = (dir / "two.h5").string();
  const SweepResult r1 = run_sweep(plan, one, options(1));
  const SweepResult r2 = run_sweep(plan, two, options(2));
  EXPECT_TRUE(r1.complete);
  EXPECT_TRUE(r2.complete);
  EXPECT_EQ(r2.done, 6u);
  EXPECT_FALSE(fs::exists(one + ".parts"));
  // The check: /kpi and /summary bit for bit; then every other dataset too.
  for (const char* name : {"kpi", "summary"})
    EXPECT_TRUE(identical(io::read_hdf5_table(one, name), io::read_hdf5_table(two, name))) << name;
  expect_same_datasets(one, two);

  const Table runs = io::read_hdf5_table(one, "runs");
  EXPECT_EQ(runs.column("run").i64, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(runs.column("point").i64, (std::vector<std::int64_t>{0, 0, 0, 1, 1, 1}));
  // Common random numbers: replication r of both points uses streams r.
  EXPECT_EQ(runs.column("replication").i64, (std::vector<std::int64_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(runs.column("parameters").str[3], "departments.police.staff=30");
  const Table points = io::read_hdf5_table(one, "points");
  EXPECT_EQ(points.column("departments.police.staff").str, (std::vector<std::string>{"20", "30"}));
  const Table sweep = io::read_hdf5_table(one, "sweep");
  EXPECT_EQ(sweep.column("runs_done").i64[0], 6);
  EXPECT_EQ(sweep.column("streams").str[0], "common");
  EXPECT_EQ(sweep.column("fingerprint").str[0], plan.fingerprint);
}

TEST(sweep_runner, common_streams_give_equal_arrivals_across_points) {
  const fs::path dir = scratch("crn");
  const std::string out = (dir / "crn.h5").string();
  run_sweep(small_plan(), out, options(2));
  const Table kpi = io::read_hdf5_table(out, "kpi");
  const auto& arrived = kpi.column("cases_arrived").f64;
  for (int r = 0; r < 3; ++r) EXPECT_EQ(arrived[r], arrived[3 + r]) << "replication " << r;
  EXPECT_NE(arrived[0], arrived[1]);
}

TEST(sweep_runner, resume_after_stop_and_lost_part_gives_the_uninterrupted_file) {
  const fs::path dir = scratch("resume");
  const SweepPlan plan = small_plan();
  const std::string whole = (dir / "whole.h5").string(), out = (dir / "out.h5").string();
  run_sweep(plan, whole, options(2));

  // Stopped after 3 runs, as by Ctrl-C: the file holds those, the parts stay.
  SweepOptions stopped = options(2);
  stopped.stop_after_runs = 3;
  const SweepResult first = run_sweep(plan, out, stopped);
  EXPECT_FALSE(first.complete);
  EXPECT_TRUE(first.written);
  EXPECT_EQ(first.done, 3u);
  EXPECT_EQ(io::read_hdf5_table(out, "sweep").column("runs_done").i64[0], 3);
  EXPECT_EQ(io::read_hdf5_table(out, "kpi").rows(), 3u);
  const SweepParts parts(out, plan.fingerprint);
  EXPECT_EQ(parts.finished_runs(plan.runs()), (std::vector<std::size_t>{0, 1, 2}));

  // A crash: run 1's part is gone and a half-written temporary file is left.
  fs::remove(parts.path_of(1));
  std::ofstream(parts.directory() + "/run-000004.h5.tmp") << "half a file";

  // Without --resume, existing parts are not silently overwritten.
  EXPECT_THROW(run_sweep(plan, out, options(2)), SweepError);

  SweepOptions resume = options(1);
  resume.resume = true;
  std::vector<std::size_t> committed;
  resume.on_run_done = [&](const SweepProgress& p) { committed.push_back(p.done); };
  const SweepResult second = run_sweep(plan, out, resume);
  EXPECT_TRUE(second.complete);
  EXPECT_EQ(second.resumed, 2u);
  EXPECT_EQ(committed, (std::vector<std::size_t>{3, 4, 5, 6}));
  EXPECT_FALSE(fs::exists(parts.directory()));
  expect_same_datasets(whole, out);

  // Resuming a complete file does nothing.
  const SweepResult third = run_sweep(plan, out, resume);
  EXPECT_TRUE(third.complete);
  EXPECT_FALSE(third.written);
  EXPECT_EQ(third.resumed, 6u);
}

TEST(sweep_runner, resume_refuses_parts_of_another_sweep) {
  const fs::path dir = scratch("mismatch");
  const std::string out = (dir / "out.h5").string();
  SweepOptions stopped = options(1);
  stopped.stop_after_runs = 1;
  run_sweep(small_plan(3), out, stopped);
  SweepOptions resume = options(1);
  resume.resume = true;
  try {
    run_sweep(small_plan(4), out, resume);  // other replications: another sweep
    FAIL() << "expected a SweepError";
  } catch (const SweepError& e) {
    EXPECT_NE(std::string(e.what()).find("another sweep"), std::string::npos) << e.what();
  }
  // And a complete file of another sweep.
  run_sweep(small_plan(3), out, resume);
  EXPECT_THROW(run_sweep(small_plan(4), out, resume), SweepError);
}

TEST(sweep_runner, stop_request_lets_runs_in_flight_finish) {
  const fs::path dir = scratch("stop");
  const std::string out = (dir / "out.h5").string();
  SweepOptions o = options(2);
  int polls = 0;
  o.stop_requested = [&polls] { return ++polls > 2; };  // Ctrl-C after two launches
  const SweepResult r = run_sweep(small_plan(), out, o);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.done, 2u);
  EXPECT_EQ(io::read_hdf5_table(out, "runs").column("run").i64, (std::vector<std::int64_t>{0, 1}));
  EXPECT_TRUE(fs::exists(out + ".parts"));
}

}  // namespace
}  // namespace gridplan::experiment
