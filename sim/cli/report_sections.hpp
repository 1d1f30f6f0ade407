// The sections of `gridplan report` drawn from a result file's per-run tables: each section is
// left out when its table is absent, so one report serves runs, sweeps and comparisons.
#pragma once

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

void daily_section(Page& page, const std::vector<Source>& sources);
void hourly_section(Page& page, const std::vector<Source>& sources);
void offices_section(Page& page, const std::vector<Source>& sources);
void whistles_section(Page& page, const std::vector<Source>& sources);
void mediation_section(Page& page, const std::vector<Source>& sources);
void coverage_section(Page& page, const std::vector<Source>& sources);
void staffing_section(Page& page, const io::ResultFile& file);

/// Every column of `table` as a sortable table (at most `max_rows` rows).
void table_section(Page& page, const kernel::Table& table, std::size_t max_rows);

}  // namespace gridplan::cli::report
