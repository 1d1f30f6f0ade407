// `gridplan check` and `gridplan params`: validate a scenario without running it (with its
// warnings, each staff pool's offered load and the run's estimated cost), and print the reference
// of every scenario key.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <utility>

#include "commands.hpp"
#include "gridplan/io/run_estimate.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/model/capacity.hpp"
#include "gridplan/model/city.hpp"
#include "gridplan/model/run_config.hpp"
#include "memory_guard.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

/// "1 drill", "2 drills", "12 categories".
std::string counted(long n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "9 streets, 104 communities, 990 basic grids, 215000 households, 7 departments, 6 sources,
/// 12 categories, 1 drill, 365 days" (the baseline): what was loaded, to be checked by eye.
std::string describe(const model::Scenario& scenario) {
  long communities = 0, basic_grids = 0;
  double households = 0;
  for (const model::StreetSpec& street : scenario.streets) {
    communities += street.communities;
    basic_grids += street.basic_grids;
    households += street.households;
  }
  const auto n = [](const auto& entries) { return static_cast<long>(entries.size()); };
  return counted(n(scenario.streets), "street", "streets") + ", " +
         counted(communities, "community", "communities") + ", " +
         counted(basic_grids, "basic grid", "basic grids") + ", " +
         counted(std::llround(households), "household", "households") + ", " +
         counted(n(scenario.departments), "department", "departments") + ", " +
         counted(n(scenario.sources), "source", "sources") + ", " +
         counted(n(scenario.categories), "category", "categories") + ", " +
         counted(n(scenario.emergencies), "drill", "drills") + ", " +
         counted(scenario.days, "day", "days");
}

std::string two(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

/// What was loaded, entity by entity, for a planner to check against the plan by eye.
void print_structure(const model::RunConfig& config) {
  const model::Scenario& sc = config.sc;
  std::cout << "streets (communities, community grids, basic grids, households, office staff):\n";
  for (const model::StreetSpec& st : sc.streets)
    std::cout << "  " << st.name << ": " << st.communities << ", " << st.community_grids << ", "
              << st.basic_grids << ", " << std::llround(st.households) << ", " << st.office_staff
              << '\n';
  std::string sep = " ";
  std::cout << "departments (staff):";
  for (const model::DepartmentSpec& d : sc.departments)
    std::cout << std::exchange(sep, ", ") << d.name << ' ' << d.staff;
  sep = " ";
  std::cout << "\nsources (cases a year):";
  for (const model::SourceSpec& s : sc.sources)
    std::cout << std::exchange(sep, ", ") << s.name << ' ' << std::llround(s.per_year);
  std::cout << '\n';
  for (const model::EmergencySpec& e : sc.emergencies) {
    const std::vector<int> grids = model::drill_grids(config, e);
    double households = 0;
    for (int g : grids) households += config.district.grids[g].households;
    char date[32];
    const int minutes = static_cast<int>(std::lround(e.start_hour * 60));
    std::snprintf(date, sizeof date, "%04d-%02d-%02d %02d:%02d", e.date.year, e.date.month,
                  e.date.day, minutes / 60, minutes % 60);
    std::cout << "drill " << e.name << ": " << date << ", "
              << counted(grids.size(), "grid", "grids") << ", " << std::llround(households)
              << " households\n";
  }
}

/// The offered utilisation of every pool, one line per kind of pool.
void print_utilisation(const std::vector<model::PoolLoad>& pools) {
  std::cout << "offered utilisation (expected work / staff time on duty, no simulation):\n";
  const model::PoolLoad* peak = nullptr;
  const model::PoolLoad* day = nullptr;
  std::vector<const model::PoolLoad*> streets, departments, workers, mediation, drills;
  const model::PoolLoad* busiest = nullptr;
  for (const model::PoolLoad& p : pools) {
    if (p.kind == "operators" && p.whole_period) day = &p;
    if (p.kind == "operators" && !p.whole_period &&
        (!peak || p.utilisation() > peak->utilisation()))
      peak = &p;
    if (p.kind == "street office") streets.push_back(&p);
    if (p.kind == "department") departments.push_back(&p);
    if (p.kind == "grid workers") workers.push_back(&p);
    if (p.kind == "grid worker") busiest = &p;
    if (p.kind == "mediation") mediation.push_back(&p);
    if (p.kind == "drill") drills.push_back(&p);
  }
  const auto range = [](const std::vector<const model::PoolLoad*>& v) {
    const auto by_util = [](const model::PoolLoad* a, const model::PoolLoad* b) {
      return a->utilisation() < b->utilisation();
    };
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end(), by_util);
    return two((*lo)->utilisation()) + " (" + (*lo)->name + ") to " + two((*hi)->utilisation()) +
           " (" + (*hi)->name + ")";
  };
  if (peak && day)
    std::cout << "  operators: " << two(day->utilisation()) << " over the day, peak "
              << two(peak->utilisation()) << " at " << peak->name << '\n';
  if (!streets.empty()) std::cout << "  street offices: " << range(streets) << '\n';
  if (!departments.empty()) {
    std::string sep = " ";
    std::cout << "  departments:";
    for (const model::PoolLoad* p : departments)
      std::cout << std::exchange(sep, ", ") << p->name << ' ' << two(p->utilisation());
    std::cout << '\n';
  }
  if (!workers.empty()) {
    std::cout << "  grid workers: " << range(workers);
    if (busiest) std::cout << ", " << busiest->name << ' ' << two(busiest->utilisation());
    std::cout << '\n';
  }
  if (!mediation.empty()) {
    std::string sep = " ";
    std::cout << "  mediators:";
    for (const model::PoolLoad* p : mediation)
      std::cout << std::exchange(sep, ", ") << p->name << ' ' << two(p->utilisation());
    std::cout << '\n';
  }
  if (!drills.empty()) {
    std::string sep = " ";
    std::cout << "  drill teams (visits / time to the target, not counting mobilisation):";
    for (const model::PoolLoad* p : drills)
      std::cout << std::exchange(sep, ", ") << p->name << ' ' << two(p->utilisation());
    std::cout << '\n';
  }
}

/// `check` of a city: each district in a line, with its pools' warnings, then the whole run's
/// estimate.
void check_city(const std::string& path, const model::Scenario& city,
                const io::RunEstimate& estimate, double memory) {
  const model::HotlineCentreSpec& centre = city.city->centre;
  std::cout << path << ": ok (a city of " << city.city->districts.size() << " districts, "
            << city.days << " days; ";
  if (centre.enabled)
    std::cout << "hotline centre: " << centre.calls.per_year << " calls a year, "
              << centre.closed_at_centre << " answered there, transfers after "
              << centre.transfer_min_minutes << " minutes or more)\n";
  else
    std::cout << "no hotline centre: each district takes its own hotline calls)\n";
  for (const model::CityDistrict& d : city.city->districts) {
    const model::RunConfig config(d.scenario, 0, false);
    std::cout << "  " << d.name << ": " << describe(d.scenario) << '\n';
    for (const std::string& w : model::capacity_warnings(model::offered_load(config)))
      std::cerr << "gridplan: warning: district " << d.name << ": " << w << '\n';
  }
  std::cout << "estimate: " << io::describe_estimate(estimate);
  if (memory > 0) std::cout << "; " << io::describe_memory(memory);
  std::cout << '\n';
}

}  // namespace

