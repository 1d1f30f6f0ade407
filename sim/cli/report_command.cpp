// `gridplan report`: one self-contained HTML page of a run file, a sweep, a comparison or a
// staffing file: provenance, the KPIs with 95% intervals, and charts of the per-run tables.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "gridplan/experiment/statistics.hpp"
#include "gridplan/io/recorded_log.hpp"
#include "report_html.hpp"
#include "report_sections.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;
using report::Cell;
using report::Page;
using report::Source;

namespace {

constexpr const char* kUsage =
    "Usage: gridplan report FILE.h5 [MORE.h5 ...] [--out report.html]\n\n"
    "Writes one HTML page that opens offline (styles, scripts, Chart.js and the data inline):\n"
    "the files' provenance, the KPIs (mean and 95% interval over replications: Student t,\n"
    "n - 1 degrees of freedom) and charts: daily backlog, overdue cases and filing wait,\n"
    "service level by hour against the target, offices by utilisation and on-time rate,\n"
    "whistles, mediation, drills' coverage, staffing plans, whichever the file holds.\n"
    "FILE may be a run file, a sweep file (/summary: one column per point), a comparison file\n"
    "(/comparison) or a staffing file; two or more run files are compared side by side (with\n"
    "two, B - A paired by replication), two or more sweep files point by point. A map of the\n"
    "grids shows when the grid register gave coordinates. Tables sort by a click on a header.\n"
    "Needs Debian's libjs-chart.js. A missing or unreadable result file is exit code 2.";

constexpr auto kFloat = kernel::Column::Type::kFloat64;
constexpr auto kInt = kernel::Column::Type::kInt64;

std::string stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

/// Mean, 95% half-width (NaN for n < 2) and n of the finite values.
struct Interval {
  double mean = std::nan(""), half = std::nan("");
  std::size_t n = 0;
};

Interval interval(const std::vector<double>& values) {
  Interval out;
  double sum = 0, squares = 0;
  for (const double v : values)
    if (std::isfinite(v)) sum += v, ++out.n;
  if (out.n == 0) return out;
  out.mean = sum / static_cast<double>(out.n);
  for (const double v : values)
    if (std::isfinite(v)) squares += (v - out.mean) * (v - out.mean);
  if (out.n >= 2)
    out.half = experiment::student_t_quantile(0.975, static_cast<double>(out.n - 1)) *
               std::sqrt(squares / static_cast<double>(out.n - 1) / static_cast<double>(out.n));
  return out;
}

Cell interval_cell(const Interval& i) {
  if (i.n < 2) return Cell(format_number(i.mean, std::nan("")), i.mean);
  return Cell(format_with_half_width(i.mean, i.half), i.mean);
}

void provenance(Page& page, const io::ResultFile& file) {
  const io::Provenance& p = file.provenance;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"file", file.path},
      {"scenario", p.scenario_name + " (seed " + std::to_string(p.seed) + ", " +
                       std::to_string(p.horizon_days) + " days)"},
      {"gridplan", p.version + " (revision " + p.git_revision + ")"},
      {"created", p.created},
      {"command", p.command_line}};
  if (!p.overrides.empty()) rows.emplace_back("overrides", p.overrides);
  if (!p.replay_log.empty()) rows.emplace_back("replayed", io::replay_description(p));
  page.definitions(rows);
}

/// /kpi of one or more run files: one value column per file; with two, B - A paired by
/// replication (run order) when both have the same number of runs, else of the means.
void kpi_table(Page& page, const std::vector<io::ResultFile>& files) {
  const kernel::Table& first = files.front().table("kpi");
  std::vector<std::string> header = {"kpi"};
  for (const io::ResultFile& f : files) {
    const std::size_t runs = f.table("kpi").rows();
    header.push_back(files.size() > 1 ? stem(f.path) + (runs > 1 ? " (mean ± 95%)" : "")
                     : runs > 1       ? "mean ± 95% (" + std::to_string(runs) + " runs)"
                                      : "value");
  }
  const bool pair = files.size() == 2;
  if (pair) header.insert(header.end(), {"B - A", "95% interval of B - A"});
  header.push_back("unit");
  std::vector<std::vector<Cell>> rows;
  for (const kernel::Column& c : first.columns) {
    if (c.type != kFloat || c.name == "run") continue;
    std::vector<Cell> row{Cell(c.name)};
    std::vector<const std::vector<double>*> values;
    for (const io::ResultFile& f : files) {
      const kernel::Table& kpi = f.table("kpi");
      values.push_back(&f.column(kpi, c.name, kFloat).f64);
      row.push_back(interval_cell(interval(*values.back())));
    }
    if (pair) {
      const auto &a = *values[0], &b = *values[1];
      Interval d;
      if (a.size() == b.size() && a.size() >= 2) {
        std::vector<double> diff;
        for (std::size_t i = 0; i < a.size(); ++i) diff.push_back(b[i] - a[i]);
        d = interval(diff);
      } else {
        d.mean = interval(b).mean - interval(a).mean;
      }
      row.push_back(Cell(format_number(d.mean, d.half), d.mean));
      row.push_back(std::isfinite(d.half) ? Cell("[" + format_number(d.mean - d.half, d.half) +
                                                 ", " + format_number(d.mean + d.half, d.half) +
                                                 "]" + (std::fabs(d.mean) > d.half ? " *" : ""))
                                          : Cell("n/a"));
    }
    row.push_back(Cell(c.unit));
    rows.push_back(row);
  }
  page.heading("Key performance indicators");
  if (pair)
    page.paragraph("A = " + stem(files[0].path) + ", B = " + stem(files[1].path) +
                   "; * marks an interval that excludes 0.");
  page.table("kpi-table", header, rows);
}

