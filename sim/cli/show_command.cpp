// `gridplan show`: a result file on the terminal: its provenance, its KPIs (or a sweep's summary,
// or a comparison), the list of its tables, or one table.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/recorded_log.hpp"
#include "kpi_table_printer.hpp"
#include "service_summary.hpp"
#include "staffing_printer.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxRowsShown = 50;   // of a table with --table
constexpr std::size_t kMaxRunsShown = 10;   // columns of the KPI summary
constexpr std::size_t kPointsPerBlock = 4;  // columns of the sweep summary

void print_provenance(const std::string& path, const io::Provenance& p) {
  std::cout << "file       " << path << '\n'
            << "scenario   " << p.scenario_name << " (seed " << p.seed << ", " << p.horizon_days
            << " days)\n"
            << "created    " << p.created << " by gridplan " << p.version << " (" << p.git_revision
            << ")\n"
            << "command    " << p.command_line << '\n';
  if (!p.overrides.empty()) {
    std::string overrides = p.overrides;
    for (std::size_t i = 0; (i = overrides.find('\n', i)) != std::string::npos; i += 12)
      overrides.replace(i, 1, "\n           ");
    std::cout << "overrides  " << overrides << '\n';
  }
  if (!p.replay_log.empty()) std::cout << "replayed   " << io::replay_description(p) << '\n';
}

void print_table_list(const std::vector<std::string>& tables) {
  // Wrapped to the terminal's width, continuation lines indented under the first name.
  const std::size_t width = terminal_width();
  std::cout << "\ntables:";
  std::size_t used = 7;
  for (const std::string& name : tables) {
    if (used > 7 && used + 1 + name.size() > width) {
      std::cout << "\n       ";
      used = 7;
    }
    std::cout << ' ' << name;
    used += 1 + name.size();
  }
  std::cout << "\n(gridplan show FILE --table NAME prints one)\n";
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names)
    if (n == name) return true;
  return false;
}

/// "17 of 40 runs (8 points x 5 replications, common random numbers)" from /sweep; for a slice
/// of a sweep (--shard), also which one, from /shard (empty otherwise).
void print_sweep(const kernel::Table& sweep, const kernel::Table& shard) {
  if (sweep.rows() != 1) return;
  const std::int64_t done = sweep.column("runs_done").i64[0];
  const std::int64_t total = sweep.column("runs_total").i64[0];
  std::cout << "sweep      " << sweep.column("points").i64[0] << " points x "
            << sweep.column("replications").i64[0] << " replications ("
            << (sweep.column("streams").str[0] == "independent" ? "independent streams"
                                                                : "common random numbers")
            << "), " << done << " of " << total << " runs done";
  if (shard.rows() == 1) {
    std::cout << "\nshard      " << shard.column("shard").i64[0] << "/"
              << shard.column("shards").i64[0] << ": " << done << " of "
              << shard.column("runs").i64[0] << " runs of this slice done";
    if (done < shard.column("runs").i64[0]) std::cout << " (interrupted: --resume completes it)";
    std::cout << "; gridplan merge combines the slices";
  } else if (done < total) {
    std::cout << " (interrupted: complete it with gridplan sweep ... --resume)";
  }
  std::cout << '\n';
  if (sweep.column("warmup_days").i64[0] > 0)
    std::cout << "warm-up    " << sweep.column("warmup_days").i64[0]
              << " days left out of the daily_* rows\n";
}

/// Left-aligned to `width`.
std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// Right-aligned to `width`.
std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

