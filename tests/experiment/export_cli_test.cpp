// Result files out of gridplan (issue 17) through the built program: `export` as CSV that
// pandas reads, with --columns, --where, --units and RFC 4180 quoting; `show --all` and tables
// fitted to the terminal's width; `compare` of two single runs; scripts/gridplan_results.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "cli_sweep_support.hpp"
#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

const std::string kPython = "/usr/bin/python3";
const std::string kRun = "run " + source_path("scenarios/hongqiao-2023.toml") + " --days 3 --quiet";

bool has_python(const std::string& modules) {
  return std::system((kPython + " -c 'import " + modules + "' > /dev/null 2>&1").c_str()) == 0;
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// A small result file "things.h5" in `dir`: /things, 60 rows of a run, a text column with a
/// comma, a quote, a line break and UTF-8, an integer, a float (one NaN) and many wide columns;
/// and /runs.
void write_things(const fs::path& dir) {
  kernel::Table t;
  t.name = "things";
  t.description = "test rows";
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& name = t.add_str("name", "a name").str;
  auto& count = t.add_i64("count", "cases", "a count").i64;
  auto& hours = t.add_f64("hours", "hours", "a duration").f64;
  std::vector<std::vector<double>*> wide;
  for (int c = 0; c < 12; ++c)
    wide.push_back(&t.add_f64("a_rather_long_column_" + std::to_string(c), "1", "wide").f64);
  const char* const names[] = {"xigu", "a, b", "say \"hi\"", "two\nlines", "\u8679\u6865"};
  for (int r = 0; r < 60; ++r) {
    run.push_back(0);
    name.push_back(names[r % 5]);
    count.push_back(r);
    hours.push_back(r == 3 ? std::numeric_limits<double>::quiet_NaN() : 0.1 * r);
    for (auto* column : wide) column->push_back(r / 7.0);
  }
  kernel::Table runs;
  runs.name = "runs";
  runs.add_i64("run", "", "run id").i64 = {0};
  runs.add_i64("replication", "", "replication").i64 = {4};
  runs.add_i64("seed", "", "seed").i64 = {20231207};
  io::Provenance p;
  p.version = "test";
  p.scenario_name = "things";
  io::write_hdf5((dir / "things.h5").string(), p, {runs, t});
}

TEST(export_cli, departments_as_csv_read_by_pandas_with_decoded_names) {
  if (!has_python("pandas")) GTEST_SKIP() << "needs /usr/bin/python3 with pandas";
  const fs::path dir = scratch_dir("export_departments");
  ASSERT_EQ(gridplan_cli(dir, kRun + " --out base.h5").exit_code, 0);
  const kernel::Table departments = io::read_hdf5_table((dir / "base.h5").string(), "departments");
  // In a subshell: shell() gives the command line stdin /dev/null, which must not reach python.
  const Command r = shell(dir, "(" + std::string(GRIDPLAN_CLI) +
                                   " export base.h5 --table departments | " + kPython +
                                   " -c 'import pandas, sys; d = pandas.read_csv(sys.stdin); "
                                   "print(len(d)); print(\"|\".join(d[\"name\"]))')");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string names;
  for (const std::string& n : departments.column("name").str)
    names += (names.empty() ? "" : "|") + n;
  EXPECT_EQ(r.out, std::to_string(departments.rows()) + "\n" + names + "\n");
  EXPECT_EQ(r.out.find("b'"), std::string::npos) << r.out;

  // --out writes the same bytes through a file; over the input it is refused.
  const Command to_stdout = gridplan_cli(dir, "export base.h5 --table departments");
  ASSERT_EQ(gridplan_cli(dir, "export base.h5 --table departments --out d.csv").exit_code, 0);
  EXPECT_EQ(file_text(dir / "d.csv"), to_stdout.out);
  EXPECT_EQ(gridplan_cli(dir, "export base.h5 --table departments --out base.h5").exit_code, 2);

  // Two single runs compared: the differences without intervals, exit 0.
  ASSERT_EQ(
      gridplan_cli(dir, kRun + " --set platform.service_target_minutes=0.5 --out b.h5").exit_code,
      0);
  const Command c = gridplan_cli(dir, "compare base.h5 b.h5 --out c.h5");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("one pair of runs"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("\u00b1 n/a"), std::string::npos) << c.out;
  EXPECT_TRUE(fs::exists(dir / "c.h5"));
}

TEST(export_cli, quotes_fields_and_writes_numbers_exactly) {
  const fs::path dir = scratch_dir("export_quoting");
  write_things(dir);
  const Command r = gridplan_cli(dir, "export things.h5 --table things --columns name,hours");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("name,hours\nxigu,0\n\"a, b\",0.1\n\"say \"\"hi\"\"\",0.2\n"
                        "\"two\nlines\",\n\u8679\u6865,0.4\nxigu,0.5\n",
                        0),
            0u)
      << r.out;
  const Command units = gridplan_cli(dir,
                                     "export things.h5 --table things --columns count,hours "
                                     "--units --where 'count < 2'");
  EXPECT_EQ(units.out, "count,hours\ncases,hours\n0,0\n1,0.1\n") << units.err;
}

