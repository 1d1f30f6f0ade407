// The sections of `gridplan report` drawn from a result file's per-run tables: each section is
// left out when its table is absent, so one report serves runs, sweeps and comparisons.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "report_html.hpp"

namespace gridplan::cli::report {

/// One line of a chart: the runs of a file (all of them, or a sweep point's), averaged.
struct Source {
  std::string label;
  const io::ResultFile* file = nullptr;
  std::vector<std::int64_t> runs;  ///< the runs taken; empty: every run of the file

  bool takes(std::int64_t run) const;
};

/// The tables the sections read (io::read_result_file's filter).
bool is_report_table(const std::string& name);

// What the section files share.
constexpr auto kInt = kernel::Column::Type::kInt64;
constexpr auto kFloat = kernel::Column::Type::kFloat64;
constexpr auto kText = kernel::Column::Type::kString;

/// A mean of the finite values added; NaN of none.
struct Mean {
  double sum = 0;
  int n = 0;
  void add(double v) {
    if (std::isfinite(v)) sum += v, ++n;
  }
  double value() const;
};

/// Column `name` of table `t` of the source's file; throws BadResultFile if absent or mistyped.
const std::vector<double>& f64(const Source& s, const kernel::Table& t, const char* name);
const std::vector<std::int64_t>& i64(const Source& s, const kernel::Table& t, const char* name);
const std::vector<std::string>& str(const Source& s, const kernel::Table& t, const char* name);
/// Whether `t` has a column `name` (files of older versions lack some).
bool has_column(const kernel::Table& t, const std::string& name);
/// Runs the source takes (from /runs; 1 if the file has none), to turn totals into per-run.
double run_count(const Source& s);
/// A number cell (four significant digits, integers whole); a percentage cell of a share.
Cell number(double v);
Cell percent(double v);

void daily_section(Page& page, const std::vector<Source>& sources);
void hourly_section(Page& page, const std::vector<Source>& sources);
void offices_section(Page& page, const std::vector<Source>& sources);
void whistles_section(Page& page, const std::vector<Source>& sources);
void mediation_section(Page& page, const std::vector<Source>& sources);
void coverage_section(Page& page, const std::vector<Source>& sources);
/// Mediation by street (table) and by street and month (chart, a choice per source).
void mediation_streets_section(Page& page, const std::vector<Source>& sources);
/// Monthly on-time rate of the offices with the lowest yearly rate (a choice per source).
void worst_offices_section(Page& page, const std::vector<Source>& sources);
/// The grids on the register's plane, coloured by a metric chosen in a list (a choice per
/// metric and source); left out when no grid has coordinates.
void grid_map_section(Page& page, const std::vector<Source>& sources);
void staffing_section(Page& page, const io::ResultFile& file);

/// Every column of `table` as a sortable table (at most `max_rows` rows).
void table_section(Page& page, const kernel::Table& table, std::size_t max_rows);

}  // namespace gridplan::cli::report
