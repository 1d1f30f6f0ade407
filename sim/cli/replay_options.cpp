// The shared --replay options: parsed once here, so that run, sweep and staff read a log alike.
#include "replay_options.hpp"

#include <charconv>
#include <cmath>

#include "commands.hpp"
#include "gridplan/io/event_log.hpp"

namespace gridplan::cli {

namespace po = boost::program_options;

namespace {

/// Seconds since the scenario start of a surge bound: seconds, or a local date or time.
double surge_bound(const std::string& text, const model::Scenario& scenario) {
  double t = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), t);
  if (!text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size()) return t;
  if (io::parse_local_time(text, scenario.start_date, t)) return t;
  throw UsageError("--replay-surge: " + text +
                   " is neither seconds nor a local date or time (YYYY-MM-DD[THH:MM[:SS]])");
}

}  // namespace

void ReplayCommandOptions::add_to(po::options_description& options, const std::string& runs) {
  options.add_options()("replay", po::value<std::string>(&log),
                        ("replay the cases of event log LOG.csv (docs/event-log.md) in " + runs +
                         " instead of generating arrivals")
                            .c_str())(
      "skip-bad-rows", po::bool_switch(&skip_bad_rows),
      "with --replay: set bad rows aside in LOG.rejected.csv (counted in /runs) "
      "instead of stopping at the first")(
      "replay-scale", po::value<double>(),
      "with --replay: each row gives floor(F) cases, plus one with probability frac(F)")(
      "replay-surge", po::value<std::string>(&surge),
      "with --replay: FROM,TO,F multiplies rows with FROM <= time < TO by F (FROM, TO: dates, "
      "local times or seconds)")(
      "replay-bootstrap", po::bool_switch(&bootstrap),
      "with --replay: day d of a run replays a log day drawn at random (per seed and "
      "replication)");
}

void ReplayCommandOptions::take(const po::variables_map& vm) {
  if (vm.count("replay-scale")) scale = vm["replay-scale"].as<double>();
  if (log.empty() && (skip_bad_rows || scale || !surge.empty() || bootstrap))
    throw UsageError("--skip-bad-rows and --replay-* need --replay LOG.csv");
}

io::ReplayOptions ReplayCommandOptions::resolve(const model::Scenario& scenario) const {
  require_input_file(log);
  io::ReplayOptions r;
  r.path = log;
  r.skip_bad_rows = skip_bad_rows;
  r.bootstrap = bootstrap;
  const auto factor_ok = [](double f) { return std::isfinite(f) && f >= 0 && f <= 1000; };
  if (scale) {
    r.scale = *scale;
    if (!factor_ok(r.scale)) throw UsageError("--replay-scale must be in [0, 1000]");
  }
  if (!surge.empty()) {
    const std::string& s = surge;
    const auto a = s.find(','), b = a == std::string::npos ? a : s.find(',', a + 1);
    if (b == std::string::npos || s.find(',', b + 1) != std::string::npos)
      throw UsageError("--replay-surge takes FROM,TO,F, e.g. 2023-11-15,2023-12-15,1.3");
    r.surge = true;
    r.surge_from_s = surge_bound(s.substr(0, a), scenario);
    r.surge_to_s = surge_bound(s.substr(a + 1, b - a - 1), scenario);
    const std::string f = s.substr(b + 1);
    const auto parsed = std::from_chars(f.data(), f.data() + f.size(), r.surge_factor);
    if (f.empty() || parsed.ec != std::errc() || parsed.ptr != f.data() + f.size() ||
        !factor_ok(r.surge_factor) || !factor_ok(r.scale * r.surge_factor))
      throw UsageError("--replay-surge: the factor F must be a number in [0, 1000]");
    if (!(r.surge_from_s < r.surge_to_s))
      throw UsageError("--replay-surge: FROM must come before TO");
  }
  return r;
}

std::shared_ptr<const io::RecordedLog> load_replay(const ReplayCommandOptions& opt,
                                                   const model::Scenario& scenario) {
  const io::ReplayOptions options = opt.resolve(scenario);
  try {
    return io::RecordedLog::load(options, scenario);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

}  // namespace gridplan::cli
