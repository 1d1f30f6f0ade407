// The sweep, show and compare commands through the built program: Ctrl-C-like stop and resume,
// the printed summary, /comparison and its refusals, sweep files and bad values (exit code 2).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gridplan/io/hdf5_writer.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

/// What one CLI invocation did.
struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `gridplan ARGS` in `dir`, capturing stdout and stderr.
CliResult gridplan(const fs::path& dir, const std::string& args) {
  const std::string cmd =
      "cd '" + dir.string() + "' && " + GRIDPLAN_CLI + " " + args + " > out.txt 2> err.txt";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(dir / "out.txt");
  r.err = read_text(dir / "err.txt");
  return r;
}

/// Expects output/README.md to document every table and column of `path` (the swept keys'
/// columns of /points are documented as one `<swept key>` row).
void expect_documented(const std::string& path) {
  const std::string doc = read_text(source_path("output/README.md"));
  for (const std::string& name : io::list_hdf5_tables(path)) {
    EXPECT_NE(doc.find("### `/" + name + "`"), std::string::npos) << "table " << name;
    for (const kernel::Column& c : io::read_hdf5_table(path, name).columns) {
      if (name == "points" && c.name.find('.') != std::string::npos) continue;  // a swept key
      EXPECT_NE(doc.find("| `" + c.name + "` |"), std::string::npos) << name << "/" << c.name;
    }
  }
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("gridplan_sweep_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const std::string kSweep = "sweep " + baseline_path() +
                           " --days 3 --replications 3 --grid departments.police.staff=20,30 "
                           "--threads 2 --out s.h5";

TEST(sweep_cli, interrupted_sweep_exits_130_and_resumes) {
  const fs::path dir = scratch("resume");
  const CliResult stopped = gridplan(dir, kSweep + " --stop-after 2");
  EXPECT_EQ(stopped.exit_code, 130) << stopped.err;
  EXPECT_NE(stopped.err.find("2 of 6 runs done"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("--resume"), std::string::npos) << stopped.err;
  EXPECT_TRUE(fs::exists(dir / "s.h5.parts"));
  const CliResult partial = gridplan(dir, "show s.h5");
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_NE(partial.out.find("2 of 6 runs done"), std::string::npos) << partial.out;

  const CliResult again = gridplan(dir, kSweep);  // parts exist: --resume or delete them
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--resume"), std::string::npos) << again.err;

  const CliResult resumed = gridplan(dir, kSweep + " --resume");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("2 resumed"), std::string::npos) << resumed.out;
  EXPECT_FALSE(fs::exists(dir / "s.h5.parts"));
  EXPECT_EQ(io::read_hdf5_table((dir / "s.h5").string(), "kpi").rows(), 6u);
}

TEST(sweep_cli, show_prints_the_summary_and_compare_writes_the_comparison) {
  const fs::path dir = scratch("show");
  ASSERT_EQ(gridplan(dir, kSweep + " --warmup-days 1").exit_code, 0);
  const CliResult show = gridplan(dir, "show s.h5");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("summary (mean"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("point 1: departments.police.staff=30"), std::string::npos);
  EXPECT_NE(show.out.find("daily_arrivals"), std::string::npos);
  EXPECT_NE(show.out.find("warm-up    1 days"), std::string::npos);

  const CliResult compare = gridplan(dir, "compare s.h5 --points 0,1 --out c.h5");
  EXPECT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find("B - A"), std::string::npos) << compare.out;
  const kernel::Table c = io::read_hdf5_table((dir / "c.h5").string(), "comparison");
  EXPECT_GT(c.rows(), 10u);
  EXPECT_EQ(c.column("n").i64[0], 3);
  expect_documented((dir / "s.h5").string());
  expect_documented((dir / "c.h5").string());
  const CliResult shown = gridplan(dir, "show c.h5");
  EXPECT_NE(shown.out.find("comparison:"), std::string::npos) << shown.out;

  // A single run has replication 0 only: it cannot be paired with replications 0-2.
  ASSERT_EQ(gridplan(dir, "run " + baseline_path() + " --days 3 --quiet --out one.h5").exit_code,
            0);
  const CliResult refused = gridplan(dir, "compare one.h5 s.h5 --points 0,1");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("same replications"), std::string::npos) << refused.err;
  const CliResult which = gridplan(dir, "compare one.h5 s.h5");
  EXPECT_EQ(which.exit_code, 2);
  EXPECT_NE(which.err.find("--points"), std::string::npos) << which.err;
}

