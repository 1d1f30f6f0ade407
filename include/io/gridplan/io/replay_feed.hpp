// Replay of an event log as a run's arrivals, with the what-if perturbations of issue 8: scale,
// surge and bootstrap of whole days, all drawn from counter-based streams keyed by the row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// How to replay an event log (`gridplan run --replay LOG.csv ...`).
struct ReplayOptions {
  std::string path;            ///< the event log
  bool skip_bad_rows = false;  ///< bad rows go to rejected_path(path) instead of stopping
  double scale = 1.0;          ///< every row gives floor(scale) cases, one more w.p. frac(scale)
  bool surge = false;          ///< multiply rows in [surge_from_s, surge_to_s) by surge_factor
  double surge_from_s = 0, surge_to_s = 0;  ///< seconds since the scenario start
  double surge_factor = 1.0;
  bool bootstrap = false;  ///< day d of the run replays a log day drawn uniformly, shifted to d
};

/// Where the rejected rows of `log_path` go: "LOG.rejected.csv" for "LOG.csv".
std::string rejected_path(const std::string& log_path);

/// An event log as a model::ArrivalFeed. Streams the file: memory holds one row (and, with
/// bootstrap, one byte offset per log day). Rows after the horizon end the replay unread.
class ReplayFeed final : public model::ArrivalFeed {
 public:
  /// Opens the log for `scenario` (replication `replication`, whose seed and replication key
  /// the perturbations), run to `horizon_s` with lookahead `lookahead_s`. Throws EventLogError
  /// for a bad file or header, or (without skip_bad_rows) for a bad row, here or in next().
  /// With skip_bad_rows, the rejected rows go to a temporary beside rejected_path(), which
  /// finish() renames into place: an interrupted or failed run leaves no rejected file.
  ReplayFeed(const ReplayOptions& options, const model::Scenario& scenario,
             std::uint64_t replication, double horizon_s, double lookahead_s);
  bool next(model::RecordedArrival& out) override;
  /// After a complete run: commits the rejected rows' file; returns its path ("" without one).
  std::string finish();

  /// Rows replayed (each once, whatever the copies) and rows rejected, so far.
  std::uint64_t rows_accepted() const { return accepted_; }
  std::uint64_t rows_rejected() const { return rejected_; }

 private:
  bool read_row(model::RecordedArrival& row);  // the next good row; bad ones stop or are set aside
  void set_aside(const BadRow& bad);           // throws, or writes the row to the rejected file
  bool resampled_row(model::RecordedArrival& row);
  void index_days();
  int copies(double t);

  ReplayOptions options_;
  EventLogReader reader_;
  kernel::RandomKey key_;
  double horizon_s_, lookahead_s_;
  std::vector<bool> patrol_;  ///< by source: found by grid workers
  std::unique_ptr<OutputFile> rejected_file_;
  std::string rejected_rows_;  ///< rows not yet written to rejected_file_
  BadRow bad_;
  std::uint64_t accepted_ = 0, rejected_ = 0;
  std::uint64_t row_index_ = 0;  ///< rows handed on so far: the key of their copy draws
  bool done_ = false;
  // Bootstrap: where each log day's rows start, and the day being replayed.
  struct DayStart {
    std::uint64_t offset = 0, line = 0;
    bool any = false;
  };
  std::vector<DayStart> days_;
  int first_day_ = 0, run_day_ = -1, log_day_ = 0, run_days_ = 0;
  bool in_day_ = false;
};

}  // namespace gridplan::io
