// `gridplan show`: a result file on the terminal: its provenance (scenario, seed, when and how it
// was made), the KPI table with one line per KPI, the list of its tables, or one table.
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "kpi_table_printer.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxRowsShown = 50;  // of a table with --table
constexpr std::size_t kMaxRunsShown = 10;  // columns of the KPI summary

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
}

void print_table_list(const std::vector<std::string>& tables) {
  std::cout << "\ntables:";
  for (const std::string& name : tables) std::cout << ' ' << name;
  std::cout << "\n(gridplan show FILE --table NAME prints one)\n";
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

int show_command(const Invocation& invocation) {
  std::string table_name;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "table", po::value<std::string>(&table_name),
      "print table NAME (e.g. kpi, timeseries/daily, grids): first 50 rows, columns as columns");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan show FILE.h5 [options]\n\n"
      "Prints a result file's provenance, its KPIs (one line per KPI, one value per run) and the\n"
      "list of its tables; with --table, one table instead of the KPIs.";
  if (!parse_options(invocation, usage, options, "FILE", vm)) return kExitOk;
  const std::string path = vm["FILE"].as<std::string>();
  require_input_file(path);
  const std::vector<std::string> tables = io::list_hdf5_tables(path);
  if (!table_name.empty() && !contains(tables, table_name))
    throw UsageError(path + " has no table '" + table_name + "'");

  print_provenance(path, io::read_provenance(path));
  std::cout << '\n';
  if (!table_name.empty()) {
    std::cout << table_name << ":\n";
    print_rows(std::cout, io::read_hdf5_table(path, table_name), kMaxRowsShown);
  } else if (contains(tables, "kpi")) {
    std::cout << "kpi:\n";
    print_columns_as_rows(std::cout, io::read_hdf5_table(path, "kpi"), kMaxRunsShown);
  }
  print_table_list(tables);
  return kExitOk;
}

}  // namespace gridplan::cli
