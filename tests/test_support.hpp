// Helpers shared by the test programs: run a scenario in memory and read KPIs and tables.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "gridplan/experiment/run.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::testing {

inline std::string source_path(const std::string& rel) {
  return std::string(GRIDPLAN_SOURCE_DIR) + "/" + rel;
}

inline std::string baseline_path() {
  return source_path("scenarios/hongqiao-2023.toml");
}

/// A directory of the test's own under the test temporary directory, created if missing.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("gridplan_" + name);
  std::filesystem::create_directories(dir);
  return dir;
}

/// temp_dir emptied first: nothing an earlier run of the test left there is seen.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  std::filesystem::remove_all(std::filesystem::path(::testing::TempDir()) / ("gridplan_" + name));
  return temp_dir(name);
}

/// The table called `name` in a run's output.
inline const kernel::Table& table_of(const experiment::RunOutput& out, const std::string& name) {
  for (const auto& t : out.tables)
    if (t.name == name) return t;
  throw std::out_of_range("no table " + name);
}

/// One KPI of a single-run output.
inline double kpi(const experiment::RunOutput& out, const std::string& name) {
  return table_of(out, "kpi").column(name).f64.at(0);
}

/// Runs `sc` as replication `rep`.
inline experiment::RunOutput run(const model::Scenario& sc, std::uint64_t rep = 0,
                                 bool trace = false, const std::string& engine = "native") {
  experiment::RunRequest req;
  req.scenario = sc;
  req.replication = rep;
  req.run_id = rep;
  req.trace = trace;
  req.engine = engine;
  return experiment::run_scenario(req);
}

/// Two-sided 95% Student t quantile for `df` degrees of freedom (table, then normal).
inline double t95(int df) {
  static const double t[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                             2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                             2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                             2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df >= 1 && df <= 30) return t[df];
  return df <= 60 ? 2.000 : 1.960;
}

/// Mean and 95% half-width of a sample.
struct Interval {
  double mean, half_width;
  bool contains(double x) const { return std::fabs(x - mean) <= half_width; }
};
inline Interval interval95(const std::vector<double>& xs) {
  double m = 0;
  for (double x : xs) m += x;
  m /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  const double sd = std::sqrt(ss / static_cast<double>(xs.size() - 1));
  return {m, t95(static_cast<int>(xs.size()) - 1) * sd / std::sqrt(static_cast<double>(xs.size()))};
}

// True when two tables hold the same columns with bit-identical values.
inline bool identical(const kernel::Table& a, const kernel::Table& b) {
  if (a.columns.size() != b.columns.size() || a.rows() != b.rows()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const auto &x = a.columns[c], &y = b.columns[c];
    if (x.name != y.name || x.i64 != y.i64 || x.str != y.str || x.f64.size() != y.f64.size())
      return false;
    if (!x.f64.empty() &&
        std::memcmp(x.f64.data(), y.f64.data(), x.f64.size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu.
inline double erlang_c(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);  // a^c / c! * c / (c - a)
  return top / (sum + top);
}

}  // namespace gridplan::testing