/// Column width of a text in terminal cells (UTF-8 continuation bytes take none).
std::size_t cells(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

/// Checks that `table` has each of `columns` with its type (io::BadResultFile otherwise).
void check_columns(const io::ResultFile& file, const kernel::Table& table,
                   const std::vector<std::pair<const char*, kernel::Column::Type>>& columns) {
  for (const auto& [name, type] : columns) file.column(table, name, type);
}

constexpr auto kInt = kernel::Column::Type::kInt64;
constexpr auto kFloat = kernel::Column::Type::kFloat64;
constexpr auto kText = kernel::Column::Type::kString;

/// The columns print_sweep reads, when it prints (one-row tables).
void check_sweep(const io::ResultFile& file, const kernel::Table& sweep,
                 const kernel::Table* shard) {
  if (sweep.rows() == 1)
    check_columns(file, sweep,
                  {{"points", kInt},
                   {"replications", kInt},
                   {"runs_done", kInt},
                   {"runs_total", kInt},
                   {"streams", kText},
                   {"warmup_days", kInt}});
  if (shard != nullptr && shard->rows() == 1)
    check_columns(file, *shard, {{"shard", kInt}, {"shards", kInt}, {"runs", kInt}});
}

/// The columns print_summary reads.
void check_summary(const io::ResultFile& file, const kernel::Table& summary) {
  check_columns(file, summary,
                {{"point", kInt},
                 {"kpi", kText},
                 {"unit", kText},
                 {"n", kInt},
                 {"mean", kFloat},
                 {"ci95_half_width", kFloat}});
}

/// The columns print_comparison reads.
void check_comparison(const io::ResultFile& file, const kernel::Table& comparison) {
  check_columns(file, comparison,
                {{"kpi", kText},
                 {"unit", kText},
                 {"n", kInt},
                 {"mean_a", kFloat},
                 {"mean_b", kFloat},
                 {"mean_difference", kFloat},
                 {"ci95_half_width", kFloat},
                 {"significant", kInt}});
}

/// Checks the columns of what show prints without --table (io::BadResultFile otherwise).
void check_shown(const io::ResultFile& file) {
  if (file.lists("summary")) {
    check_summary(file, file.table("summary"));
    if (const kernel::Table* points = file.find("points"))
      file.column(*points, "parameters", kernel::Column::Type::kString);
    if (const kernel::Table* sweep = file.find("sweep"))
      check_sweep(file, *sweep, file.find("shard"));
  } else if (file.lists("comparison")) {
    check_comparison(file, file.table("comparison"));
  } else if (file.lists("staffing/plans") && file.lists("staffing/answer")) {
    check_columns(file, file.table("staffing/plans"),
                  {{"phase", kText},
                   {"staff_hours", kFloat},
                   {"meets", kInt},
                   {"chosen", kInt},
                   {"replications", kInt},
                   {"tightest", kText},
                   {"tightest_bound", kFloat}});
    check_columns(file, file.table("staffing/answer"),
                  {{"knob", kText}, {"scenario", kInt}, {"plan", kInt}});
  }
}

}  // namespace

std::string format_number(double value, double half_width) {
  if (std::isnan(value)) return "n/a";
  int decimals = 0;
  if (std::isfinite(half_width) && half_width > 0)
    decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(half_width))), 0, 8);
  else if (std::isfinite(value) && value != std::floor(value))
    decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(std::fabs(value)))), 0, 8);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string format_with_half_width(double mean, double half_width) {
  if (std::isnan(mean)) return "n/a";
  const std::string hw = std::isnan(half_width) ? "n/a" : format_number(half_width, half_width);
  return format_number(mean, half_width) + " \u00b1 " + hw;
}

void print_summary(std::ostream& out, const kernel::Table& summary, const kernel::Table& points) {
  const auto& point = summary.column("point").i64;
  const auto& kpi = summary.column("kpi").str;
  const auto& unit = summary.column("unit").str;
  const auto& n = summary.column("n").i64;
  const auto& mean = summary.column("mean").f64;
  const auto& half = summary.column("ci95_half_width").f64;
  // The points in the table and the KPIs in first-seen order.
  std::vector<std::int64_t> shown;
  std::vector<std::string> names, units;
  for (std::size_t r = 0; r < summary.rows(); ++r) {
    if (std::find(shown.begin(), shown.end(), point[r]) == shown.end()) shown.push_back(point[r]);
    if (std::find(names.begin(), names.end(), kpi[r]) == names.end()) {
      names.push_back(kpi[r]);
      units.push_back(unit[r]);
    }
  }
  out << "summary (mean \u00b1 95% half-width over replications, Student t with n - 1 degrees of "
         "freedom):\n";
  for (const std::int64_t p : shown) {
    std::int64_t runs = 0;
    for (std::size_t r = 0; r < summary.rows(); ++r)
      if (point[r] == p) runs = std::max(runs, n[r]);
    std::string label;
    if (points.rows() > static_cast<std::size_t>(p))
      label = points.column("parameters").str[static_cast<std::size_t>(p)];
    out << "  point " << p << ": " << (label.empty() ? "(no swept keys)" : label)
        << "  (n = " << runs << ")\n";
  }
  std::size_t name_width = 3;
  for (const std::string& name : names) name_width = std::max(name_width, name.size());
  for (std::size_t first = 0; first < shown.size(); first += kPointsPerBlock) {
    const std::size_t last = std::min(shown.size(), first + kPointsPerBlock);
    // cell[k][i]: KPI k at point shown[first + i].
    std::vector<std::vector<std::string>> cell(names.size(),
                                               std::vector<std::string>(last - first, ""));
    for (std::size_t r = 0; r < summary.rows(); ++r) {
      const auto at = std::find(shown.begin() + first, shown.begin() + last, point[r]);
      if (at == shown.begin() + last) continue;
      const auto k = std::find(names.begin(), names.end(), kpi[r]) - names.begin();
      cell[k][at - shown.begin() - first] = format_with_half_width(mean[r], half[r]);
    }
    std::vector<std::size_t> width(last - first, 0);
    for (std::size_t i = 0; i < width.size(); ++i) {
      width[i] = cells("point " + std::to_string(shown[first + i]));
      for (const auto& row : cell) width[i] = std::max(width[i], cells(row[i]));
    }
    out << '\n' << pad_right("kpi", name_width);
    for (std::size_t i = 0; i < width.size(); ++i)
      out << "  " << pad_left("point " + std::to_string(shown[first + i]), width[i]);
    out << "  unit\n";
    for (std::size_t k = 0; k < names.size(); ++k) {
      out << pad_right(names[k], name_width);
      for (std::size_t i = 0; i < width.size(); ++i)
        out << "  " << std::string(width[i] - std::min(width[i], cells(cell[k][i])), ' ')
            << cell[k][i];
      out << "  " << units[k] << '\n';
    }
  }
}

