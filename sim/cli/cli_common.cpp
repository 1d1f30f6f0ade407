// What every gridplan subcommand shares: parsing its options with Boost.Program_options, checking
// input files and printing errors in one format ("gridplan: error: ...").
#include <ctime>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

io::Provenance scenario_provenance(const Invocation& invocation, const model::Scenario& scenario,
                                   const std::vector<std::string>& sets) {
  io::Provenance p;
  p.version = GRIDPLAN_VERSION;
  p.git_revision = GRIDPLAN_GIT_REVISION;
  p.command_line = invocation.command_line;
  p.created = utc_now_iso8601();
  p.scenario_name = scenario.name;
  p.scenario_text = scenario.source_text;
  for (const std::string& set : sets) p.overrides += (p.overrides.empty() ? "" : "\n") + set;
  p.seed = scenario.seed;
  p.horizon_days = scenario.days;
  return p;
}

void print_error(const std::string& message) {
  std::cerr << "gridplan: error: " << message << '\n';
}

void print_warnings(const io::ScenarioWarnings& warnings) {
  for (const std::string& warning : warnings) std::cerr << "gridplan: warning: " << warning << '\n';
}

io::InputFiles scenario_inputs(const std::string& path, const model::Scenario& scenario) {
  io::InputFiles inputs;
  inputs.add(path);
  inputs.add(scenario.included_files);
  inputs.add(scenario.register_file);
  return inputs;
}

std::string output_path(const std::optional<std::string>& out, const std::string& default_name,
                        const io::InputFiles& inputs) {
  if (out) {
    io::check_output_path(*out, inputs);
    return *out;
  }
  std::error_code ec;
  fs::create_directories("output", ec);
  if (ec) throw std::runtime_error("cannot create the directory output/: " + ec.message());
  const std::string path = "output/" + default_name;
  io::check_output_path(path, inputs);
  return path;
}

void refuse_city(const model::Scenario& scenario, const std::string& path,
                 const std::string& command) {
  if (scenario.city)
    throw UsageError(path + " is a city: `gridplan " + command +
                     "` takes a district scenario (one of its districts' files)");
}

void require_input_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw UsageError(path + ": no such file");
  if (!std::filesystem::is_regular_file(status)) throw UsageError(path + ": not a regular file");
}

bool parse_file_options(const Invocation& invocation, const std::string& usage,
                        const po::options_description& options, const std::string& positional_name,
                        int max_files, std::vector<std::string>& files, po::variables_map& vm) {
  po::options_description hidden;
  hidden.add_options()(positional_name.c_str(), po::value<std::vector<std::string>>(&files),
                       "positional");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name.c_str(), max_files);
  try {
    po::store(po::command_line_parser(invocation.args).options(all).positional(positional).run(),
              vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << options << '\n';
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see --help)");
  }
  return true;
}

bool parse_options(const Invocation& invocation, const std::string& usage,
                   const po::options_description& options, const std::string& positional_name,
                   po::variables_map& vm) {
  po::options_description all;
  all.add(options);
  po::positional_options_description positional;
  if (!positional_name.empty()) {
    po::options_description hidden;
    hidden.add_options()(positional_name.c_str(), po::value<std::string>(), "positional");
    all.add(hidden);
    positional.add(positional_name.c_str(), 1);
  }
  try {
    po::store(po::command_line_parser(invocation.args).options(all).positional(positional).run(),
              vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << options << '\n';
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see --help)");
  }
  if (!positional_name.empty() && !vm.count(positional_name))
    throw UsageError("missing " + positional_name + " (see --help)");
  return true;
}

}  // namespace gridplan::cli
