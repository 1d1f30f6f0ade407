// Replay of an event log as a run's arrivals, with the what-if perturbations of issue 8: scale,
// surge and bootstrap of whole days, all drawn from counter-based streams keyed by the row.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "gridplan/io/recorded_log.hpp"
#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// A RecordedLog as one run's model::ArrivalFeed: the log is shared and never written, so any
/// number of feeds (a sweep's threads) read one copy.
class ReplayFeed final : public model::ArrivalFeed {
 public:
  /// Replays `log` for `scenario` (replication `replication`, whose seed and replication key
  /// the perturbations), run to `horizon_s` with lookahead `lookahead_s`.
  ReplayFeed(std::shared_ptr<const RecordedLog> log, const model::Scenario& scenario,
             std::uint64_t replication, double horizon_s, double lookahead_s);
  bool next(model::RecordedArrival& out) override;

  /// Rows of the log replayed (each once, whatever the copies) and rows set aside.
  std::uint64_t rows_accepted() const { return log_->rows(); }
  std::uint64_t rows_rejected() const { return log_->rejected(); }

 private:
  bool resampled_row(model::RecordedArrival& row);
  int copies(double t);

  std::shared_ptr<const RecordedLog> log_;
  const ReplayOptions& options_;
  kernel::RandomKey key_;
  double horizon_s_, lookahead_s_;
  std::vector<bool> patrol_;     ///< by source: found by grid workers
  std::size_t next_row_ = 0;     ///< the log row to hand on next
  std::uint64_t row_index_ = 0;  ///< rows handed on so far: the key of their copy draws
  // Bootstrap: the log's working and rest days, the run's day, the end of the log day replayed.
  std::vector<int> log_days_[2];  ///< [1]: working days, [0]: rest days (indexes from first)
  kernel::Calendar calendar_;
  int run_day_ = -1, run_days_ = 0;
  std::size_t day_end_ = 0;
  double shift_s_ = 0;  ///< from the log day to the run day
};

}  // namespace gridplan::io
