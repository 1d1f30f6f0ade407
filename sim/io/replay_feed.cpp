// ReplayFeed: good rows of an event log in order, bad rows stopped at or set aside with their
// reason, copies drawn per row for scale and surge, whole days resampled for the bootstrap.
#include "gridplan/io/replay_feed.hpp"

#include <cmath>
#include <stdexcept>

namespace gridplan::io {

namespace {

// The perturbations' random purpose, clear of model::RandomPurpose (1..8) so that replaying
// with and without perturbations leaves every model draw as it was.
constexpr std::uint32_t kReplayPurpose = 0x100;
constexpr std::uint64_t kCopiesEntity = 1;     // index: row handed on
constexpr std::uint64_t kBootstrapEntity = 2;  // index: day of the run

// More copies of one row than this is a typo, not a what-if.
constexpr double kMaxFactor = 1000;

}  // namespace

std::string rejected_path(const std::string& log_path) {
  const std::string ext = ".csv";
  const bool csv = log_path.size() > ext.size() &&
                   log_path.compare(log_path.size() - ext.size(), ext.size(), ext) == 0;
  return (csv ? log_path.substr(0, log_path.size() - ext.size()) : log_path) + ".rejected.csv";
}

ReplayFeed::ReplayFeed(const ReplayOptions& options, const model::Scenario& scenario,
                       std::uint64_t replication, double horizon_s, double lookahead_s)
    : options_(options),
      reader_(options.path, scenario, lookahead_s),
      key_(scenario.seed, replication),
      horizon_s_(horizon_s),
      lookahead_s_(lookahead_s) {
  const auto factor_ok = [](double f) { return std::isfinite(f) && f >= 0 && f <= kMaxFactor; };
  if (!factor_ok(options.scale) ||
      (options.surge &&
       (!factor_ok(options.surge_factor) || options.scale * options.surge_factor > kMaxFactor)))
    throw std::invalid_argument("replay: scale and surge factors must be in [0, 1000]");
  if (options.surge && !(options.surge_from_s < options.surge_to_s))
    throw std::invalid_argument("replay: the surge must end after it starts");
  for (const auto& s : scenario.sources) patrol_.push_back(s.found_by_worker);
  if (options.skip_bad_rows) {
    const std::string path = rejected_path(options.path);
    InputFiles log;
    log.add(options.path);
    check_output_path(path, log, "--skip-bad-rows");
    rejected_file_ = std::make_unique<OutputFile>(path);
    for (const auto& h : reader_.header()) rejected_rows_ += csv_quote(h) + ",";
    rejected_rows_ += "line,reason\n";
  }
  if (options.bootstrap) {
    run_days_ = scenario.days;
    index_days();
  }
}

void ReplayFeed::set_aside(const BadRow& bad) {
  if (!options_.skip_bad_rows) throw EventLogError(bad.message());
  ++rejected_;
  // The row in the header's columns where it split into no more fields than the header has;
  // otherwise its whole text in the first column. Then its line and the reason.
  const std::size_t columns = reader_.header().size();
  std::string row;
  if (!bad.fields.empty() && bad.fields.size() <= columns) {
    for (std::size_t i = 0; i < columns; ++i)
      row += (i < bad.fields.size() ? csv_quote(bad.fields[i]) : "") + ",";
  } else {
    row = csv_quote(bad.text) + "," + std::string(columns - 1, ',');
  }
  const std::string reason = (bad.column.empty() ? "" : "column " + bad.column + ": ") + bad.reason;
  rejected_rows_ += row + std::to_string(bad.line) + ',' + csv_quote(reason) + '\n';
  if (rejected_rows_.size() > (std::size_t{1} << 20)) {
    rejected_file_->write(rejected_rows_);
    rejected_rows_.clear();
  }
}

std::string ReplayFeed::finish() {
  if (!rejected_file_) return "";
  rejected_file_->write(rejected_rows_);
  rejected_rows_.clear();
  rejected_file_->commit();
  const std::string path = rejected_file_->path();
  rejected_file_.reset();
  return path;
}

bool ReplayFeed::read_row(model::RecordedArrival& row) {
  while (!done_) {
    switch (reader_.next(row, bad_)) {
      case EventLogReader::Status::kEnd:
        done_ = true;
        break;
      case EventLogReader::Status::kBad:
        set_aside(bad_);
        break;
      case EventLogReader::Status::kRow:
        if (row.time > horizon_s_) {
          done_ = true;  // the rest of the log lies beyond the run
          break;
        }
        ++accepted_;
        return true;
    }
  }
  return false;
}

void ReplayFeed::index_days() {
  model::RecordedArrival row;
  for (;;) {
    const auto status = reader_.next(row, bad_);
    if (status == EventLogReader::Status::kEnd) break;
    if (status == EventLogReader::Status::kBad) {
      set_aside(bad_);
      continue;
    }
    ++accepted_;
    const int day = kernel::Calendar::day_of(row.time);
    if (days_.empty()) first_day_ = day;
    const auto k = static_cast<std::size_t>(day - first_day_);
    if (k >= days_.size()) days_.resize(k + 1);
    if (!days_[k].any) days_[k] = {reader_.line_offset(), reader_.line_number(), true};
  }
  if (days_.empty())
    throw EventLogError(options_.path + ": no rows to resample (--replay-bootstrap)");
}

bool ReplayFeed::resampled_row(model::RecordedArrival& row) {
  for (;;) {
    if (!in_day_) {
      if (++run_day_ >= run_days_) return false;
      const double u = key_.uniform(kReplayPurpose, kBootstrapEntity, run_day_);
      log_day_ = std::min(static_cast<int>(u * static_cast<double>(days_.size())),
                          static_cast<int>(days_.size()) - 1);
      const DayStart& start = days_[log_day_];
      if (!start.any) continue;  // a day of the log without cases
      reader_.seek(start.offset, start.line);
      in_day_ = true;
    }
    const auto status = reader_.next(row, bad_);
    // Bad rows were counted and set aside when the days were indexed.
    if (status == EventLogReader::Status::kBad) continue;
    const int day = first_day_ + log_day_;
    if (status == EventLogReader::Status::kEnd || kernel::Calendar::day_of(row.time) != day) {
      in_day_ = false;
      continue;
    }
    row.time += static_cast<double>(run_day_ - day) * kernel::kDay;
    // A patrol case moved to the first minutes of the run comes at the lookahead instead.
    if (patrol_[row.source] && row.time < lookahead_s_) row.time = lookahead_s_;
    return true;
  }
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
  if (!(options_.bootstrap ? resampled_row(out) : read_row(out))) return false;
  out.copies = copies(out.time);
  ++row_index_;
  return true;
}

}  // namespace gridplan::io