/// One column of the sweeps' KPI table: a point of one file.
struct PointColumn {
  const io::ResultFile* file;
  std::int64_t point;
  std::string label;
};

/// The two datasets of an interval chart: each 95% interval as a floating bar (none where `low`
/// or `high` is not finite) and its mean as a dot.
std::string interval_datasets(const std::string& interval_label, const std::string& mean_label,
                              const std::vector<double>& low, const std::vector<double>& high,
                              const std::vector<double>& mean, int dot_radius) {
  std::string bars;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    if (i) bars += ',';
    bars += std::isfinite(low[i]) && std::isfinite(high[i])
                ? "[" + report::json_number(low[i]) + "," + report::json_number(high[i]) + "]"
                : "null";
  }
  return "[{\"label\":" + report::json_string(interval_label) + ",\"data\":[" + bars +
         "],\"color\":\"#9ecae1\"},{\"type\":\"line\",\"showLine\":false,\"pointRadius\":" +
         std::to_string(dot_radius) + ",\"label\":" + report::json_string(mean_label) +
         ",\"data\":" + report::json_numbers(mean) + ",\"color\":\"#d62728\"}]";
}

/// The KPI-by-point chart: for the KPI chosen in a list, each point's 95% interval (bar) and
/// mean (dot), so that overlapping intervals show at a glance.
void points_chart(Page& page, const std::vector<PointColumn>& columns,
                  const std::vector<std::string>& names, const std::vector<std::string>& units,
                  const std::vector<std::vector<Interval>>& cells) {
  std::vector<std::string> labels, choices;
  for (const PointColumn& c : columns) labels.push_back(c.label);
  std::string sets;
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<double> low, high, means;
    for (const Interval& v : cells[k]) {
      low.push_back(v.mean - v.half);
      high.push_back(v.mean + v.half);
      means.push_back(v.mean);
    }
    if (std::none_of(means.begin(), means.end(), [](double m) { return std::isfinite(m); }))
      continue;
    const std::string what =
        names[k] + (units[k].empty() || units[k] == "1" ? "" : " (" + units[k] + ")");
    choices.push_back(what);
    if (!sets.empty()) sets += ',';
    sets += interval_datasets("95% interval", "mean of " + what, low, high, means, 5);
  }
  if (choices.empty()) return;
  page.chart("Each point's mean and 95% interval of the KPI chosen",
             "{\"type\":\"bar\",\"data\":{\"labels\":" + report::json_strings(labels) +
                 ",\"datasets\":[]},\"choices\":[" + sets +
                 "],\"options\":{\"scales\":{\"y\":{\"beginAtZero\":false}}}}",
             choices);
}

