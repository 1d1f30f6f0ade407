// Helpers for the tests that run `gridplan sweep` and `merge` as programs (MPI, shards, child
// processes): a scratch directory, a captured invocation, and a dataset-by-dataset comparison.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gridplan/io/hdf5_writer.hpp"
#include "test_support.hpp"

namespace gridplan::testing {

/// What one command did.
struct Command {
  int exit_code = -1;
  std::string out, err;
};

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh, empty directory for one test.
inline std::filesystem::path scratch_dir(const std::string& name) {
  return fresh_temp_dir("cli_" + name);
}

/// Runs the shell command `command` in `dir`, capturing stdout and stderr.
inline Command shell(const std::filesystem::path& dir, const std::string& command) {
  const std::string line =
      "cd '" + dir.string() + "' && " + command + " > out.txt 2> err.txt < /dev/null";
  const int status = std::system(line.c_str());
  Command r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = file_text(dir / "out.txt");
  r.err = file_text(dir / "err.txt");
  return r;
}

/// `gridplan ARGS` in `dir`.
inline Command gridplan_cli(const std::filesystem::path& dir, const std::string& args) {
  return shell(dir, std::string(GRIDPLAN_CLI) + " " + args);
}

/// "" if the two result files list the same datasets in the same order, each bit-identical,
/// except the /runs columns in `ignored` (wall_seconds always differs); else the first difference.
inline std::string dataset_difference(const std::string& a, const std::string& b,
                                      std::set<std::string> ignored = {"wall_seconds"}) {
  const auto names = io::list_hdf5_tables(a);
  if (names != io::list_hdf5_tables(b)) return "the files hold different datasets";
  for (const std::string& name : names) {
    kernel::Table ta = io::read_hdf5_table(a, name), tb = io::read_hdf5_table(b, name);
    if (name == "runs")
      for (kernel::Table* t : {&ta, &tb})
        for (kernel::Column& c : t->columns)
          if (ignored.count(c.name)) c.f64.clear(), c.i64.clear(), c.str.clear();
    if (!identical(ta, tb)) return "/" + name + " differs";
    if (ta.description != tb.description) return "/" + name + ": descriptions differ";
    for (std::size_t c = 0; c < ta.columns.size(); ++c)
      if (ta.columns[c].unit != tb.columns[c].unit ||
          ta.columns[c].description != tb.columns[c].description)
        return "/" + name + "/" + ta.columns[c].name + ": unit or description differs";
  }
  return "";
}

}  // namespace gridplan::testing
