// The --replay options that run, sweep and staff share: the event log and its what-ifs.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <optional>
#include <string>

#include "gridplan/io/recorded_log.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::cli {

/// --replay LOG.csv, --skip-bad-rows, --replay-scale, --replay-surge, --replay-bootstrap.
struct ReplayCommandOptions {
  std::string log;
  bool skip_bad_rows = false;
  std::optional<double> scale;
  std::string surge;  ///< "FROM,TO,F"
  bool bootstrap = false;

  /// Adds the options; `runs` says what replays ("the run", "every run").
  void add_to(boost::program_options::options_description& options, const std::string& runs);
  /// After parsing: takes --replay-scale; throws UsageError for a --replay-* without --replay.
  void take(const boost::program_options::variables_map& vm);
  bool given() const { return !log.empty(); }
  /// The replay settings, times resolved against `scenario`'s start. Throws UsageError.
  io::ReplayOptions resolve(const model::Scenario& scenario) const;
};

/// Reads the log once for `scenario` (a bad file, header or row: EventLogError, which the
/// caller reports with exit code 2).
std::shared_ptr<const io::RecordedLog> load_replay(const ReplayCommandOptions& opt,
                                                   const model::Scenario& scenario);

}  // namespace gridplan::cli