/// Sweeps' /summary: one column per file and point, mean ± 95% half-width; returns each
/// column's runs (from /runs' point column) for the charts.
std::vector<Source> summary_table(Page& page, const std::vector<io::ResultFile>& files) {
  std::vector<PointColumn> columns;
  std::vector<std::string> names, units;
  for (const io::ResultFile& file : files) {
    const kernel::Table& summary = file.table("summary");
    const auto& point = file.column(summary, "point", kInt).i64;
    const auto& kpi = file.column(summary, "kpi", kernel::Column::Type::kString).str;
    const auto& unit = file.column(summary, "unit", kernel::Column::Type::kString).str;
    const kernel::Table* table = file.find("points");
    for (std::size_t r = 0; r < summary.rows(); ++r) {
      if (std::none_of(columns.begin(), columns.end(), [&](const PointColumn& c) {
            return c.file == &file && c.point == point[r];
          })) {
        const std::int64_t p = point[r];
        std::string label =
            (files.size() > 1 ? stem(file.path) + ", " : "") + "point " + std::to_string(p);
        if (table != nullptr && p >= 0 && static_cast<std::size_t>(p) < table->rows())
          label += ": " + file.column(*table, "parameters", kernel::Column::Type::kString).str[p];
        columns.push_back({&file, p, label});
      }
      if (std::find(names.begin(), names.end(), kpi[r]) == names.end())
        names.push_back(kpi[r]), units.push_back(unit[r]);
    }
  }
  std::vector<std::vector<Interval>> cells(names.size(), std::vector<Interval>(columns.size()));
  for (const io::ResultFile& file : files) {
    const kernel::Table& summary = file.table("summary");
    const auto& point = file.column(summary, "point", kInt).i64;
    const auto& kpi = file.column(summary, "kpi", kernel::Column::Type::kString).str;
    const auto& n = file.column(summary, "n", kInt).i64;
    const auto& mean = file.column(summary, "mean", kFloat).f64;
    const auto& half = file.column(summary, "ci95_half_width", kFloat).f64;
    for (std::size_t r = 0; r < summary.rows(); ++r) {
      const auto k = std::find(names.begin(), names.end(), kpi[r]) - names.begin();
      const auto i = std::find_if(columns.begin(), columns.end(),
                                  [&](const PointColumn& c) {
                                    return c.file == &file && c.point == point[r];
                                  }) -
                     columns.begin();
      cells[k][i] = Interval{mean[r], half[r], static_cast<std::size_t>(n[r])};
    }
  }
  std::vector<std::string> header = {"kpi"};
  for (const PointColumn& c : columns) header.push_back(c.label);
  header.push_back("unit");
  std::vector<std::vector<Cell>> rows;
  for (std::size_t k = 0; k < names.size(); ++k) {
    rows.push_back({Cell(names[k])});
    for (const Interval& v : cells[k]) rows.back().push_back(v.n ? interval_cell(v) : Cell("n/a"));
    rows.back().push_back(Cell(units[k]));
  }
  page.heading("Key performance indicators by point (mean ± 95% half-width over replications)");
  page.table("kpi-table", header, rows);
  points_chart(page, columns, names, units, cells);
  std::vector<Source> sources;
  for (const PointColumn& c : columns) {
    Source s{c.label, c.file, {}};
    if (const kernel::Table* runs = c.file->find("runs")) {
      const auto& run = c.file->column(*runs, "run", kInt).i64;
      const auto& of = c.file->column(*runs, "point", kInt).i64;
      for (std::size_t r = 0; r < runs->rows(); ++r)
        if (of[r] == c.point) s.runs.push_back(run[r]);
    }
    if (!s.runs.empty()) sources.push_back(s);
  }
  return sources;
}

/// A /comparison table: A, B and B - A with its 95% interval per KPI.
void comparison_table(Page& page, const io::ResultFile& file) {
  const kernel::Table& t = file.table("comparison");
  const auto& kpi = file.column(t, "kpi", kernel::Column::Type::kString).str;
  const auto& unit = file.column(t, "unit", kernel::Column::Type::kString).str;
  const auto& n = file.column(t, "n", kInt).i64;
  const auto &a = file.column(t, "mean_a", kFloat).f64, &b = file.column(t, "mean_b", kFloat).f64,
             &d = file.column(t, "mean_difference", kFloat).f64,
             &h = file.column(t, "ci95_half_width", kFloat).f64;
  const auto& sig = file.column(t, "significant", kInt).i64;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> labels;
  std::vector<double> relative, low, high;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    rows.push_back({Cell(kpi[r]), Cell(format_number(a[r], h[r]), a[r]),
                    Cell(format_number(b[r], h[r]), b[r]), Cell(format_number(d[r], h[r]), d[r]),
                    Cell(format_with_half_width(d[r], h[r]), h[r]), Cell(sig[r] ? "yes" : "no"),
                    Cell(std::to_string(n[r]), double(n[r])), Cell(unit[r])});
    if (std::isfinite(d[r]) && std::isfinite(h[r]) && std::isfinite(a[r]) && a[r] != 0 && sig[r]) {
      labels.push_back(kpi[r]);
      relative.push_back(100 * d[r] / std::fabs(a[r]));
      low.push_back(100 * (d[r] - h[r]) / std::fabs(a[r]));
      high.push_back(100 * (d[r] + h[r]) / std::fabs(a[r]));
    }
  }
  page.heading("Paired differences B - A over replications");
  page.paragraph(t.description);
  page.table("kpi-table",
             {"kpi", "mean A", "mean B", "B - A", "B - A ± 95%", "significant", "n", "unit"}, rows);
  if (labels.empty()) return;
  page.chart("Significant differences, relative to A: 95% interval (bar) and mean (point)",
             "{\"type\":\"bar\",\"data\":{\"labels\":" + report::json_strings(labels) +
                 ",\"datasets\":" +
                 interval_datasets("95% interval of (B - A) / |A|", "(B - A) / |A|", low, high,
                                   relative, 4) +
                 "},\"options\":{\"scales\":{\"y\":"
                 "{\"title\":{\"display\":true,\"text\":\"% of A\"}}}}}");
}

}  // namespace