TEST(export_cli, where_and_columns_select_rows_and_columns) {
  const fs::path dir = scratch_dir("export_where");
  write_things(dir);
  const Command text = gridplan_cli(
      dir, "export things.h5 --table things --columns count --where 'name == \"xigu\"'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  std::string expected = "count\n";
  for (int r = 0; r < 60; r += 5) expected += std::to_string(r) + "\n";
  EXPECT_EQ(text.out, expected);
  const Command number =
      gridplan_cli(dir, "export things.h5 --table things --columns run,count --where 'count>=57'");
  EXPECT_EQ(number.out, "run,count\n0,57\n0,58\n0,59\n") << number.err;
  const Command differs = gridplan_cli(
      dir, "export things.h5 --table things --columns count --where 'name != \"xigu\"'");
  EXPECT_EQ(count_lines(differs.out), 1u + 48u) << differs.out;

  const Command column = gridplan_cli(dir, "export things.h5 --table things --columns cuont");
  EXPECT_EQ(column.exit_code, 2);
  EXPECT_NE(column.err.find("did you mean 'count'?"), std::string::npos) << column.err;
  const Command where = gridplan_cli(dir, "export things.h5 --table things --where 'nmae == 1'");
  EXPECT_EQ(where.exit_code, 2);
  EXPECT_NE(where.err.find("did you mean 'name'?"), std::string::npos) << where.err;
  const Command bad = gridplan_cli(dir, "export things.h5 --table things --where 'count ~ 1'");
  EXPECT_EQ(bad.exit_code, 2);
  const Command type = gridplan_cli(dir, "export things.h5 --table things --where 'name < 3'");
  EXPECT_EQ(type.exit_code, 2);
  EXPECT_NE(type.err.find("double-quoted string"), std::string::npos) << type.err;
  const Command table = gridplan_cli(dir, "export things.h5 --table thing");
  EXPECT_EQ(table.exit_code, 2);
  EXPECT_NE(table.err.find("tables: runs, things"), std::string::npos) << table.err;
}

TEST(export_cli, show_all_prints_every_row_and_fits_the_width) {
  const fs::path dir = scratch_dir("show_all");
  write_things(dir);
  const Command some = shell(
      dir, "COLUMNS=100 " + std::string(GRIDPLAN_CLI) + " show things.h5 --table things --all");
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_EQ(some.out.find("rows shown"), std::string::npos) << some.out;
  std::size_t widest = 0, headers = 0;
  std::istringstream lines(some.out);
  for (std::string line; std::getline(lines, line);) {
    std::size_t cells = 0;
    for (const unsigned char c : line) cells += (c & 0xC0) != 0x80;
    if (line.rfind("command", 0) != 0 && line.rfind("file", 0) != 0)
      widest = std::max(widest, cells);
    if (line.rfind("run  name", 0) == 0) ++headers;  // the key columns open each block
  }
  EXPECT_LE(widest, 100u) << some.out;
  EXPECT_GE(headers, 2u) << "the key columns repeat in each block:\n" << some.out;
  EXPECT_NE(some.out.find("(columns 3-"), std::string::npos) << some.out;

  const Command first =
      shell(dir, "COLUMNS=100 " + std::string(GRIDPLAN_CLI) + " show things.h5 --table things");
  EXPECT_NE(first.out.find("(50 of 60 rows shown"), std::string::npos) << first.out;
  EXPECT_EQ(gridplan_cli(dir, "show things.h5 --all").exit_code, 2);
}

TEST(export_cli, python_reader_decodes_names_and_joins_runs) {
  if (!has_python("pandas, h5py")) GTEST_SKIP() << "needs /usr/bin/python3 with pandas and h5py";
  const fs::path dir = scratch_dir("python_reader");
  write_things(dir);
  const Command r = shell(
      dir, kPython + " -c 'import sys; sys.path.insert(0, \"" + source_path("scripts") +
               "\"); import gridplan_results as g; t = g.load(\"things.h5\"); d = t[\"things\"]; "
               "print(sorted(t)); print(len(d)); print(d[\"name\"][1]); print(d[\"name\"][4]); "
               "print(set(d[\"replication\"]), set(d[\"seed\"])); "
               "print(d.attrs[\"units\"][\"hours\"])'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "['runs', 'things']\n60\na, b\n\u8679\u6865\n{4} {20231207}\nhours\n");
}

}  // namespace
}  // namespace gridplan::testing

namespace gridplan::testing {
namespace {

TEST(export_cli, plot_script_labels_hourly_profiles_and_writes_into_a_directory) {
  if (!has_python("h5py, matplotlib")) GTEST_SKIP() << "needs /usr/bin/python3 with matplotlib";
  const fs::path dir = scratch_dir("plot_out");
  const Command labels = shell(
      dir,
      kPython + " -c 'import sys; sys.path.insert(0, \"" + source_path("scripts") +
          "\"); import plot_results as p; "
          "a = \"[\" + \", \".join([\"1\"] * 8 + [\"18\"] * 10 + [\"1\"] * 6) + \"]\"; "
          "b = a.replace(\"18\", \"16\"); print(sorted(p.shorten([a, b]).values())); "
          "print(p.output_png(\".\", \"x/f-service.png\"), p.output_png(\"name\", \"d.png\"))'");
  ASSERT_EQ(labels.exit_code, 0) << labels.err;
  EXPECT_EQ(labels.out,
            "['peak 16@08-18, sum 174', 'peak 18@08-18, sum 194']\n./f-service.png name.png\n");
}

}  // namespace
}  // namespace gridplan::testing