int check_command(const Invocation& invocation) {
  std::vector<std::string> sets;
  bool trace = false, force = false, explain = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "explain", po::bool_switch(&explain),
      "print every key the files and overrides set, with its final value and where it came "
      "from (file:line of the last layer that set it, or --set)")(
      "set", po::value<std::vector<std::string>>(&sets)->composing(),
      "override a scenario key: --set dotted.key=value (TOML value syntax); repeatable")(
      "trace", po::bool_switch(&trace), "estimate a run with --trace (a /cases row per case)")(
      "force", po::bool_switch(&force),
      "accept a scenario whose estimated memory exceeds this machine's");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan check SCENARIO [options]\n\n"
      "Loads and validates SCENARIO (with the overrides) without running it. Prints what it\n"
      "holds (streets, departments, sources, drills), each staff pool's offered utilisation and\n"
      "the run's estimated cases, events and peak memory (io/run_estimate.cpp: a linear model\n"
      "fitted to the baseline), and warns on stderr about what is legal but probably not meant\n"
      "(a drill outside the run's days, a section of the baseline left out, a staff pool whose\n"
      "offered utilisation, from the scenario's rates and mean times, is 0.95 or more:\n"
      "model/capacity.cpp). Warnings leave the exit code 0.\n"
      "Exits with 2 if the estimated memory exceeds this machine's (or GRIDPLAN_MEMORY_BYTES, for\n"
      "a container's limit), unless --force; run, sweep and export-events refuse it too.";
  if (!parse_options(invocation, usage, options, "SCENARIO", vm)) return kExitOk;
  const std::string path = vm["SCENARIO"].as<std::string>();
  require_input_file(path);
  io::ScenarioWarnings warnings;
  const model::Scenario scenario = io::load_scenario(path, sets, &warnings);
  print_warnings(warnings);
  if (explain) {
    for (const std::string& line : io::explain_scenario(path, sets)) std::cout << line << '\n';
    std::cout << "(keys not listed take their defaults: gridplan params)\n";
    return kExitOk;
  }
  refuse_oversized_run(scenario, trace, 1, force);
  const io::RunEstimate estimate = io::estimate_run(scenario, trace);
  const double memory = io::usable_memory_bytes();
  if (memory > 0 && estimate.worst_bytes > memory)
    std::cerr << "gridplan: warning: if cases pile up in queues (an understaffed office or grid "
                 "worker), the run may need up to "
              << io::format_bytes(estimate.worst_bytes) << ", but " << io::describe_memory(memory)
              << '\n';
  if (scenario.city) {
    check_city(path, scenario, estimate, memory);
    return kExitOk;
  }
  const model::RunConfig config(scenario, 0, false);
  const std::vector<model::PoolLoad> pools = model::offered_load(config);
  for (const std::string& w : model::capacity_warnings(pools))
    std::cerr << "gridplan: warning: " << w << '\n';
  std::cout << path << ": ok (" << describe(scenario) << ")\n";
  print_structure(config);
  print_utilisation(pools);
  std::cout << "estimate: " << io::describe_estimate(estimate);
  if (memory > 0) std::cout << "; " << io::describe_memory(memory);
  std::cout << '\n';
  return kExitOk;
}

int params_command(const Invocation& invocation) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help");
  po::variables_map vm;
  const char* usage =
      "Usage: gridplan params\n\n"
      "Prints every scenario key: name, type, unit, range (with the rules that tie it to other\n"
      "keys), default and meaning, from the parameter table the loader fills scenarios from.";
  if (!parse_options(invocation, usage, options, "", vm)) return kExitOk;
  std::cout << io::parameter_reference();
  return kExitOk;
}

}  // namespace gridplan::cli
