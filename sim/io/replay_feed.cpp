// ReplayFeed: the rows of a RecordedLog in order, copies drawn per row for scale and surge,
// whole days resampled for the bootstrap.
#include "gridplan/io/replay_feed.hpp"

#include <algorithm>
#include <cmath>

namespace gridplan::io {

namespace {

// The perturbations' random purpose, clear of model::RandomPurpose (1..8) so that replaying
// with and without perturbations leaves every model draw as it was.
constexpr std::uint32_t kReplayPurpose = 0x100;
constexpr std::uint64_t kCopiesEntity = 1;     // index: row handed on
constexpr std::uint64_t kBootstrapEntity = 2;  // index: day of the run

}  // namespace

ReplayFeed::ReplayFeed(std::shared_ptr<const RecordedLog> log, const model::Scenario& scenario,
                       std::uint64_t replication, double horizon_s, double lookahead_s)
    : log_(std::move(log)),
      options_(log_->options()),
      key_(scenario.seed, replication),
      horizon_s_(horizon_s),
      lookahead_s_(lookahead_s),
      calendar_(scenario.start_date, scenario.holidays, scenario.working_weekends,
                std::max(scenario.days, log_->first_day() + static_cast<int>(log_->days()))) {
  for (const auto& s : scenario.sources) patrol_.push_back(s.found_by_worker);
  run_days_ = scenario.days;
  if (!options_.bootstrap) return;
  for (int k = 0; k < static_cast<int>(log_->days()); ++k)
    log_days_[calendar_.is_working_day(log_->first_day() + k) ? 1 : 0].push_back(k);
}

bool ReplayFeed::resampled_row(model::RecordedArrival& row) {
  while (next_row_ >= day_end_) {
    if (++run_day_ >= run_days_) return false;
    // A working day of the run replays a working day of the log, a rest day a rest day (any
    // day if the log has none of its kind): hours are staffed, and loaded, by day type.
    const int type = calendar_.is_working_day(run_day_) ? 1 : 0;
    const auto& pool = log_days_[type].empty() ? log_days_[1 - type] : log_days_[type];
    const auto days = static_cast<int>(pool.size());
    const double u = key_.uniform(kReplayPurpose, kBootstrapEntity, run_day_);
    const int k = pool[std::min(static_cast<int>(u * static_cast<double>(days)), days - 1)];
    next_row_ = log_->day_begin(k);
    day_end_ = log_->day_begin(k + 1);  // empty for a day of the log without cases
    shift_s_ = static_cast<double>(run_day_ - (log_->first_day() + k)) * kernel::kDay;
  }
  row = log_->row(next_row_++);
  row.time += shift_s_;
  if (row.whistle_time >= 0) row.whistle_time += shift_s_;
  // A patrol case moved to the first minutes of the run comes at the lookahead instead.
  if (patrol_[row.source] && row.time < lookahead_s_) row.time = lookahead_s_;
  return true;
}

int ReplayFeed::copies(double t) {
  double f = options_.scale;
  if (options_.surge && t >= options_.surge_from_s && t < options_.surge_to_s)
    f *= options_.surge_factor;
  const double whole = std::floor(f);
  int n = static_cast<int>(whole);
  if (f > whole && key_.uniform(kReplayPurpose, kCopiesEntity, row_index_) < f - whole) ++n;
  return n;
}

bool ReplayFeed::next(model::RecordedArrival& out) {
  if (options_.bootstrap) {
    if (!resampled_row(out)) return false;
  } else {
    // The log was read up to the scenario's horizon; a shorter run stops earlier.
    if (next_row_ >= log_->rows()) return false;
    out = log_->row(next_row_);
    if (out.time > horizon_s_) return false;
    ++next_row_;
  }
  out.copies = copies(out.time);
  ++row_index_;
  return true;
}

}  // namespace gridplan::io