TEST(sweep_cli, plot_script_draws_a_kpi_against_a_swept_key) {
  const fs::path dir = scratch("plot");
  if (std::system("/usr/bin/python3 -c 'import h5py, matplotlib' 2>/dev/null") != 0)
    GTEST_SKIP() << "needs /usr/bin/python3 with h5py and matplotlib";
  ASSERT_EQ(gridplan(dir, kSweep + " --quiet").exit_code, 0);
  const std::string script = source_path("scripts/plot_results.py");
  const std::string cmd = "cd '" + dir.string() + "' && " + script +
                          " s.h5 --kpi backlog_mean --param departments.police.staff --out p.png" +
                          " > out.txt 2> err.txt";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_text(dir / "err.txt");
  EXPECT_GT(fs::exists(dir / "p.png") ? fs::file_size(dir / "p.png") : 0u, 1000u);
  const std::string bad = "cd '" + dir.string() + "' && " + script +
                          " s.h5 --kpi backlog_mean --param no.such_key > out.txt 2> err.txt";
  EXPECT_NE(std::system(bad.c_str()), 0);
  EXPECT_NE(read_text(dir / "err.txt").find("not swept"), std::string::npos);
}

// scripts/scale_district.py writes the districts of the linearity measurement
// (docs/performance.md): K times the grids and households, K times the expected cases, and the
// same offered utilisations, as `gridplan check` computes them without simulating.
TEST(sweep_cli, scale_script_doubles_the_district_and_keeps_its_utilisations) {
  const fs::path dir = scratch("scale");
  if (std::system("/usr/bin/python3 -c 'import tomllib' 2>/dev/null") != 0)
    GTEST_SKIP() << "needs /usr/bin/python3 with tomllib (Python 3.11)";
  const std::string cmd = "/usr/bin/python3 " + source_path("scripts/scale_district.py") + " " +
                          baseline_path() + " 2 '" + (dir / "x2.toml").string() + "' 2> '" +
                          (dir / "err.txt").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_text(dir / "err.txt");
  const CliResult base = gridplan(dir, "check " + baseline_path());
  const CliResult twice = gridplan(dir, "check x2.toml");
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_NE(twice.out.find("18 streets, 208 communities, 1980 basic grids, 430000 households"),
            std::string::npos)
      << twice.out;
  // "estimate: 1.19 M cases", then the same line of the doubled district.
  const auto cases = [](const std::string& out) {
    const std::size_t at = out.find("estimate: ");
    return at == std::string::npos ? 0.0 : std::stod(out.substr(at + 10));
  };
  EXPECT_NEAR(cases(twice.out) / cases(base.out), 2.0, 0.02);
  // The offered utilisation of the operators and of each department is the base's.
  for (const std::string line : {"operators: ", "departments: "}) {
    const auto text_of = [&line](const std::string& out) {
      const std::size_t at = out.find(line);
      return at == std::string::npos ? std::string("none")
                                     : out.substr(at, out.find('\n', at) - at);
    };
    EXPECT_EQ(text_of(twice.out), text_of(base.out));
  }
}

TEST(sweep_cli, sweep_file_and_bad_values) {
  const fs::path dir = scratch("file");
  std::ofstream(dir / "study.toml") << "replications = 2\ndays = 2\n[parameters]\n"
                                       "\"grid_worker.patrol_hours\" = \"0.5:1:0.5\"\n";
  const CliResult ok =
      gridplan(dir, "sweep " + baseline_path() + " --sweep study.toml --out f.h5 --quiet");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  const kernel::Table points = io::read_hdf5_table((dir / "f.h5").string(), "points");
  EXPECT_EQ(points.column("grid_worker.patrol_hours").str, (std::vector<std::string>{"0.5", "1"}));

  const CliResult bad =
      gridplan(dir, "sweep " + baseline_path() + " --days 2 --grid departments.police.staff=20,-4");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("point 1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("departments.police.staff"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "output"));  // nothing started

  const CliResult conflict =
      gridplan(dir, "sweep " + baseline_path() + " --days 2 --grid scenario.days=1,2 --out x.h5");
  EXPECT_EQ(conflict.exit_code, 2);
  EXPECT_NE(conflict.err.find("scenario.days"), std::string::npos) << conflict.err;
}

}  // namespace
}  // namespace gridplan::testing