int show_command(const Invocation& invocation) {
  std::string table_name;
  bool verbose = false, all = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "table", po::value<std::string>(&table_name),
      "print table NAME (e.g. kpi, timeseries/daily, grids): first 50 rows, columns as "
      "columns, in blocks of columns that fit the terminal's width")(
      "all", po::bool_switch(&all), "with --table, print every row")(
      "verbose", po::bool_switch(&verbose),
      "print HDF5's own diagnostics (its error stack) if the file cannot be read");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan show FILE.h5 [options]\n\n"
      "Prints a result file's provenance, its KPIs (one line per KPI, one value per run; for a\n"
      "sweep, the /summary: mean and 95% half-width per point; for a comparison, /comparison)\n"
      "and the list of its tables; with --table, one table instead of the KPIs (--all: every\n"
      "row). Tables wider than the terminal ($COLUMNS, else its width, else 100) are printed in\n"
      "blocks of columns, each repeating the key columns (run, name, ...). A file that is\n"
      "not a readable gridplan result file (damaged, truncated, not HDF5) is exit code 2.";
  if (!parse_options(invocation, usage, options, "FILE", vm)) return kExitOk;
  if (all && table_name.empty()) throw UsageError("--all prints every row of --table NAME");
  io::set_hdf5_diagnostics(verbose);
  const std::string path = vm["FILE"].as<std::string>();
  require_input_file(path);
  // Read once, in a child process (io::read_result_file): only the tables shown.
  std::vector<std::string> shown_by_default = {
      "sweep",          "shard", "points",           "summary",
      "comparison",     "kpi",   "emergency/drills", "staffing/plans",
      "staffing/answer"};
  shown_by_default.insert(shown_by_default.end(), std::begin(kServiceTables),
                          std::end(kServiceTables));
  const io::ResultFile file = io::read_result_file(path, [&](const std::string& name) {
    return table_name.empty() ? contains(shown_by_default, name) : name == table_name;
  });
  if (!table_name.empty() && !file.lists(table_name))
    throw UsageError(path + " has no table '" + table_name + "'");
  if (table_name.empty()) check_shown(file);  // before anything is printed

  print_provenance(path, file.provenance);
  std::cout << '\n';
  if (!table_name.empty()) {
    std::cout << table_name << ":\n";
    print_rows(std::cout, file.table(table_name), all ? SIZE_MAX : kMaxRowsShown, terminal_width());
  } else if (file.lists("summary")) {
    const kernel::Table* points = file.find("points");
    if (const kernel::Table* sweep = file.find("sweep")) {
      const kernel::Table* shard = file.find("shard");
      print_sweep(*sweep, shard != nullptr ? *shard : kernel::Table{});
    }
    print_summary(std::cout, file.table("summary"), points != nullptr ? *points : kernel::Table{});
  } else if (file.lists("staffing/plans") && file.lists("staffing/answer")) {
    print_staffing(std::cout, file.table("staffing/plans"), file.table("staffing/answer"));
  } else if (file.lists("comparison")) {
    std::cout << "comparison:\n";
    print_comparison(std::cout, file.table("comparison"));
  } else if (file.lists("kpi")) {
    std::cout << "kpi:\n";
    print_columns_as_rows(std::cout, file.table("kpi"), kMaxRunsShown);
    // /kpi's emergency_* columns are the first drill's; every drill's are here.
    if (file.lists("emergency/drills")) {
      std::cout << "\nemergency/drills:\n";
      print_rows(std::cout, file.table("emergency/drills"), kMaxRowsShown, terminal_width());
    }
    print_service_summary(std::cout, file);
  }
  print_table_list(file.names);
  return kExitOk;
}

}  // namespace gridplan::cli