int report_command(const Invocation& invocation) {
  po::options_description options("Options");
  bool quiet = false, verbose = false;
  options.add_options()("help,h", "print this help")(
      "out", po::value<std::string>(),
      "output file (default output/<first file's name>-report.html)")(
      "quiet", po::bool_switch(&quiet), "print nothing but errors")(
      "verbose", po::bool_switch(&verbose),
      "print HDF5's own diagnostics (its error stack) if a file cannot be read");
  po::variables_map vm;
  std::vector<std::string> paths;
  if (!parse_file_options(invocation, kUsage, options, "FILE", -1, paths, vm)) return kExitOk;
  if (paths.empty()) throw UsageError("missing FILE.h5 (see --help)");
  io::set_hdf5_diagnostics(verbose);
  io::InputFiles inputs;
  for (const std::string& path : paths) {
    require_input_file(path);
    inputs.add(path);
  }
  const std::string out =
      output_path(vm.count("out") ? std::optional(vm["out"].as<std::string>()) : std::nullopt,
                  stem(paths.front()) + "-report.html", inputs);
  std::vector<io::ResultFile> files;
  for (const std::string& path : paths) {
    files.push_back(io::read_result_file(path, report::is_report_table));
    const io::ResultFile& f = files.back();
    const bool known = f.lists("kpi") || f.lists("summary") || f.lists("comparison") ||
                       f.lists("staffing/plans") || f.lists("staffing");
    if (!known) f.bad("no /kpi, /summary, /comparison or /staffing table: nothing to report");
    // Several files: all run files (side by side) or all sweep files (their points side by side).
    const bool run_file = f.lists("kpi") && !f.lists("summary"), sweep = f.lists("summary");
    if (paths.size() > 1 && !(files.front().lists("summary") ? sweep : run_file))
      throw UsageError(path +
                       ": several files must be all run files or all sweep files; this "
                       "one is " +
                       (sweep      ? "a sweep file"
                        : run_file ? "a run file"
                                   : "neither (report a comparison or staffing file alone)") +
                       ", " + paths.front() + " is not");
  }
  const std::string chart_js = report::read_chart_js();

  const io::ResultFile& lead = files.front();
  std::vector<Source> sources;
  std::string kind = "run";
  if (files.size() > 1)
    kind = "comparison of " + std::to_string(files.size()) +
           (lead.lists("summary") ? " sweep files" : " run files");
  else if (lead.lists("summary"))
    kind = "sweep";
  else if (lead.lists("comparison"))
    kind = "comparison";
  else if (!lead.lists("kpi"))
    kind = "staffing";
  Page page("gridplan report: " + lead.provenance.scenario_name + " (" + kind + ")");
  page.heading(files.size() > 1 ? "Files" : "File");
  for (const io::ResultFile& f : files) provenance(page, f);
  if (lead.lists("summary")) {
    sources = summary_table(page, files);
  } else if (lead.lists("kpi")) {
    kpi_table(page, files);
    for (const io::ResultFile& f : files) sources.push_back(Source{stem(f.path), &f, {}});
  } else if (lead.lists("comparison")) {
    comparison_table(page, lead);
  }
  report::daily_section(page, sources);
  report::hourly_section(page, sources);
  report::offices_section(page, sources);
  report::worst_offices_section(page, sources);
  report::grid_map_section(page, sources);
  report::whistles_section(page, sources);
  report::mediation_section(page, sources);
  report::mediation_streets_section(page, sources);
  report::coverage_section(page, sources);
  report::staffing_section(page, lead);

  io::OutputFile file(out);
  file.write(page.html(chart_js));
  file.commit();
  if (!quiet) std::cout << "wrote " << out << " (" << page.charts() << " charts)\n";
  return kExitOk;
}

}  // namespace gridplan::cli
